import type { FunctionFacts, LoggingFacts } from '../../../../../lib/toolkit/tools/cost/app-facts';
import { requireStateMachine, type StateMachine } from '../../../../../lib/toolkit/asl/model';
import {
  CostAssumptions,
  estimateMonthlyCost,
  EstimateSubject,
} from '../../../../../lib/toolkit/tools/cost/estimate';
import { eventBytes } from '../../../../../lib/toolkit/tools/cost/log-volume';
import { resolveMix } from '../../../../../lib/toolkit/tools/cost/mix';
import { pathVariants } from '../../../../../lib/toolkit/tools/cost/path-metrics';
import { enumeratePaths } from '../../../../../lib/toolkit/tools/cost/paths';
import { BYTES_PER_GB, DEFAULT_PRICES } from '../../../../../lib/toolkit/tools/cost/prices';

const ARN = 'arn:aws:lambda:us-east-1:123456789012:function:';
const lambda = (name: string, rest: Record<string, unknown>) => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke',
  Parameters: { FunctionName: `${ARN}${name}`, 'Payload.$': '$' },
  ...rest,
});

/** Validate (arm64, 256 MB) → Charge (x86, 1 GB; on failure → Failed) → Record (DynamoDB) → Done. */
const DEFINITION_JSON = {
  StartAt: 'Validate',
  States: {
    Validate: lambda('Validate', { Next: 'Charge' }),
    Charge: lambda('Charge', { Next: 'Record', Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Failed' }] }),
    Record: { Type: 'Task', Resource: 'arn:aws:states:::dynamodb:putItem', Next: 'Done' },
    Done: { Type: 'Succeed' },
    Failed: { Type: 'Fail', Error: 'ChargeFailed' },
  },
};
const DEFINITION: StateMachine = requireStateMachine(DEFINITION_JSON);

/** What the estimate reads of a definition: its model, and its JSON's size. */
const subjectOf = (json: object, rest: Omit<EstimateSubject, 'definition' | 'definitionBytes'>) => ({
  definition: requireStateMachine(json),
  definitionBytes: Buffer.byteLength(JSON.stringify(json)),
  ...rest,
});

const FUNCTIONS: FunctionFacts[] = [
  { name: 'Validate', arn: `${ARN}Validate`, memoryMb: 256, architecture: 'arm64', timeoutSeconds: 3 },
  { name: 'Charge', arn: `${ARN}Charge`, memoryMb: 1024, architecture: 'x86_64', timeoutSeconds: 3 },
];

/** Round figures: a success takes 100 + 100 + 50 = 250 ms. */
const ASSUMPTIONS: CostAssumptions = {
  lambdaMs: 100,
  invokeOverheadMs: 0,
  serviceTaskMs: 50,
  stateOverheadMs: 0,
  mapIterations: 10,
  payloadKb: 2,
  errorCauseBytes: 200,
  freeTier: true,
};

function estimate(
  mix: Record<string, number>,
  options: { orders?: number; logging?: LoggingFacts; assumptions?: Partial<CostAssumptions> } = {},
) {
  const assumptions = { ...ASSUMPTIONS, ...options.assumptions };
  const variants = enumeratePaths(DEFINITION).paths.flatMap((p) => pathVariants(DEFINITION, p, assumptions));
  const subject: EstimateSubject = subjectOf(DEFINITION_JSON, {
    name: 'Orders',
    logging: options.logging ?? { level: 'OFF', includeExecutionData: false },
    functions: FUNCTIONS,
  });
  const { entries } = resolveMix(mix, variants);
  return estimateMonthlyCost(subject, entries, options.orders ?? 1_000_000, DEFAULT_PRICES, assumptions);
}

describe('the monthly estimate', () => {
  const allDone = estimate({ Done: 1 });

  it('prices Standard: 1,000,000 orders × 4 transitions, less 4,000 free, at $0.025 per 1,000 = $99.90', () => {
    expect(allDone.standard.transitions).toBe(4_000_000);
    expect(allDone.standard.cost).toBeCloseTo(99.9, 10);
  });

  it('prices Express: $1 per million requests plus 250 ms billed as 300 ms at 64 MB = 18,750 GB-s × $0.06/GB-hour', () => {
    expect(allDone.express.memoryMb).toBe(64);
    expect(allDone.mix[0].billedMs).toBe(300);
    expect(allDone.express.gbSeconds).toBeCloseTo(1_000_000 * 0.3 * (64 / 1024), 6);
    expect(allDone.express.requestCost).toBeCloseTo(1, 10);
    expect(allDone.express.durationCost).toBeCloseTo((18_750 / 3600) * 0.06, 10);
    expect(allDone.express.cost).toBeCloseTo(1.3125, 10);
  });

  it('bills a whole further 100 ms step as soon as an execution runs a millisecond over', () => {
    const over = estimate({ Done: 1 }, { assumptions: { stateOverheadMs: 12.75 } }); // 250 + 4 × 12.75 = 301 ms
    expect(over.mix[0].billedMs).toBe(400);
    expect(over.express.gbSeconds).toBeCloseTo(1_000_000 * 0.4 * (64 / 1024), 6);
  });

  it('bills Express memory in 64 MB steps: a large payload across a Map moves it to 128 MB', () => {
    const subject = subjectOf(
      {
        StartAt: 'Each',
        States: {
          Each: {
            Type: 'Map',
            ItemProcessor: { StartAt: 'Item', States: { Item: { Type: 'Pass', End: true } } },
            End: true,
          },
        },
      },
      { name: 'M', logging: { level: 'OFF', includeExecutionData: false }, functions: [] },
    );
    const withMap = subject.definition;
    const variants = enumeratePaths(withMap).paths.flatMap((p) => pathVariants(withMap, p, ASSUMPTIONS));
    const { entries } = resolveMix({ Each: 1 }, variants);
    const small = estimateMonthlyCost(subject, entries, 1000, DEFAULT_PRICES, ASSUMPTIONS);
    const large = estimateMonthlyCost(subject, entries, 1000, DEFAULT_PRICES, {
      ...ASSUMPTIONS,
      payloadKb: 256,
      mapIterations: 100, // 256 KB × 100 = 25 MB over the 50 MB base
    });
    expect([small.express.memoryMb, large.express.memoryMb]).toEqual([64, 128]);
  });

  it('sums Lambda invocations and GB-seconds at each function’s memory, all inside the free tier here', () => {
    expect(allDone.lambda.functions).toEqual([
      {
        name: 'Validate',
        inApp: true,
        memoryMb: 256,
        architecture: 'arm64',
        invocations: 1e6,
        gbSeconds: 25_000,
      },
      {
        name: 'Charge',
        inApp: true,
        memoryMb: 1024,
        architecture: 'x86_64',
        invocations: 1e6,
        gbSeconds: 100_000,
      },
    ]);
    // 2M requests, 1M free: $0.20; 125,000 GB-s is inside the 400,000 free.
    expect(allDone.lambda.requestCost).toBeCloseTo(0.2, 10);
    expect(allDone.lambda.durationCost).toBe(0);
  });

  it('prices Lambda without the free tier at each architecture’s rate', () => {
    const paid = estimate({ Done: 1 }, { assumptions: { freeTier: false } });
    expect(paid.lambda.requestCost).toBeCloseTo(0.4, 10);
    expect(paid.lambda.durationCost).toBeCloseTo(100_000 * 0.0000166667 + 25_000 * 0.0000133334, 10);
    expect(paid.standard.cost).toBeCloseTo(100, 10); // and Standard without its 4,000 free transitions
  });

  it('spends the 400,000 free GB-seconds on x86 first, the dearer rate', () => {
    const long = estimate({ Done: 1 }, { assumptions: { lambdaMs: 2000 } });
    // x86: 1M × 2 s × 1 GB = 2,000,000 GB-s, 400,000 free; arm64: 1M × 2 s × 0.25 GB = 500,000 GB-s.
    expect(long.lambda.durationCost).toBeCloseTo(1_600_000 * 0.0000166667 + 500_000 * 0.0000133334, 8);
  });

  it('splits the volume by the mix: 90% succeed, 10% fail at Charge', () => {
    const mixed = estimate({ Done: 0.9, Failed: 0.1 });
    expect(mixed.standard.transitions).toBeCloseTo(900_000 * 4 + 100_000 * 3, 6);
    expect(mixed.lambda.requests).toBeCloseTo(2_000_000, 6);
    expect(mixed.perOrder.transitions).toBeCloseTo(3.9, 10);
  });

  describe('CloudWatch Logs ingestion, by logging level', () => {
    const sizes = { payloadBytes: 2048, errorCauseBytes: 200 };
    const logged = (level: LoggingFacts['level'], includeExecutionData = true) =>
      estimate({ Done: 0.5, Failed: 0.5 }, { orders: 1000, logging: { level, includeExecutionData } }).logs;

    it('writes nothing at OFF', () => {
      expect(logged('OFF').bytes).toBe(0);
      expect(logged('OFF').cost).toBe(0);
    });

    it('writes only the failed executions’ ExecutionFailed at FATAL', () => {
      expect(logged('FATAL').bytes).toBe(500 * eventBytes('ExecutionFailed', true, 'Orders', sizes));
    });

    it('writes the failure events at ERROR: TaskFailed, FailStateEntered, ExecutionFailed', () => {
      const perFailure = ['TaskFailed', 'FailStateEntered', 'ExecutionFailed'].reduce(
        (sum, type) => sum + eventBytes(type, true, 'Orders', sizes),
        0,
      );
      expect(logged('ERROR').bytes).toBe(500 * perFailure);
    });

    it('writes every event at ALL, each data-carrying one with the payload, and prices it as vended logs', () => {
      const all = logged('ALL');
      const withoutData = logged('ALL', false);
      // A success: ExecutionStarted/Succeeded, 3 × (Entered, Scheduled, Succeeded, Exited), Succeed's
      // Entered/Exited: 16 data-carrying events. A failure at Charge: Started, 2 × Entered,
      // 2 × Scheduled, 1 TaskSucceeded, 2 × Exited, FailStateEntered: 9.
      const payload = Math.ceil(2048 * 1.1);
      expect(all.bytes - withoutData.bytes).toBe(500 * 16 * payload + 500 * 9 * payload);
      expect(all.cost).toBeCloseTo((all.bytes / BYTES_PER_GB) * 0.5, 12);
    });
  });
});
