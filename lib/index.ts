/** What another CDK app imports: the construct, its parts and props, and the shared order contract. */
export * from './construct/order-workflow';
export * from './construct/alarm-thresholds';
export * from './construct/definition';
export * from './construct/encrypted-topic';
export * from './construct/order-step-function';
export * from './construct/retry-policy';
export * from './construct/state-names';
export * from './construct/validation';
export * from './construct/workflow-metrics';
export * from './construct/workflow-monitoring';
export * from '../lambdas/shared';
