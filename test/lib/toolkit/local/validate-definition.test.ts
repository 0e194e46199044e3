import { createInterpreter } from '../../../../lib/toolkit/asl/interpreter';
import { validateStateMachineDefinition } from '../../../../lib/toolkit/local/validate-definition';

const engine = createInterpreter();
const validate = (
  definition: unknown,
  options: { type?: string; severity?: string; maxResults?: number } = {},
) =>
  validateStateMachineDefinition(
    { definition: typeof definition === 'string' ? definition : JSON.stringify(definition), ...options },
    engine,
  );
const pass = { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } };

/** The answers AWS recorded (LocalStack's test_sfn_api_validation snapshot), and the options' limits. */
describe('validateStateMachineDefinition', () => {
  it('answers OK with no diagnostics for a valid definition, of either type', () => {
    expect(validate(pass)).toEqual({ result: 'OK', diagnostics: [], truncated: false });
    expect(validate(pass, { type: 'EXPRESS' })).toEqual({ result: 'OK', diagnostics: [], truncated: false });
  });

  it('reports what is not a definition as AWS does', () => {
    expect(validate('')).toEqual({
      result: 'FAIL',
      truncated: false,
      diagnostics: [
        {
          code: 'SCHEMA_VALIDATION_FAILED',
          message: 'Definition must be a valid JSON object',
          severity: 'ERROR',
        },
      ],
    });
    expect(validate('not a definition').diagnostics).toEqual([
      {
        code: 'INVALID_JSON_DESCRIPTION',
        location: '[Source: (String)"not a definition"; line: 1, column: 4]',
        message:
          "Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')\n" +
          ' at [Source: (String)"not a definition"; line: 1, column: 4]',
        severity: 'ERROR',
      },
    ]);
    expect(validate({}).diagnostics).toEqual([
      {
        code: 'SCHEMA_VALIDATION_FAILED',
        location: '/',
        message: 'These fields are required: [States, StartAt]',
        severity: 'ERROR',
      },
    ]);
    expect(validate({ States: pass.States }).diagnostics).toEqual([
      {
        code: 'SCHEMA_VALIDATION_FAILED',
        location: '/',
        message: 'These fields are required: [StartAt]',
        severity: 'ERROR',
      },
    ]);
  });

  it('splits the parser’s problems into code, message and location', () => {
    const downgrade = {
      QueryLanguage: 'JSONata',
      StartAt: 'Pass',
      States: { Pass: { Type: 'Pass', QueryLanguage: 'JSONPath', End: true } },
    };
    expect(validate(downgrade).diagnostics).toEqual([
      {
        code: 'SCHEMA_VALIDATION_FAILED',
        location: '/States/Pass',
        message: "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine",
        severity: 'ERROR',
      },
    ]);
    const missing = { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'Nowhere' } } };
    expect(validate(missing).diagnostics).toContainEqual({
      code: 'MISSING_TRANSITION_TARGET',
      location: '/States/A/Next',
      message: "Missing 'Next' target: Nowhere",
      severity: 'ERROR',
    });
  });

  it('refuses callbacks in an Express machine only', () => {
    const wait = {
      StartAt: 'SendMessageWithWait',
      States: {
        SendMessageWithWait: {
          Type: 'Task',
          Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
          Parameters: { QueueUrl: 'q', MessageBody: { 'token.$': '$$.Task.Token' } },
          End: true,
        },
      },
    };
    expect(validate(wait).result).toBe('OK');
    expect(validate(wait, { type: 'EXPRESS' }).diagnostics).toEqual([
      {
        code: 'SCHEMA_VALIDATION_FAILED',
        location: '/States/SendMessageWithWait/Resource',
        message: "Express state machine does not support '.waitForTaskToken' service integration ",
        severity: 'ERROR',
      },
    ]);
  });

  it('keeps to maxResults, says when it truncated, and refuses options out of range', () => {
    const broken = {
      StartAt: 'A',
      States: { A: { Type: 'Pass', Next: 'X' }, B: { Type: 'Pass', Next: 'Y' } },
    };
    const all = validate(broken);
    expect(all.diagnostics.length).toBeGreaterThan(1);
    expect(validate(broken, { maxResults: 1 })).toMatchObject({
      result: 'FAIL',
      truncated: true,
      diagnostics: [all.diagnostics[0]],
    });
    expect(validate(broken, { severity: 'WARNING' }).diagnostics).toEqual(all.diagnostics);
    expect(() => validate(pass, { maxResults: 101 })).toThrow(
      "1 validation error detected: Value '101' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100",
    );
    expect(() => validate(pass, { severity: 'INFO' })).toThrow(
      /Member must satisfy enum value set: \[ERROR, WARNING\]/,
    );
    expect(() => validate(pass, { type: 'FAST' })).toThrow(/at 'type'/);
  });
});
