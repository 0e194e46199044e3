export * from './order';
export * from './errors';
export * from './environment';
