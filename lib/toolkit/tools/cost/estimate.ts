/**
 * A month's cost of the workflow at a volume and path mix, as Standard and as Express, and what
 * both pay alike: the Lambda functions and the CloudWatch Logs the state machine writes.
 *
 * - Standard: every transition of every execution, less the 4,000 free a month.
 * - Express: one request per execution, plus duration × memory. Each execution's duration is
 *   rounded up to 100 ms; memory is AWS's published estimate (its pricing examples 3 and 4):
 *   50 MB + definition size + execution data size × number of Parallel or Map steps (at least
 *   one), in 64 MB chunks. The duration is not measured: it is the sum over the path of each
 *   task's assumed time, retry waits and a per-state overhead (path-metrics.ts), so it is only as
 *   good as `lambdaMs`, `serviceTaskMs` and the rest.
 * - Lambda: each invocation bills `lambdaMs` (1 ms steps) at the function's configured memory and
 *   architecture, and one request; the monthly free tier (1M requests, 400,000 GB-seconds, taken
 *   off x86 first, the dearer rate) unless `freeTier` is off.
 * - Logs: log-volume.ts, at the state machine's configured level, priced as vended logs.
 */
import { findFunction, FunctionFacts, LoggingFacts } from './app-facts';
import { childMachines, type StateMachine } from '../../asl/model';
import { logBytes } from './log-volume';
import { MixEntry } from './mix';
import { DEFAULT_DURATIONS, DurationAssumptions } from './path-metrics';
import {
  AwsPrices,
  BYTES_PER_GB,
  expressBilledMemoryMb,
  expressDurationCost,
  roundUp,
  standardTransitionCost,
} from './prices';

/** Everything the estimate assumes that the definition does not say. */
export interface CostAssumptions extends DurationAssumptions {
  /** The state's data: what Express holds in memory and each data-carrying log event repeats. */
  readonly payloadKb: number;
  /** An error event's name and cause in the logs. */
  readonly errorCauseBytes: number;
  /** Take the monthly free tiers off (Standard transitions, Lambda); off when the account uses them already. */
  readonly freeTier: boolean;
  /** Billed Express memory instead of the estimate from AWS's formula. */
  readonly expressMemoryMb?: number;
}

/** The defaults: `DEFAULT_DURATIONS`, 2 KB of state data, free tiers applied. */
export const DEFAULT_ASSUMPTIONS: CostAssumptions = {
  ...DEFAULT_DURATIONS,
  payloadKb: 2,
  errorCauseBytes: 200,
  freeTier: true,
};

/** What the estimate reads about the state machine. */
export interface EstimateSubject {
  readonly name: string;
  /** The definition, parsed. */
  readonly definition: StateMachine;
  /** The size of the definition's JSON, as deployed: part of Express's memory estimate. */
  readonly definitionBytes: number;
  readonly logging: LoggingFacts;
  readonly functions: readonly FunctionFacts[];
}

/** A function's month: invocations and GB-seconds at its memory. */
export interface FunctionUsage {
  /** The function's name, or the definition's target when it is not in the app. */
  readonly name: string;
  readonly inApp: boolean;
  readonly memoryMb: number;
  readonly architecture: 'x86_64' | 'arm64';
  readonly invocations: number;
  readonly gbSeconds: number;
}

/** A month's cost, both types and what they share, with the figures behind it. */
export interface MonthlyEstimate {
  readonly orders: number;
  readonly mix: readonly (MixEntry & { readonly orders: number; readonly billedMs: number })[];
  /** Weighted by the mix. */
  readonly perOrder: {
    readonly transitions: number;
    readonly lambdaInvocations: number;
    readonly billedExpressMs: number;
    readonly logBytes: number;
  };
  readonly standard: { readonly transitions: number; readonly cost: number };
  readonly express: {
    readonly requests: number;
    readonly requestCost: number;
    readonly memoryMb: number;
    readonly memoryEstimated: boolean;
    readonly definitionBytes: number;
    readonly parallelOrMapSteps: number;
    readonly gbSeconds: number;
    readonly durationCost: number;
    readonly cost: number;
  };
  readonly lambda: {
    readonly functions: readonly FunctionUsage[];
    readonly requests: number;
    readonly requestCost: number;
    readonly gbSeconds: number;
    readonly durationCost: number;
    readonly cost: number;
  };
  readonly logs: LoggingFacts & { readonly bytes: number; readonly cost: number };
  readonly total: { readonly standard: number; readonly express: number };
}

/** The monthly estimate for `orders` executions spread over the mix. */
export function estimateMonthlyCost(
  subject: EstimateSubject,
  mix: readonly MixEntry[],
  orders: number,
  prices: AwsPrices,
  assumptions: CostAssumptions = DEFAULT_ASSUMPTIONS,
): MonthlyEstimate {
  const payloadBytes = assumptions.payloadKb * 1024;
  const { definitionBytes } = subject;
  const parallelOrMapSteps = Math.max(1, parallelOrMapStepsOf(subject.definition, assumptions.mapIterations));
  const memoryMb =
    assumptions.expressMemoryMb ??
    expressBilledMemoryMb(prices, definitionBytes, payloadBytes, parallelOrMapSteps);
  const express = prices.stepFunctions.express;

  const weighted = mix.map((entry) => ({
    ...entry,
    orders: entry.share * orders,
    billedMs: roundUp(entry.metrics.durationMs, express.billedDurationStepMs),
  }));
  const sum = (f: (e: (typeof weighted)[number]) => number) =>
    weighted.reduce((s, e) => s + e.orders * f(e), 0);

  const transitions = sum((e) => e.metrics.transitions);
  const gbSeconds = sum((e) => (e.billedMs / 1000) * (memoryMb / 1024));
  const requestCost = (orders / 1e6) * express.perMillionRequests;
  const durationCost = expressDurationCost(prices, gbSeconds);
  const lambda = lambdaCost(subject.functions, weighted, prices, assumptions);
  const bytesOf = (e: (typeof weighted)[number]) =>
    logBytes(e.metrics.events, subject.logging, subject.name, {
      payloadBytes,
      errorCauseBytes: assumptions.errorCauseBytes,
    });
  const totalLogBytes = sum(bytesOf);
  const logsCost = (totalLogBytes / BYTES_PER_GB) * prices.cloudWatchLogs.vendedIngestionPerGb;
  const standardCost = standardTransitionCost(prices, transitions, assumptions.freeTier);
  const expressCost = requestCost + durationCost;
  const perOrder = (total: number) => (orders > 0 ? total / orders : 0);

  return {
    orders,
    mix: weighted,
    perOrder: {
      transitions: perOrder(transitions),
      lambdaInvocations: perOrder(lambda.requests),
      billedExpressMs: perOrder(sum((e) => e.billedMs)),
      logBytes: perOrder(totalLogBytes),
    },
    standard: { transitions, cost: standardCost },
    express: {
      requests: orders,
      requestCost,
      memoryMb,
      memoryEstimated: assumptions.expressMemoryMb === undefined,
      definitionBytes,
      parallelOrMapSteps,
      gbSeconds,
      durationCost,
      cost: expressCost,
    },
    lambda,
    logs: { ...subject.logging, bytes: totalLogBytes, cost: logsCost },
    total: {
      standard: standardCost + lambda.cost + logsCost,
      express: expressCost + lambda.cost + logsCost,
    },
  };
}

/** CloudFormation's default memory, for a function the definition names but the app does not hold. */
const OUTSIDE_FUNCTION: Omit<FunctionFacts, 'name' | 'arn' | 'timeoutSeconds'> = {
  memoryMb: 128,
  architecture: 'x86_64',
};

function lambdaCost(
  functions: readonly FunctionFacts[],
  weighted: readonly { readonly orders: number; readonly metrics: MixEntry['metrics'] }[],
  prices: AwsPrices,
  assumptions: CostAssumptions,
): MonthlyEstimate['lambda'] {
  const usage = new Map<string, FunctionUsage>();
  const billedSeconds = roundUp(assumptions.lambdaMs, prices.lambda.billedDurationStepMs) / 1000;
  for (const entry of weighted) {
    for (const [target, count] of Object.entries(entry.metrics.lambdaInvocations)) {
      const fn = findFunction(functions, target);
      const facts = fn ?? { ...OUTSIDE_FUNCTION, name: target, arn: target };
      const invocations = entry.orders * count;
      const previous = usage.get(facts.name);
      usage.set(facts.name, {
        name: facts.name,
        inApp: fn !== undefined,
        memoryMb: facts.memoryMb,
        architecture: facts.architecture,
        invocations: (previous?.invocations ?? 0) + invocations,
        gbSeconds: (previous?.gbSeconds ?? 0) + invocations * billedSeconds * (facts.memoryMb / 1024),
      });
    }
  }
  const all = [...usage.values()];
  const requests = all.reduce((s, f) => s + f.invocations, 0);
  const free = assumptions.freeTier;
  const billableRequests = Math.max(0, requests - (free ? prices.lambda.freeRequestsPerMonth : 0));
  const requestCost = (billableRequests / 1e6) * prices.lambda.perMillionRequests;
  // The free GB-seconds are one allowance for both architectures: spend it on the dearer one first.
  let freeGbSeconds = free ? prices.lambda.freeGbSecondsPerMonth : 0;
  let durationCost = 0;
  for (const arch of ['x86_64', 'arm64'] as const) {
    const gbs = all.filter((f) => f.architecture === arch).reduce((s, f) => s + f.gbSeconds, 0);
    const covered = Math.min(gbs, freeGbSeconds);
    freeGbSeconds -= covered;
    durationCost += (gbs - covered) * prices.lambda.perGbSecond[arch];
  }
  const gbSeconds = all.reduce((s, f) => s + f.gbSeconds, 0);
  return { functions: all, requests, requestCost, gbSeconds, durationCost, cost: requestCost + durationCost };
}

/** "Number of Parallel or Map steps" in AWS's memory formula: Map items and Parallel branches, nested too. */
function parallelOrMapStepsOf(machine: StateMachine, mapIterations: number): number {
  let steps = 0;
  for (const state of Object.values(machine.States)) {
    if (state.Type === 'Map') steps += mapIterations;
    if (state.Type === 'Parallel') steps += state.Branches.length;
    for (const child of childMachines(state)) steps += parallelOrMapStepsOf(child, mapIterations);
  }
  return steps;
}
