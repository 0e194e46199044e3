/**
 * Step Functions Local's mock configuration format, read unchanged: StateMachines → TestCases →
 * state name → a MockedResponses entry, whose keys are attempt numbers ("0", "1-2") and whose
 * values are `{ "Return": ... }` or `{ "Throw": { "Error", "Cause" } }`. A mocked response stands in
 * for any Task resource: Lambda, SNS, DynamoDB, any `arn:aws:states:::` integration.
 */

export type MockedResponse =
  | { readonly kind: 'return'; readonly value: unknown }
  | { readonly kind: 'throw'; readonly error: string; readonly cause: string };

interface AttemptRange {
  readonly from: number;
  readonly to: number;
  readonly response: MockedResponse;
}

/** Thrown when a mock configuration is malformed; the message names the place. */
export class MockConfigError extends Error {
  constructor(where: string, problem: string) {
    super(`mock configuration: ${where}: ${problem}`);
    this.name = 'MockConfigError';
  }
}

export class MockConfig {
  /** machine → test case → state → mocked response name */
  private readonly testCases = new Map<string, Map<string, Map<string, string>>>();
  private readonly responses = new Map<string, AttemptRange[]>();

  /** Parses and checks a whole configuration, so a mistake shows at load time, not mid-execution. */
  static parse(raw: unknown): MockConfig {
    const config = new MockConfig();
    const root = expectObject(raw, '$');
    for (const key of Object.keys(root)) {
      if (key !== 'StateMachines' && key !== 'MockedResponses') {
        throw new MockConfigError(`$.${key}`, 'unknown field (expected StateMachines and MockedResponses)');
      }
    }
    const responses = expectObject(root.MockedResponses ?? {}, '$.MockedResponses');
    for (const [name, attempts] of Object.entries(responses)) {
      config.responses.set(name, parseAttempts(attempts, `$.MockedResponses.${name}`));
    }
    const machines = expectObject(root.StateMachines ?? {}, '$.StateMachines');
    for (const [machine, machineConfig] of Object.entries(machines)) {
      const where = `$.StateMachines.${machine}`;
      const cases = expectObject(expectObject(machineConfig, where).TestCases, `${where}.TestCases`);
      const byCase = new Map<string, Map<string, string>>();
      for (const [testCase, states] of Object.entries(cases)) {
        const byState = new Map<string, string>();
        for (const [state, responseName] of Object.entries(
          expectObject(states, `${where}.TestCases.${testCase}`),
        )) {
          const at = `${where}.TestCases.${testCase}.${state}`;
          if (typeof responseName !== 'string')
            throw new MockConfigError(at, 'must name a MockedResponses entry');
          if (!config.responses.has(responseName)) {
            throw new MockConfigError(at, `names "${responseName}", which is not in MockedResponses`);
          }
          byState.set(state, responseName);
        }
        byCase.set(testCase, byState);
      }
      config.testCases.set(machine, byCase);
    }
    return config;
  }

  /** The test cases of a state machine, for listing and error messages. */
  testCaseNames(stateMachineName: string): string[] {
    return [...(this.testCases.get(stateMachineName)?.keys() ?? [])];
  }

  /** Checks that a machine has the test case, naming what exists when it does not. */
  requireTestCase(stateMachineName: string, testCase: string): void {
    const cases = this.testCases.get(stateMachineName);
    if (!cases) {
      throw new MockConfigError(
        '$.StateMachines',
        `no state machine named "${stateMachineName}" (configured: ${[...this.testCases.keys()].join(', ') || 'none'})`,
      );
    }
    if (!cases.has(testCase)) {
      throw new MockConfigError(
        `$.StateMachines.${stateMachineName}.TestCases`,
        `no test case "${testCase}" (configured: ${[...cases.keys()].join(', ') || 'none'})`,
      );
    }
  }

  /** Whether the test case mocks the state (whatever the attempt). */
  mocks(stateMachineName: string, testCase: string, stateName: string): boolean {
    return this.testCases.get(stateMachineName)?.get(testCase)?.has(stateName) ?? false;
  }

  /**
   * The response for a state's `attempt`-th invocation in one execution (0 first), or undefined when
   * the state is not mocked in the test case. An attempt past every range is an error: repeating the
   * last response silently would hide a test that retries more than it meant to.
   */
  responseFor(
    stateMachineName: string,
    testCase: string,
    stateName: string,
    attempt: number,
  ): MockedResponse | undefined {
    const responseName = this.testCases.get(stateMachineName)?.get(testCase)?.get(stateName);
    if (!responseName) return undefined;
    const range = this.responses.get(responseName)!.find((r) => attempt >= r.from && attempt <= r.to);
    if (!range) {
      throw new MockConfigError(
        `$.MockedResponses.${responseName}`,
        `no response for attempt ${attempt} of state "${stateName}"`,
      );
    }
    return range.response;
  }
}

function parseAttempts(raw: unknown, where: string): AttemptRange[] {
  const ranges: AttemptRange[] = [];
  for (const [key, value] of Object.entries(expectObject(raw, where))) {
    const match = /^(\d+)(?:-(\d+))?$/.exec(key);
    if (!match)
      throw new MockConfigError(`${where}.${key}`, 'attempt keys are numbers ("0") or ranges ("1-3")');
    const from = Number(match[1]);
    const to = match[2] === undefined ? from : Number(match[2]);
    if (to < from) throw new MockConfigError(`${where}.${key}`, 'the range ends before it starts');
    ranges.push({ from, to, response: parseResponse(value, `${where}.${key}`) });
  }
  if (ranges.length === 0) throw new MockConfigError(where, 'defines no attempt');
  return ranges;
}

function parseResponse(raw: unknown, where: string): MockedResponse {
  const value = expectObject(raw, where);
  const keys = Object.keys(value);
  if (keys.length !== 1 || (keys[0] !== 'Return' && keys[0] !== 'Throw')) {
    throw new MockConfigError(where, 'must have exactly one of "Return" or "Throw"');
  }
  if (keys[0] === 'Return') return { kind: 'return', value: value.Return };
  const thrown = expectObject(value.Throw, `${where}.Throw`);
  if (typeof thrown.Error !== 'string' || thrown.Error === '') {
    throw new MockConfigError(`${where}.Throw.Error`, 'must be a non-empty string');
  }
  if (thrown.Cause !== undefined && typeof thrown.Cause !== 'string') {
    throw new MockConfigError(`${where}.Throw.Cause`, 'must be a string');
  }
  return { kind: 'throw', error: thrown.Error, cause: (thrown.Cause as string | undefined) ?? '' };
}

function expectObject(value: unknown, where: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new MockConfigError(where, 'must be an object');
  }
  return value as Record<string, unknown>;
}
