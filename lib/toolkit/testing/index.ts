/**
 * `order-workflow/testing`: run your CDK app's state machines in your own tests (jest, node:test,
 * vitest) — their synthesized definitions and real Lambda bundles, Task states mocked per state and
 * attempt, Wait states and retry back-offs on a virtual clock.
 *
 * ```ts
 * const harness = await Harness.start({ app: 'cdk.out' });
 * const result = await harness.stateMachine('MyStack/Flow').run({ id: 1 }, { mocks: { Charge: { return: {} } } });
 * expect(result.path).toEqual(['Validate', 'Charge', 'Done']);
 * await harness.close();
 * ```
 */
export { Harness, HarnessStateMachine } from './harness';
export type { ExecutionResult, HarnessOptions, RunOptions, StateVisit, Synthesizable } from './harness';
export type { InlineMocks, MockedAttempt } from './inline-mocks';
export { StaleAssemblyError } from './stale-assembly';
export type { RecordedSqsMessage } from '../local/messaging/sqs-recorder';
export type { RecordedEvent } from '../local/messaging/event-bus-recorder';
