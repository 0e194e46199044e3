import type { TestStateRequest } from '../asl/engine';
import type { ExecutionTarget } from '../local/local-runtime';
import { inputTooLarge, MAX_PAYLOAD_BYTES } from '../local/request-rules';
import { stepFunctionsErrors } from '../local/step-functions-errors';
import { wireErrors } from './api-error';

/**
 * Reading a Step Functions API request (awsJson1_0): its fields by type, the JSON text it carries
 * (an execution's `input`, a state machine's `definition`) as values, and Step Functions Local's
 * `#TestCase` suffix on a state machine ARN. The runtime sees none of this.
 */
export type Request = Record<string, unknown>;

export function required(request: Request, field: string): string {
  const value = request[field];
  if (typeof value !== 'string') {
    throw wireErrors.validation(
      value === undefined || value === null
        ? `1 validation error detected: Value null at '${field}' failed to satisfy constraint: Member must not be null`
        : `Start of structure or map found where not expected: '${field}' must be a string`,
    );
  }
  return value;
}

export function optionalString(request: Request, field: string): string | undefined {
  const value = request[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw wireErrors.serialization(`'${field}' must be a string`);
  return value;
}

/** A state machine ARN where the runtime takes one: a `#TestCase` suffix names no other machine. */
export function stateMachineArn(request: Request): string {
  return executionTarget(required(request, 'stateMachineArn')).stateMachine;
}

/** Step Functions Local's convention: `<stateMachineArn>#<TestCaseName>` runs under that test case. */
export function executionTarget(arn: string): ExecutionTarget {
  const hash = arn.indexOf('#');
  return hash < 0
    ? { stateMachine: arn }
    : { stateMachine: arn.slice(0, hash), testCase: arn.slice(hash + 1) };
}

/**
 * Execution input sent as text: its size as sent (AWS's quota counts the text), then its JSON.
 * Absent input is the runtime's default (`{}`).
 */
export function parseInput(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  if (Buffer.byteLength(text, 'utf8') > MAX_PAYLOAD_BYTES) throw inputTooLarge();
  try {
    return JSON.parse(text);
  } catch (error) {
    throw stepFunctionsErrors.invalidExecutionInput((error as Error).message);
  }
}

/** SendTaskSuccess's output, sent as JSON text: its value, or InvalidOutput naming what is wrong. */
export function parseOutput(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw stepFunctionsErrors.invalidOutput((error as Error).message);
  }
}

/** A definition sent as text, which CreateStateMachine requires. */
export function parseDefinition(text: string | undefined): unknown {
  if (text === undefined) throw stepFunctionsErrors.invalidDefinition('definition is required');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw stepFunctionsErrors.invalidDefinition(`INVALID_JSON_DESCRIPTION: ${(error as Error).message}`);
  }
}

/**
 * TestState's request: its text fields as they are (the engine parses them, in the order AWS
 * checks them, so the definition's problems come before the input's), the two structures if they
 * are objects.
 */
export function testStateRequest(request: Request): TestStateRequest {
  const structure = (field: string) => {
    const value = request[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'object' || Array.isArray(value))
      throw wireErrors.serialization(`'${field}' must be an object`);
    return value as Record<string, never>;
  };
  return {
    definition: optionalString(request, 'definition'),
    stateName: optionalString(request, 'stateName'),
    input: optionalString(request, 'input'),
    variables: optionalString(request, 'variables'),
    context: optionalString(request, 'context'),
    roleArn: optionalString(request, 'roleArn'),
    inspectionLevel: optionalString(request, 'inspectionLevel'),
    revealSecrets: request.revealSecrets === true,
    mock: structure('mock'),
    stateConfiguration: structure('stateConfiguration'),
  };
}
