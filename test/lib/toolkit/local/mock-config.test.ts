import { MockConfig } from '../../../../lib/toolkit/local/mock-config';

const config = {
  StateMachines: {
    Orders: { TestCases: { Flaky: { Pay: 'FailTwice' }, Happy: {} } },
  },
  MockedResponses: {
    FailTwice: {
      '0-1': { Throw: { Error: 'Lambda.ServiceException', Cause: 'down' } },
      '2': { Return: { StatusCode: 200, Payload: { ok: true } } },
    },
  },
};

describe('MockConfig (Step Functions Local format)', () => {
  const mocks = MockConfig.parse(config);

  it('serves each attempt its response, ranges included', () => {
    expect(mocks.responseFor('Orders', 'Flaky', 'Pay', 0)).toEqual({
      kind: 'throw',
      error: 'Lambda.ServiceException',
      cause: 'down',
    });
    expect(mocks.responseFor('Orders', 'Flaky', 'Pay', 1)).toMatchObject({ kind: 'throw' });
    expect(mocks.responseFor('Orders', 'Flaky', 'Pay', 2)).toEqual({
      kind: 'return',
      value: { StatusCode: 200, Payload: { ok: true } },
    });
  });

  it('leaves states the test case does not mention to the real resource', () => {
    expect(mocks.responseFor('Orders', 'Flaky', 'Ship', 0)).toBeUndefined();
    expect(mocks.responseFor('Orders', 'Happy', 'Pay', 0)).toBeUndefined();
  });

  it('refuses an attempt past every range instead of repeating the last response', () => {
    expect(() => mocks.responseFor('Orders', 'Flaky', 'Pay', 3)).toThrow(
      'mock configuration: $.MockedResponses.FailTwice: no response for attempt 3 of state "Pay"',
    );
  });

  it.each([
    [{ StateMachines: [] }, '$.StateMachines: must be an object'],
    [{ Extra: {} }, '$.Extra: unknown field'],
    [
      { StateMachines: { M: { TestCases: { T: { S: 'Missing' } } } } },
      '$.StateMachines.M.TestCases.T.S: names "Missing", which is not in MockedResponses',
    ],
    [
      { MockedResponses: { R: { first: { Return: 1 } } } },
      '$.MockedResponses.R.first: attempt keys are numbers',
    ],
    [
      { MockedResponses: { R: { '3-1': { Return: 1 } } } },
      '$.MockedResponses.R.3-1: the range ends before it starts',
    ],
    [
      { MockedResponses: { R: { '0': { Return: 1, Throw: {} } } } },
      'must have exactly one of "Return" or "Throw"',
    ],
    [
      { MockedResponses: { R: { '0': { Throw: { Cause: 'x' } } } } },
      '$.MockedResponses.R.0.Throw.Error: must be a non-empty string',
    ],
  ])('refuses %j, naming the place', (raw, message) => {
    expect(() => MockConfig.parse(raw)).toThrow(message);
  });

  it('names the configured test cases when one is missing', () => {
    expect(() => mocks.requireTestCase('Orders', 'Nope')).toThrow(
      'no test case "Nope" (configured: Flaky, Happy)',
    );
    expect(() => mocks.requireTestCase('Other', 'Flaky')).toThrow(
      'no state machine named "Other" (configured: Orders)',
    );
  });
});
