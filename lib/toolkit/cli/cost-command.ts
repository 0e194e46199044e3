import { adviseCost, CostAdvice, loadPrices, MixSpec, pickMachine, readAppFacts } from '../tools/cost';
import { renderAdvice } from '../tools/cost/report';
import { commandAssembly } from './this-app';

/** The `cost` command's options, as commander parses them. */
export interface CostCommandOptions {
  readonly orders: number;
  readonly type: 'standard' | 'express';
  readonly assembly?: string;
  /** `--no-cache`: false, synthesize this app even when its cached assembly is up to date. */
  readonly cache?: boolean;
  readonly stateMachine?: string;
  /** Shares of paths (`--mix`, parsed by {@link mixOption}). */
  readonly mix?: MixSpec;
  readonly lambdaMs?: number;
  readonly taskMs?: number;
  readonly payloadKb?: number;
  readonly mapItems?: number;
  readonly prices?: string;
  /** Commander's `--no-free-tier`. */
  readonly freeTier?: boolean;
  readonly exactlyOnce?: boolean;
  readonly needHistory?: boolean;
  readonly json?: boolean;
}

/**
 * `order-workflow cost`: the synthesized app's (or `--assembly`'s) state machine, its paths and a
 * month's cost as Standard and as Express, with the recommendation. Returns the advice.
 */
export async function costCommand(
  options: CostCommandOptions,
  print: (line: string) => void = console.log,
): Promise<CostAdvice> {
  const assemblyDir = (await commandAssembly(options)).dir;
  const facts = pickMachine(readAppFacts(assemblyDir), options.stateMachine);
  const advice = adviseCost(facts, {
    orders: options.orders,
    ...(options.mix === undefined ? {} : { mix: options.mix }),
    ...(options.prices === undefined ? {} : { prices: loadPrices(options.prices) }),
    assumptions: {
      ...(options.lambdaMs === undefined ? {} : { lambdaMs: options.lambdaMs }),
      ...(options.taskMs === undefined ? {} : { serviceTaskMs: options.taskMs }),
      ...(options.payloadKb === undefined ? {} : { payloadKb: options.payloadKb }),
      ...(options.mapItems === undefined ? {} : { mapIterations: options.mapItems }),
      freeTier: options.freeTier !== false,
    },
    needs: { exactlyOnce: options.exactlyOnce === true, history: options.needHistory === true },
  });
  if (options.json) print(JSON.stringify(toJson(advice), null, 2));
  else renderAdvice(advice).forEach((line) => print(line));
  return advice;
}

/** The advice without the definition itself: paths, variants, estimate, recommendation. */
function toJson(advice: CostAdvice): unknown {
  const { machine, paths, variants, estimate, ...rest } = advice;
  return {
    stateMachine: { name: machine.name, type: machine.type, logicalId: machine.logicalId },
    paths: paths.paths.map((p) => ({
      id: p.id,
      status: p.status,
      error: p.error,
      states: p.steps.map((s) => s.state),
    })),
    cycles: paths.cycles,
    variants: variants.map((v) => ({
      id: v.id,
      path: v.path.id,
      variant: v.variant,
      transitions: v.transitions,
      retries: v.retries,
      lambdaInvocations: v.lambdaInvocations,
      durationMs: v.durationMs,
    })),
    estimate: {
      ...estimate,
      mix: estimate.mix.map((m) => ({ id: m.metrics.id, share: m.share, orders: m.orders })),
    },
    ...rest,
  };
}
