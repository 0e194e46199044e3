import { MockConfig } from '../local/mock-config';

/** One attempt's mocked response: the value the task returns, or the error it fails with. */
export type MockedAttempt =
  { readonly return: unknown } | { readonly throw: { readonly error: string; readonly cause?: string } };

/**
 * Mocked Task states of one execution, by state name: one response for every attempt, or a list
 * whose n-th entry answers the n-th attempt (a retried task sees the next one).
 */
export type InlineMocks = Readonly<Record<string, MockedAttempt | readonly MockedAttempt[]>>;

/** The test case name inline mocks run under (it shows in the execution's record). */
export const INLINE_TEST_CASE = 'inline';

/**
 * Inline mocks as a Step Functions Local mock configuration for one state machine, so that they are
 * served exactly as a mock configuration file is: one reading of mocked responses, not two.
 */
export function inlineMockConfig(stateMachineName: string, mocks: InlineMocks): MockConfig {
  const testCase: Record<string, string> = {};
  const responses: Record<string, Record<string, unknown>> = {};
  Object.entries(mocks).forEach(([state, mocked], index) => {
    const attempts = Array.isArray(mocked) ? mocked : [mocked];
    const name = `mock${index}`;
    testCase[state] = name;
    responses[name] = Object.fromEntries(
      attempts.map((attempt, n) => [String(n), asResponse(attempt, state)]),
    );
  });
  return MockConfig.parse({
    StateMachines: { [stateMachineName]: { TestCases: { [INLINE_TEST_CASE]: testCase } } },
    MockedResponses: responses,
  });
}

function asResponse(attempt: MockedAttempt, state: string): unknown {
  if (attempt && typeof attempt === 'object' && 'return' in attempt) return { Return: attempt.return };
  if (attempt && typeof attempt === 'object' && 'throw' in attempt) {
    return { Throw: { Error: attempt.throw?.error, Cause: attempt.throw?.cause } };
  }
  throw new Error(`mocks["${state}"]: each attempt is { return: value } or { throw: { error, cause? } }`);
}
