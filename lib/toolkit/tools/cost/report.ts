/**
 * The cost advice as text: the paths with their transitions and invocations, the month's cost as
 * Standard and as Express, the recommendation, and every assumption behind the figures.
 */
import { requireStateMachine } from '../../asl/model';
import type { CostAdvice } from './index';
import { machineTraits, MachineTraits } from './machine';
import { duration, money } from './recommend';
import type { AttemptTimeSource, WorstCase } from './worst-case';
import type { PathMetrics } from './path-metrics';
import { BYTES_PER_GB, roundUp } from './prices';

/** The report, line by line. */
export function renderAdvice(advice: CostAdvice): string[] {
  return [
    ...header(advice),
    '',
    ...pathTable(advice),
    '',
    ...costTable(advice),
    '',
    ...functionTable(advice),
    '',
    ...recommendation(advice),
    '',
    ...assumptions(advice),
  ];
}

function header({ machine, paths, prices }: CostAdvice): string[] {
  const loops = paths.cycles.length > 0 ? `, ${paths.cycles.length} loop(s) followed once` : '';
  return [
    `${machine.name} (synthesized as ${machine.type}): ${paths.paths.length} paths${loops}; ` +
      `prices ${prices.region}, taken ${prices.takenOn}`,
  ];
}

function pathTable({ variants, estimate }: CostAdvice): string[] {
  const shares = new Map(estimate.mix.map((e) => [e.metrics, e.share]));
  const short = shortNames([...new Set(variants.flatMap((v) => Object.keys(v.lambdaInvocations)))]);
  const byPath = new Map<string, PathMetrics[]>();
  for (const v of variants) byPath.set(v.path.id, [...(byPath.get(v.path.id) ?? []), v]);
  const rows = [...byPath.values()].map((group) => {
    const [base] = group;
    const of = (f: (m: PathMetrics) => number) =>
      (['base', 'retry', 'exhausted'] as const)
        .map((kind) => group.find((m) => m.variant === kind))
        .map((m) => (m ? String(f(m)) : '–'))
        .join(' / ');
    const share = group.reduce((s, m) => s + (shares.get(m) ?? 0), 0);
    return [
      base.path.id,
      base.path.status === 'SUCCEEDED' ? 'succeeds' : (base.path.error ?? 'fails'),
      of((m) => m.transitions),
      of((m) => Object.values(m.lambdaInvocations).reduce((a, b) => a + b, 0)),
      of((m) => roundUp(m.durationMs, 100)),
      share > 0 ? percent(share) : '',
      Object.entries(base.lambdaInvocations)
        .map(([fn, n]) => (n > 1 ? `${short.get(fn)} ×${n}` : short.get(fn)))
        .join(', '),
    ];
  });
  return [
    'Per path, each figure as: no retry / one retry at every retrying state (+retry) / ' +
      'retries used up before the Catch (+exhausted); – where the path has no such variant:',
    ...table(
      ['Path', 'Ends', 'Transitions', 'Lambda calls', 'Express ms', 'Mix', 'Functions (no retry)'],
      rows,
      [false, false, true, true, true, true, false],
    ),
  ];
}

function costTable({ estimate: e }: CostAdvice): string[] {
  const logs = `${e.logs.level}${e.logs.level !== 'OFF' && e.logs.includeExecutionData ? ' + data' : ''}`;
  const rows = [
    [
      'Step Functions',
      money(e.standard.cost),
      money(e.express.cost),
      `${count(e.standard.transitions)} transitions | ${count(e.express.requests)} requests, ` +
        `${count(e.express.gbSeconds)} GB-s at ${e.express.memoryMb} MB`,
    ],
    [
      'Lambda (both)',
      money(e.lambda.cost),
      money(e.lambda.cost),
      `${count(e.lambda.requests)} invocations, ${count(e.lambda.gbSeconds)} GB-s`,
    ],
    [
      'CloudWatch Logs (both)',
      money(e.logs.cost),
      money(e.logs.cost),
      `${logs}: ${(e.logs.bytes / BYTES_PER_GB).toFixed(1)} GB (${(e.perOrder.logBytes / 1024).toFixed(1)} KB an execution)`,
    ],
    ['Total', money(e.total.standard), money(e.total.express), ''],
  ];
  return [
    `Monthly cost, ${count(e.orders)} executions (${e.perOrder.transitions.toFixed(2)} transitions, ` +
      `${e.perOrder.lambdaInvocations.toFixed(2)} invocations, ${Math.round(e.perOrder.billedExpressMs)} billed Express ms an execution):`,
    ...table(['', 'Standard', 'Express', 'From'], rows, [false, true, true, false]),
  ];
}

function functionTable({ estimate }: CostAdvice): string[] {
  const fns = estimate.lambda.functions;
  if (fns.length === 0) return ['No Lambda function is invoked.'];
  const short = shortNames(fns.map((f) => f.name));
  const rows = fns.map((f) => [
    `${short.get(f.name)}${f.inApp ? '' : ' (not in the app: 128 MB x86_64 assumed)'}`,
    `${f.memoryMb} MB`,
    f.architecture,
    count(f.invocations),
    count(f.gbSeconds),
  ]);
  return table(['Function', 'Memory', 'Arch', 'Invocations', 'GB-s'], rows, [false, true, false, true, true]);
}

/** Bullet points, wrapped at the report's width. */
function bullet(lines: readonly string[]): string[] {
  return lines.length > 0 ? lines.flatMap((l) => wrap(`  - ${l}`, '    ')) : ['  - none'];
}

function recommendation({ recommendation: r }: CostAdvice): string[] {
  return [
    `Recommendation: ${r.choice === 'NEITHER' ? 'neither as it stands' : r.choice}`,
    ...bullet(r.reasons),
    'Rules out Express:',
    ...bullet(r.ruledOut.EXPRESS),
    'Rules out Standard:',
    ...bullet(r.ruledOut.STANDARD),
    'Also consider:',
    ...bullet(r.considerations),
  ];
}

function assumptions(advice: CostAdvice): string[] {
  const traits = machineTraits(requireStateMachine(advice.machine.definition));
  return [
    'Assumptions:',
    ...bullet([
      mixAssumption(advice),
      ...durationAssumptions(advice, traits),
      ...freeTierAssumption(advice, traits),
      ...pathAssumptions(advice),
      worstCaseAssumption(advice.worstCase),
      `prices: ${advice.prices.region}, taken ${advice.prices.takenOn}: ${Object.values(advice.prices.sources).join(' ')}`,
    ]),
  ];
}

function mixAssumption({ defaultMix: d, mixSpec, paths }: CostAdvice): string {
  if (!d) {
    const given = Object.entries(mixSpec).map(([key, share]) =>
      key.trim() === '*'
        ? `* ${percent(share)} (the other paths, retries exhausted)`
        : `${key} ${percent(share)}`,
    );
    return `the given mix: ${given.join(', ')}`;
  }
  const share = (id: string) => percent(mixSpec[id]);
  const choices = paths.paths.some((p) => p.steps.some((step) => step.type === 'Choice'));
  const retry = d.happyRetries
    ? `, and ${share(`${d.happy} +retry`)} with one retry at each retrying state`
    : '';
  return [
    `the default mix, from this machine's paths (--mix to change): the happy path "${d.happy}" (no Catch` +
      `${choices ? ', each Choice taking its first rule that can hold' : ''}) ${share(d.happy)}${retry};`,
    d.outcomes.length === 0
      ? 'no other outcome;'
      : `the other outcomes (another Choice branch, or an app error caught without retry) ${share(d.outcomes[0])} ` +
        `each: ${names(d.outcomes)};`,
    d.failures.length === 0
      ? 'no failure path'
      : `the failures (a States.* or retried error caught, retries used up first) ${share(d.failures[0])} each: ` +
        names(d.failures),
  ].join(' ');
}

function durationAssumptions({ assumptions: a, estimate: e }: CostAdvice, t: MachineTraits): string[] {
  const logged = e.logs.level !== 'OFF';
  const parts = [
    ...(t.lambdaTasks ? [`${a.lambdaMs} + ${a.invokeOverheadMs} ms per Lambda task`] : []),
    ...(t.otherTasks ? [`${a.serviceTaskMs} ms per other task (--task-ms)`] : []),
    `${a.stateOverheadMs} ms per state`,
    ...(t.waits ? ["each Wait state's Seconds"] : []),
    ...(t.retries
      ? [`each retry's backoff${t.fullJitter ? ' (half of it where the jitter is FULL)' : ''}`]
      : []),
  ];
  const memory = e.express.memoryEstimated
    ? `AWS's estimate 50 MB + ${(e.express.definitionBytes / 1024).toFixed(1)} KB definition + ` +
      `${a.payloadKb} KB data × ${e.express.parallelOrMapSteps}, in 64 MB steps`
    : 'as given';
  return [
    ...(t.lambdaTasks
      ? [`each Lambda invocation bills ${a.lambdaMs} ms (--lambda-ms) at its configured memory`]
      : []),
    `an Express execution lasts ${parts.join(', ')}, rounded up to 100 ms`,
    `Express memory ${e.express.memoryMb} MB: ${memory}; state data ${a.payloadKb} KB (--payload-kb)` +
      (logged ? ', also in each data-carrying log event' : ''),
    ...(t.maps
      ? [`a Map iterates over ${a.mapIterations} items (--map-items) and counts its longest succeeding path`]
      : []),
    ...(t.parallels ? ['a Parallel counts each branch’s longest succeeding path'] : []),
  ];
}

function freeTierAssumption({ assumptions: a, estimate: e }: CostAdvice, t: MachineTraits): string[] {
  const tiers = ['4,000 transitions', ...(t.lambdaTasks ? ['Lambda 1M requests, 400,000 GB-s'] : [])];
  const logs =
    e.logs.level === 'OFF' ? '' : '; no CloudWatch Logs free tier or storage, logs in their first price tier';
  return [
    `free tiers ${a.freeTier ? `taken off (${tiers.join('; ')})` : 'not applied (--no-free-tier)'}${logs}` +
      (t.lambdaTasks ? '; Lambda in its first price tier' : ''),
  ];
}

function pathAssumptions({ paths }: CostAdvice): string[] {
  return [
    ...(paths.pruned > 0
      ? [
          'paths: a Choice branch the path itself rules out is dropped (a field the workflow writes is absent ' +
            'until written; an error caught by name elsewhere is not the one a wildcard catches)',
        ]
      : []),
    ...(paths.cycles.length > 0
      ? [`loops followed once: ${paths.cycles.map((c) => c.join(' → ')).join('; ')}`]
      : []),
    'an error no Catch handles ends an execution too; such endings are not paths of their own',
  ];
}

const ATTEMPT_SOURCES: Record<AttemptTimeSource, string> = {
  task: 'its TimeoutSeconds',
  function: "its function's Timeout",
  'lambda-maximum': "Lambda's 900 s maximum (the function is not in the app, or is named at run time)",
  'aws-default': "AWS's default TimeoutSeconds, 99,999,999 s (none set)",
  input: 'a time from the input (TimeoutSecondsPath): unbounded',
};

function worstCaseAssumption(w: WorstCase): string {
  const bySource = (['task', 'function', 'lambda-maximum', 'aws-default', 'input'] as const)
    .map((source) => [source, w.attempts.filter((a) => a.source === source)] as const)
    .filter(([, attempts]) => attempts.length > 0)
    .map(
      ([source, attempts]) =>
        `${ATTEMPT_SOURCES[source]}: ${names(
          attempts.map((a) => (source === 'function' ? `${a.state} ${duration(a.seconds)}` : a.state)),
        )}`,
    );
  return [
    `worst case ${duration(w.seconds)} on "${w.path}"`,
    bySource.length > 0 ? `: each task attempt runs to ${bySource.join('; to ')}` : ' (no task)',
    w.retries ? '; every retry, with its full backoff' : '',
    w.timeoutSeconds !== undefined
      ? `; capped by the state machine's TimeoutSeconds, ${w.timeoutSeconds} s`
      : '',
  ].join('');
}

/** Up to four names, quoted, then how many more. */
function names(ids: readonly string[]): string {
  const shown = ids.slice(0, 4).map((id) => `"${id}"`);
  return ids.length > 4 ? `${shown.join(', ')} and ${ids.length - 4} more` : shown.join(', ');
}

/** Wraps a line at spaces to the report's width, continuing with `indent`. */
function wrap(line: string, indent: string, width = 110): string[] {
  const lead = /^\s*/.exec(line)![0];
  const lines: string[] = [];
  let current = lead;
  for (const word of line.slice(lead.length).split(' ')) {
    const start = current === lead || current === indent;
    if (!start && current.length + 1 + word.length > width) {
      lines.push(current);
      current = indent + word;
    } else {
      current = start ? current + word : `${current} ${word}`;
    }
  }
  return [...lines, current];
}

/**
 * Function names without what they all share (the stack's prefix) and CDK's hash suffix:
 * OrderWorkflowValidateOrderFunction3613E515 → ValidateOrder.
 */
function shortNames(targets: readonly string[]): Map<string, string> {
  const names = targets.map((t) => t.replace(/^.*function:/, '').replace(/:[^:]+$/, ''));
  const stripped = names.map((n) => n.replace(/[0-9A-F]{8}$/, '').replace(/Function$/, '') || n);
  let prefix = stripped.length > 1 ? commonPrefix(stripped) : '';
  // Cut at a word boundary that every name has (the next letter a capital), and leave each a name.
  while (prefix && !stripped.every((s) => s.length > prefix.length && /[A-Z]/.test(s[prefix.length]))) {
    prefix = prefix.slice(0, -1);
  }
  return new Map(targets.map((t, i) => [t, stripped[i].slice(prefix.length)]));
}

function commonPrefix(values: readonly string[]): string {
  let prefix = values[0];
  for (const v of values) while (!v.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}

/** A plain text table, columns padded; `right` aligns numbers. */
function table(head: string[], rows: string[][], right: boolean[]): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (right[i] ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

function count(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

function percent(share: number): string {
  return `${+(share * 100).toFixed(2)}%`;
}
