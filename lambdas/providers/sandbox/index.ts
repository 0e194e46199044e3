export * from './sandbox-cards';
export * from './sandbox-flakiness';
export * from './sandbox-ids';
export * from './sandbox-inventory';
export * from './sandbox-payments';
export * from './sandbox-shipping';
