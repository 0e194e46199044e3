export * from './catalogue';
export * from './field-reader';
export * from './notifications';
export * from './order-assessment';
export * from './order-validation';
