/**
 * The cost advisor: a synthesized state machine's paths, their transitions and invocations, a
 * month's cost as Standard and as Express at a volume and path mix, and which type to choose.
 */
import { requireStateMachine } from '../../asl/model';
import type { MachineFacts } from './app-facts';
import {
  CostAssumptions,
  DEFAULT_ASSUMPTIONS,
  estimateMonthlyCost,
  EstimateSubject,
  MonthlyEstimate,
} from './estimate';
import { DefaultMix, defaultMix } from './default-mix';
import { MixEntry, MixSpec, resolveMix } from './mix';
import { PathMetrics, pathVariants } from './path-metrics';
import { EnumerateOptions, enumeratePaths, PathEnumeration } from './paths';
import { AwsPrices, DEFAULT_PRICES } from './prices';
import { money, Needs, recommend, Recommendation } from './recommend';
import { WorstCase, worstCaseDuration } from './worst-case';

// The parts, for callers that want one step of the advice.
export * from './app-facts';
export * from './default-mix';
export * from './estimate';
export * from './mix';
export * from './path-metrics';
export * from './paths';
export * from './prices';
export * from './recommend';
export * from './worst-case';

/** What to price: the volume, the mix, assumptions, prices and needs. */
export interface AdviceOptions {
  /** Executions a month. */
  readonly orders: number;
  /** Shares of paths; the machine's default mix (default-mix.ts) when absent. */
  readonly mix?: MixSpec;
  readonly assumptions?: Partial<CostAssumptions>;
  readonly prices?: AwsPrices;
  readonly needs?: Needs;
  readonly enumerate?: EnumerateOptions;
}

/** The advice: paths, their variants' metrics, the estimate, the worst case, the recommendation. */
export interface CostAdvice {
  readonly machine: MachineFacts['machine'];
  readonly paths: PathEnumeration;
  /** Every path's variants (base, +retry, +exhausted). */
  readonly variants: readonly PathMetrics[];
  /** The machine's default mix, when no mix was given. */
  readonly defaultMix?: DefaultMix;
  /** The mix as given (or the default), before it is spread over path variants. */
  readonly mixSpec: MixSpec;
  readonly assumptions: CostAssumptions;
  readonly prices: AwsPrices;
  readonly estimate: MonthlyEstimate;
  readonly worstCase: WorstCase;
  readonly recommendation: Recommendation;
}

/** Everything the `cost` command reports, for one state machine. */
export function adviseCost(facts: MachineFacts, options: AdviceOptions): CostAdvice {
  if (!Number.isFinite(options.orders) || options.orders < 0) {
    throw new Error(`orders must be a number of executions a month, got ${options.orders}`);
  }
  const { definition: json, name } = facts.machine;
  const definition = requireStateMachine(json, `the definition of ${name}`);
  const assumptions = { ...DEFAULT_ASSUMPTIONS, ...options.assumptions };
  const prices = options.prices ?? DEFAULT_PRICES;
  const paths = enumeratePaths(definition, options.enumerate);
  const variants = paths.paths.flatMap((path) => pathVariants(definition, path, assumptions));
  const fallback = options.mix === undefined ? defaultMix(definition, variants) : undefined;
  const mixSpec = options.mix ?? fallback!.spec;
  const mix = resolveMix(mixSpec, variants);
  const subject = {
    name,
    definition,
    definitionBytes: Buffer.byteLength(JSON.stringify(json)),
    logging: facts.logging,
    functions: facts.functions,
  };
  const estimate = estimateMonthlyCost(subject, mix.entries, options.orders, prices, assumptions);
  const worstCase = worstCaseDuration(definition, {
    mapIterations: assumptions.mapIterations,
    functions: facts.functions,
  });
  const recommendation = recommend(definition, worstCase, estimate, facts.logging, options.needs);
  return {
    machine: facts.machine,
    paths,
    variants,
    ...(fallback ? { defaultMix: fallback } : {}),
    mixSpec,
    assumptions,
    prices,
    estimate,
    worstCase,
    recommendation: {
      ...recommendation,
      considerations: [
        ...recommendation.considerations,
        ...logLevelNote(subject, mix.entries, options.orders, prices, assumptions, estimate),
      ],
    },
  };
}

/** Where logs weigh, what the lighter levels would cost: the one cost both types share that is a setting. */
function logLevelNote(
  subject: EstimateSubject,
  mix: readonly MixEntry[],
  orders: number,
  prices: AwsPrices,
  assumptions: CostAssumptions,
  estimate: MonthlyEstimate,
): string[] {
  const { logs, total } = estimate;
  if (logs.level !== 'ALL' || logs.cost < 1) return [];
  const at = (logging: EstimateSubject['logging']) =>
    money(estimateMonthlyCost({ ...subject, logging }, mix, orders, prices, assumptions).logs.cost);
  const alternatives = [
    ...(logs.includeExecutionData
      ? [`${at({ level: 'ALL', includeExecutionData: false })} at ALL without execution data`]
      : []),
    `${at({ level: 'ERROR', includeExecutionData: logs.includeExecutionData })} at ERROR`,
  ];
  const share = Math.round((100 * logs.cost) / Math.min(total.standard, total.express));
  return [
    `logs: ${money(logs.cost)} a month is ${share}% of the cheaper total; they would cost ${alternatives.join(', ')} ` +
      '(Express keeps no other record of its executions)',
  ];
}
