import type { ExecutionStatus } from '../asl/engine';
import { nestsDeeperThan } from '../asl/json';
import type { StateMachineType } from './execution-store';
import { stepFunctionsErrors } from './step-functions-errors';

/**
 * What Step Functions accepts in a request, checked on values: names, the enums' values, and the
 * execution input's limits. The runtime checks every request with these; the API adapter calls
 * some of them before it parses a text field, so that errors keep their order.
 */

/** Maximum size of execution input and output, in bytes of UTF-8 (AWS's quota: 256 KiB). */
export const MAX_PAYLOAD_BYTES = 262_144;

/**
 * Deepest execution input the local runtime accepts: a document nested deeper is refused with
 * InvalidExecutionInput. A local limit (AWS documents none; its input fits in 256 KiB, which holds
 * 100,000 levels): copying state data is recursive, and ran out of stack at about 4,000 levels.
 */
export const MAX_INPUT_DEPTH = 1000;

const STATE_MACHINE_TYPES: readonly StateMachineType[] = ['STANDARD', 'EXPRESS'];
const EXECUTION_STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE'];

const STATE_MACHINE_NAME = /^[A-Za-z0-9_-]{1,80}$/;
/** What AWS allows in an execution name: no white space, brackets, wildcards, specials or controls. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what the rule excludes
const EXECUTION_NAME = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]{1,80}$/;

export function requireStateMachineName(name: string): string {
  if (!STATE_MACHINE_NAME.test(name)) throw stepFunctionsErrors.invalidName(name);
  return name;
}

export function requireExecutionName(name: string): string {
  if (!EXECUTION_NAME.test(name)) throw stepFunctionsErrors.invalidName(name);
  return name;
}

/** A state machine's type; STANDARD when none is given, as CreateStateMachine's default. */
export function requireStateMachineType(type: string | undefined): StateMachineType {
  if (type === undefined) return 'STANDARD';
  if ((STATE_MACHINE_TYPES as readonly string[]).includes(type)) return type as StateMachineType;
  throw enumError('type', type, STATE_MACHINE_TYPES);
}

export function requireStatusFilter(status: string | undefined): ExecutionStatus | undefined {
  if (status === undefined || EXECUTION_STATUSES.includes(status)) return status as ExecutionStatus;
  throw enumError('statusFilter', status, EXECUTION_STATUSES);
}

/** The refusal of input over {@link MAX_PAYLOAD_BYTES}, in AWS's wording as its clients report it. */
export function inputTooLarge() {
  return stepFunctionsErrors.validation(
    "1 validation error detected: Value at 'input' failed to satisfy constraint: Member must have size less than or equal to 262144 bytes in UTF-8 encoding",
  );
}

/**
 * Execution input as the execution receives it: the value as JSON (what AWS would be sent: Dates
 * become strings, `undefined` members vanish), refused when nested deeper than
 * {@link MAX_INPUT_DEPTH} or larger than {@link MAX_PAYLOAD_BYTES}, in that order.
 *
 * It runs on every execution, so the two walks are skipped where the text rules them out: nesting
 * past the limit takes two characters a level, and no UTF-16 unit takes more than 3 bytes of UTF-8.
 * A value too deep to serialize at all (past about 4,000 levels) fails JSON.stringify with a
 * RangeError, and is refused as too deep then.
 */
export function executionInput(value: unknown): { readonly value: unknown; readonly json: string } {
  let json: string;
  try {
    json = JSON.stringify(value) ?? 'null';
  } catch (error) {
    if (error instanceof RangeError && nestsDeeperThan(value, MAX_INPUT_DEPTH)) throw inputTooDeep();
    // A BigInt, a cycle, or an object whose toJSON throws: nothing AWS could be sent.
    throw stepFunctionsErrors.invalidExecutionInput((error as Error).message);
  }
  if (json.length > 2 * MAX_INPUT_DEPTH && nestsDeeperThan(value, MAX_INPUT_DEPTH)) throw inputTooDeep();
  if (json.length * 3 > MAX_PAYLOAD_BYTES && Buffer.byteLength(json, 'utf8') > MAX_PAYLOAD_BYTES) {
    throw inputTooLarge();
  }
  return { value: JSON.parse(json), json };
}

function inputTooDeep() {
  return stepFunctionsErrors.invalidExecutionInput(
    `nested deeper than ${MAX_INPUT_DEPTH} levels (the local runtime's limit)`,
  );
}

export function enumError(field: string, value: string, allowed: readonly string[]) {
  return stepFunctionsErrors.validation(
    `1 validation error detected: Value '${value}' at '${field}' failed to satisfy constraint: ` +
      `Member must satisfy enum value set: [${allowed.join(', ')}]`,
  );
}
