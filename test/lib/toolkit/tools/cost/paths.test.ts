import { requireStateMachine } from '../../../../../lib/toolkit/asl/model';
import { EnumerateOptions, enumeratePaths, WorkflowPath } from '../../../../../lib/toolkit/tools/cost/paths';

/** The paths of a definition, parsed. */
const pathsOf = (definition: object, options?: EnumerateOptions) =>
  enumeratePaths(requireStateMachine(definition), options);

const lambda = (name: string, rest: Record<string, unknown> = {}) => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke',
  Parameters: { FunctionName: `arn:aws:lambda:us-east-1:123456789012:function:${name}`, 'Payload.$': '$' },
  ...rest,
});

/** The states each path enters, by path id. */
function routes(paths: readonly WorkflowPath[]): Record<string, string> {
  return Object.fromEntries(paths.map((p) => [p.id, p.steps.map((s) => s.state).join(' > ')]));
}

/** A small order flow: a Choice, a Catch with a named error and a wildcard, a failure router. */
const ORDER_FLOW = {
  StartAt: 'Check',
  States: {
    Check: lambda('check', { ResultPath: '$.check', Next: 'In Stock?' }),
    'In Stock?': {
      Type: 'Choice',
      Choices: [{ Variable: '$.check.inStock', BooleanEquals: true, Next: 'Pay' }],
      Default: 'Sold Out',
    },
    'Sold Out': { Type: 'Succeed' },
    Pay: lambda('pay', {
      ResultPath: '$.payment',
      Next: 'Ship',
      Catch: [
        { ErrorEquals: ['Declined'], ResultPath: '$.error', Next: 'Why?' },
        { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Why?' },
      ],
    }),
    Ship: lambda('ship', {
      ResultPath: '$.shipment',
      End: true,
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Why?' }],
    }),
    'Why?': {
      Type: 'Choice',
      Choices: [
        { Variable: '$.error.Error', StringEquals: 'Declined', Next: 'Declined' },
        { Variable: '$.payment', IsPresent: true, Next: 'Not Shipped' },
      ],
      Default: 'Not Paid',
    },
    Declined: { Type: 'Fail', Error: 'PaymentDeclined' },
    'Not Shipped': { Type: 'Fail', Error: 'ShippingFailed' },
    'Not Paid': { Type: 'Fail', Error: 'PaymentFailed' },
  },
};

describe('enumeratePaths', () => {
  it('follows Next, every Choice rule and Default, and every Catch, to each Succeed, Fail and End', () => {
    const { paths } = pathsOf(ORDER_FLOW);
    expect(routes(paths)).toEqual({
      Ship: 'Check > In Stock? > Pay > Ship',
      'Not Shipped': 'Check > In Stock? > Pay > Ship > Why? > Not Shipped',
      Declined: 'Check > In Stock? > Pay > Why? > Declined',
      'Not Paid': 'Check > In Stock? > Pay > Why? > Not Paid',
      'Sold Out': 'Check > In Stock? > Sold Out',
    });
    const byId = Object.fromEntries(paths.map((p) => [p.id, p]));
    expect(byId.Ship.status).toBe('SUCCEEDED');
    expect(byId['Sold Out'].status).toBe('SUCCEEDED');
    expect([byId.Declined.status, byId.Declined.error, byId.Declined.caughtAt]).toEqual([
      'FAILED',
      'PaymentDeclined',
      ['Pay'],
    ]);
    expect(byId['Not Shipped'].caughtAt).toEqual(['Ship']);
  });

  it('drops the Choice branches a path rules out by what it wrote: the caught error’s name, a field not yet written', () => {
    // Declined after Pay's named catch can only be "Declined"; Pay's wildcard excludes it; Ship
    // failing leaves $.payment written, so it is "Not Shipped", never "Not Paid" or "Declined".
    const pruned = pathsOf(ORDER_FLOW);
    const unpruned = pathsOf(ORDER_FLOW, { prune: false });
    expect(pruned.paths).toHaveLength(5);
    // Unpruned, both catches of Pay and Ship's reach every end of "Why?" (Pay's two catchers enter
    // the same states, so they are one path each).
    expect(unpruned.paths.map((p) => p.id).sort()).toEqual(
      [
        'Ship',
        'Sold Out',
        ...['Declined', 'Not Shipped', 'Not Paid'].flatMap((end) => [
          `${end} (Pay failed)`,
          `${end} (Ship failed)`,
        ]),
      ].sort(),
    );
    expect(pruned.pruned).toBeGreaterThan(0);
    expect(unpruned.pruned).toBe(0);
  });

  it('keeps both branches of a rule on data the path cannot know', () => {
    const { paths } = pathsOf(ORDER_FLOW);
    expect(paths.map((p) => p.id)).toEqual(expect.arrayContaining(['Sold Out', 'Ship']));
  });

  it('names paths that end in the same state after the state whose failure led there', () => {
    const definition = {
      StartAt: 'A',
      States: {
        A: lambda('a', { Next: 'B', Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Broken' }] }),
        B: lambda('b', { Next: 'Done', Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Broken' }] }),
        Done: { Type: 'Succeed' },
        Broken: { Type: 'Fail', Error: 'Broken' },
      },
    };
    expect(pathsOf(definition).paths.map((p) => p.id)).toEqual([
      'Done',
      'Broken (B failed)',
      'Broken (A failed)',
    ]);
  });

  it('counts a Catch that goes where Next goes as the same path', () => {
    const definition = {
      StartAt: 'Write',
      States: {
        Write: {
          Type: 'Task',
          Resource: 'arn:aws:states:::dynamodb:updateItem',
          Next: 'Done',
          Catch: [
            { ErrorEquals: ['DynamoDB.ConditionalCheckFailedException'], ResultPath: null, Next: 'Done' },
          ],
        },
        Done: { Type: 'Succeed' },
      },
    };
    const { paths } = pathsOf(definition);
    expect(paths).toHaveLength(1);
    expect(paths[0].steps[0].exit).toBe('next');
  });

  it('ends a path in States.NoChoiceMatched when no rule may match and there is no Default', () => {
    const definition = {
      StartAt: 'Route',
      States: {
        Route: { Type: 'Choice', Choices: [{ Variable: '$.kind', StringEquals: 'a', Next: 'A' }] },
        A: { Type: 'Pass', End: true },
      },
    };
    const { paths } = pathsOf(definition);
    expect(paths.map((p) => [p.id, p.status, p.error ?? ''])).toEqual([
      ['A', 'SUCCEEDED', ''],
      ['Route: no rule matched', 'FAILED', 'States.NoChoiceMatched'],
    ]);
  });

  describe('loops', () => {
    const polling = {
      StartAt: 'Start Job',
      States: {
        'Start Job': lambda('start', { ResultPath: '$.job', Next: 'Wait' }),
        Wait: { Type: 'Wait', Seconds: 5, Next: 'Poll' },
        Poll: lambda('poll', { ResultPath: '$.job', Next: 'Done?' }),
        'Done?': {
          Type: 'Choice',
          Choices: [{ Variable: '$.job.done', BooleanEquals: true, Next: 'Finished' }],
          Default: 'Wait',
        },
        Finished: { Type: 'Succeed' },
      },
    };

    it('follows no loop by default, reporting it, and bounds how often a state is entered', () => {
      const once = pathsOf(polling);
      expect(routes(once.paths)).toEqual({ Finished: 'Start Job > Wait > Poll > Done? > Finished' });
      expect(once.cycles).toEqual([['Wait', 'Poll', 'Done?', 'Wait']]);

      const twice = pathsOf(polling, { maxVisits: 2 });
      expect(twice.paths.map((p) => p.steps.length)).toEqual([5, 8]);
      expect(twice.paths.map((p) => p.id)).toEqual([
        'Finished (Done? → Finished)',
        'Finished (Done? → Wait, Done? → Finished)',
      ]);
    });

    it('refuses a definition whose every path loops, naming the loop', () => {
      // The job is not there on the first visit (Start Job writes it): the way out needs a loop.
      const endless = {
        StartAt: 'Ready?',
        States: {
          'Ready?': {
            Type: 'Choice',
            Choices: [{ Variable: '$.job', IsPresent: true, Next: 'Finished' }],
            Default: 'Start Job',
          },
          'Start Job': lambda('start', { ResultPath: '$.job', Next: 'Ready?' }),
          Finished: { Type: 'Succeed' },
        },
      };
      expect(() => pathsOf(endless)).toThrow(
        'no path from "Ready?" reaches an end without entering a state more than 1 time(s) (loops: Ready? → Start Job → Ready?)',
      );
      expect(pathsOf(endless, { maxVisits: 2 }).paths.map((p) => p.terminal)).toEqual(['Finished']);
    });
  });

  it('refuses a definition AWS would refuse, with the problems AWS would report', () => {
    expect(() => pathsOf({ StartAt: 'Nope', States: {} })).toThrow(
      "the definition is not a valid state machine: SCHEMA_VALIDATION_FAILED: The field 'States' must be a non-empty JSON object at /States",
    );
    expect(() => pathsOf({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' } } })).toThrow(
      "MISSING_TRANSITION_TARGET: Missing 'Next' target: B at /States/A/Next",
    );
    expect(() => pathsOf({ StartAt: 'A', States: { A: { Type: 'Pass' } } })).toThrow(
      'SCHEMA_VALIDATION_FAILED: Exactly one of these fields must be provided: [Next, End] at /States/A',
    );
    const endless = {
      StartAt: 'Ping',
      States: { Ping: { Type: 'Pass', Next: 'Pong' }, Pong: { Type: 'Pass', Next: 'Ping' } },
    };
    expect(() => pathsOf(endless)).toThrow('MISSING_END_STATE: Workflow has no terminal state');
  });

  it('refuses more distinct paths than maxPaths', () => {
    // Ten two-way choices in a row: 1,024 paths.
    const states: Record<string, unknown> = {};
    for (let i = 0; i < 10; i++) {
      states[`C${i}`] = {
        Type: 'Choice',
        Choices: [{ Variable: `$.x${i}`, BooleanEquals: true, Next: `L${i}` }],
        Default: `R${i}`,
      };
      const next = i === 9 ? { End: true } : { Next: `C${i + 1}` };
      states[`L${i}`] = { Type: 'Pass', ...next };
      states[`R${i}`] = { Type: 'Pass', ...next };
    }
    expect(pathsOf({ StartAt: 'C0', States: states }).paths).toHaveLength(1024);
    expect(() => pathsOf({ StartAt: 'C0', States: states }, { maxPaths: 1000 })).toThrow(
      'more than 1000 distinct paths',
    );
  });
});
