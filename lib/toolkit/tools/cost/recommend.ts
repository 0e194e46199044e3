/**
 * Standard or Express: first what rules one out (the constraints AWS documents in "Standard vs.
 * Express Workflows"), then, when both remain, the cheaper one.
 *
 * Express is ruled out by: a run that can last over five minutes; `.sync` or `.waitForTaskToken`
 * integrations and activities (Express supports neither); a stated need for exactly-once execution
 * (asynchronous Express runs at least once, synchronous at most once); a stated need for execution
 * history through the API (Express keeps none: only its CloudWatch Logs, delivered best effort).
 * Nothing in the definition rules Standard out; its throughput quota is a consideration.
 * When both remain and their monthly costs are within 5% (or $1) of each other, Standard is
 * recommended: its exactly-once execution and 90-day history come at no real premium.
 */
import type { LoggingFacts } from './app-facts';
import { childMachines, taskArguments, type StateMachine } from '../../asl/model';
import { taskWait } from './machine';
import type { MonthlyEstimate } from './estimate';
import type { WorstCase } from './worst-case';

/**
 * Express's longest execution: five minutes, an AWS limit (Step Functions quotas, "Maximum
 * execution time": Express 5 minutes, Standard 1 year). The toolkit's own constant: it prices any
 * app and imports nothing of the construct.
 */
export const EXPRESS_MAX_SECONDS = 300;

/** Standard's documented state-transition rate: "over 4,000 per second per account". */
const STANDARD_TRANSITIONS_PER_SECOND = 4000;

/** Peak traffic assumed over the month's average, for the throughput consideration. */
const PEAK_FACTOR = 10;

/** What the user says the workflow needs, beyond what the definition shows. */
export interface Needs {
  /** Side effects that must not run twice even with idempotency (rules Express out). */
  readonly exactlyOnce?: boolean;
  /** Execution history from the Step Functions API or console (rules Express out). */
  readonly history?: boolean;
}

/** The type to choose, and why. */
export interface Recommendation {
  readonly choice: 'STANDARD' | 'EXPRESS' | 'NEITHER';
  readonly ruledOut: { readonly STANDARD: readonly string[]; readonly EXPRESS: readonly string[] };
  /** Why the choice, beyond what is ruled out. */
  readonly reasons: readonly string[];
  /** What to know either way. */
  readonly considerations: readonly string[];
}

/** The recommendation for a definition, its logging, its estimate and the stated needs. */
export function recommend(
  definition: StateMachine,
  worstCase: WorstCase,
  estimate: MonthlyEstimate,
  logging: LoggingFacts,
  needs: Needs = {},
): Recommendation {
  const express: string[] = [];
  const standard: string[] = [];
  const considerations: string[] = [];

  if (worstCase.timeoutSeconds !== undefined && worstCase.timeoutSeconds > EXPRESS_MAX_SECONDS) {
    express.push(
      `the state machine's TimeoutSeconds is ${worstCase.timeoutSeconds} s: Express runs for at most five minutes`,
    );
  } else if (worstCase.timeoutSeconds === undefined && worstCase.seconds > EXPRESS_MAX_SECONDS) {
    express.push(
      `with no TimeoutSeconds, the longest path, "${worstCase.path}", can run ${duration(worstCase.seconds)} ` +
        '(every attempt to its timeout, every retry): Express runs for at most five minutes',
    );
  } else if (worstCase.pathSeconds > (worstCase.timeoutSeconds ?? Infinity)) {
    considerations.push(
      `the longest path, "${worstCase.path}", can outlast the ${worstCase.timeoutSeconds} s execution timeout ` +
        `(${duration(worstCase.pathSeconds)} with every retry): such an execution ends in States.Timeout, either type`,
    );
  } else {
    considerations.push(
      `worst-case duration ${duration(worstCase.pathSeconds)} on "${worstCase.path}" (every attempt to its timeout, ` +
        `every retry), within Express's five minutes`,
    );
  }

  const patterns = taskPatterns(definition);
  for (const [kind, label] of [
    ['sync', '.sync (run a job)'],
    ['callback', '.waitForTaskToken (callback)'],
    ['activity', 'activity'],
  ] as const) {
    if (patterns[kind].length > 0) {
      express.push(
        `${patterns[kind].join(', ')} use${patterns[kind].length === 1 ? 's' : ''} ${label} tasks, which Express does not support`,
      );
    }
  }

  if (needs.exactlyOnce) {
    express.push(
      'exactly-once execution is required: asynchronous Express runs at least once, synchronous Express at most once',
    );
  } else {
    considerations.push(exactlyOnceNote(patterns.guarded, patterns.unguarded));
  }
  if (needs.history) {
    express.push(
      'execution history is required: Express keeps none in Step Functions (no GetExecutionHistory)',
    );
  } else {
    considerations.push(historyNote(logging));
  }

  const averageRate = estimate.standard.transitions / (30 * 24 * 3600);
  if (averageRate * PEAK_FACTOR > STANDARD_TRANSITIONS_PER_SECOND) {
    considerations.push(
      `Standard: ${Math.round(averageRate)} transitions/s on average (×${PEAK_FACTOR} at peak) approaches the ` +
        `documented ${STANDARD_TRANSITIONS_PER_SECOND.toLocaleString('en-US')}/s per account: ask for a quota increase`,
    );
  }

  return {
    ...choose(estimate, standard, express),
    ruledOut: { STANDARD: standard, EXPRESS: express },
    considerations,
  };
}

function choose(
  estimate: MonthlyEstimate,
  standardOut: string[],
  expressOut: string[],
): Pick<Recommendation, 'choice' | 'reasons'> {
  const { standard, express } = estimate.total;
  if (standardOut.length > 0 && expressOut.length > 0) {
    return { choice: 'NEITHER', reasons: ['each type is ruled out (see above): split the workflow'] };
  }
  if (expressOut.length > 0) return { choice: 'STANDARD', reasons: ['Express is ruled out'] };
  if (standardOut.length > 0) return { choice: 'EXPRESS', reasons: ['Standard is ruled out'] };
  const difference = Math.abs(standard - express);
  const cheaper = express < standard ? 'EXPRESS' : 'STANDARD';
  if (difference <= Math.max(1, 0.05 * Math.max(standard, express))) {
    return {
      choice: 'STANDARD',
      reasons: [
        `the two cost about the same (${money(standard)} vs ${money(express)} a month): Standard's exactly-once ` +
          'execution and 90-day history come at no real premium',
      ],
    };
  }
  const share = Math.round((100 * difference) / Math.max(standard, express));
  return {
    choice: cheaper,
    reasons: [
      `${cheaper === 'EXPRESS' ? 'Express' : 'Standard'} costs ${money(difference)} a month less ` +
        `(${money(Math.min(standard, express))} vs ${money(Math.max(standard, express))}, ${share}% less) and nothing rules it out`,
    ],
  };
}

interface TaskPatterns {
  sync: string[];
  callback: string[];
  activity: string[];
  /** Tasks whose request makes a rerun harmless: an idempotency key, a conditional write. */
  guarded: string[];
  /** The other tasks: nothing in the definition makes a rerun harmless. */
  unguarded: string[];
}

function taskPatterns(definition: StateMachine, found: TaskPatterns = emptyPatterns()): TaskPatterns {
  for (const [name, state] of Object.entries(definition.States)) {
    for (const child of childMachines(state)) taskPatterns(child, found);
    if (state.Type !== 'Task') continue;
    const wait = taskWait(state.Resource);
    if (wait !== 'request') found[wait].push(name);
    const parameters = JSON.stringify(taskArguments(state) ?? {});
    if (/idempoten/i.test(parameters)) found.guarded.push(`${name} (idempotency key)`);
    else if (/"ConditionExpression"/.test(parameters)) found.guarded.push(`${name} (conditional write)`);
    else found.unguarded.push(name);
  }
  return found;
}

function emptyPatterns(): TaskPatterns {
  return { sync: [], callback: [], activity: [], guarded: [], unguarded: [] };
}

function exactlyOnceNote(guarded: string[], unguarded: string[]): string {
  return [
    'Express runs at least once (asynchronous; synchronous at most once): a duplicate execution runs every step again.',
    guarded.length > 0 ? `Guarded against a rerun in the definition: ${guarded.join(', ')}.` : '',
    unguarded.length > 0
      ? `Not guarded there, so idempotent by their own code or repeated: ${unguarded.join(', ')}.`
      : '',
    'Standard runs each execution once (only Retry repeats a step) and refuses a second execution of the same name.',
  ]
    .filter(Boolean)
    .join(' ');
}

function historyNote(logging: LoggingFacts): string {
  const logs =
    logging.level === 'OFF'
      ? 'logging is OFF, so an Express execution would leave no record at all'
      : logging.level === 'ALL' && logging.includeExecutionData
        ? 'logging is ALL with execution data: the logs are a full (best-effort) history'
        : `logging is ${logging.level}${logging.includeExecutionData ? '' : ' without execution data'}: the logs hold only part of each history`;
  return `history: Standard keeps 90 days in the API and console; Express only its CloudWatch Logs, and ${logs}`;
}

/** Dollars with cents (or more digits below a cent). */
export function money(value: number): string {
  const digits = value !== 0 && Math.abs(value) < 0.01 ? 4 : 2;
  return `$${value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })}`;
}

/** Seconds as "4 min 40 s", or "unbounded". */
export function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'unbounded (a time from the input)';
  if (seconds < 60) return `${+seconds.toFixed(1)} s`;
  if (seconds >= 86_400 * 2) return `${Math.round(seconds / 86_400).toLocaleString('en-US')} days`;
  const minutes = Math.floor(seconds / 60);
  const rest = Math.round(seconds - minutes * 60);
  return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
}
