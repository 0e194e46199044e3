/**
 * Our Amazon States Language interpreter (JSONPath and JSONata): the public surface. The local runtime
 * needs only {@link createInterpreter} and a clock; the rest is for tests and tools.
 */
export * from './engine';
export { createInterpreter } from './interpreter';
export { realClock, VirtualClock } from './clock';
export type { VirtualClockOptions } from './clock';
export { validateDefinition } from './validate';
export { StatesErrors } from './errors';
export { TestStateInvalidDefinition, TestStateValidationError } from './test-state';
