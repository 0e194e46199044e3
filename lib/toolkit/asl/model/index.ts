/**
 * The typed model of an Amazon States Language definition, the parser that makes it, and the
 * classifier of Task resources: what the interpreter, validation, the local runtime's dispatcher
 * and faults, the cost advisor and the diagram read instead of raw JSON.
 */
export * from './state-machine';
export * from './resource';
export { parseDefinition } from './parse';
export type { ParsedDefinition } from './parse';
export { InvalidDefinitionError, requireStateMachine } from './valid-machine';
export { catchersOf, childMachines, nextOf, retriersOf, taskArguments } from './fields';
export { buildStateMachine, NotAStateMachine } from './build';
export { COMPARISON_OPERATORS, TYPE_TESTS } from './choice-operators';
export type { Comparison, ComparisonKind, ComparisonRelation } from './choice-operators';
