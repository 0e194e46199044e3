/**
 * AWS's public prices, as the cost advisor uses them, and the billing arithmetic that goes with
 * them (rounding steps, tiers, free tiers). The figures live in aws-prices.json, dated and sourced.
 */
import * as fs from 'node:fs';
import DEFAULT_PRICE_DATA from './aws-prices.json';

/** One tier of Express duration pricing. */
export interface DurationTier {
  /** GB-hours in this tier; null: everything above the previous tiers. */
  readonly gbHours: number | null;
  readonly perGbHour: number;
}

/** The shape of aws-prices.json. */
export interface AwsPrices {
  readonly takenOn: string;
  readonly region: string;
  readonly currency: string;
  readonly sources: Readonly<Record<string, string>>;
  readonly stepFunctions: {
    readonly standard: { readonly perThousandTransitions: number; readonly freeTransitionsPerMonth: number };
    readonly express: {
      readonly perMillionRequests: number;
      readonly durationTiers: readonly DurationTier[];
      readonly billedDurationStepMs: number;
      readonly billedMemoryStepMb: number;
      readonly baseMemoryMb: number;
    };
  };
  readonly lambda: {
    readonly perMillionRequests: number;
    readonly perGbSecond: Readonly<Record<'x86_64' | 'arm64', number>>;
    readonly freeRequestsPerMonth: number;
    readonly freeGbSecondsPerMonth: number;
    readonly billedDurationStepMs: number;
  };
  readonly cloudWatchLogs: { readonly vendedIngestionPerGb: number };
}

/** The prices shipped with the project (us-east-1, dated in `takenOn`). */
export const DEFAULT_PRICES: AwsPrices = DEFAULT_PRICE_DATA as AwsPrices;

/** Bytes in a GB as AWS bills data and memory (1,024 MB). */
export const BYTES_PER_GB = 1024 ** 3;

/** Prices from another file of the same shape (another region, a newer page), checked. */
export function loadPrices(file: string): AwsPrices {
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read prices from ${file}: ${(error as Error).message}`, { cause: error });
  }
  const prices = data as AwsPrices;
  const numbers: Array<[string, unknown]> = [
    [
      'stepFunctions.standard.perThousandTransitions',
      prices?.stepFunctions?.standard?.perThousandTransitions,
    ],
    [
      'stepFunctions.standard.freeTransitionsPerMonth',
      prices?.stepFunctions?.standard?.freeTransitionsPerMonth,
    ],
    ['stepFunctions.express.perMillionRequests', prices?.stepFunctions?.express?.perMillionRequests],
    ['stepFunctions.express.billedDurationStepMs', prices?.stepFunctions?.express?.billedDurationStepMs],
    ['stepFunctions.express.billedMemoryStepMb', prices?.stepFunctions?.express?.billedMemoryStepMb],
    ['stepFunctions.express.baseMemoryMb', prices?.stepFunctions?.express?.baseMemoryMb],
    ['lambda.perMillionRequests', prices?.lambda?.perMillionRequests],
    ['lambda.perGbSecond.x86_64', prices?.lambda?.perGbSecond?.x86_64],
    ['lambda.perGbSecond.arm64', prices?.lambda?.perGbSecond?.arm64],
    ['lambda.freeRequestsPerMonth', prices?.lambda?.freeRequestsPerMonth],
    ['lambda.freeGbSecondsPerMonth', prices?.lambda?.freeGbSecondsPerMonth],
    ['lambda.billedDurationStepMs', prices?.lambda?.billedDurationStepMs],
    ['cloudWatchLogs.vendedIngestionPerGb', prices?.cloudWatchLogs?.vendedIngestionPerGb],
  ];
  const bad = numbers
    .filter(([, v]) => typeof v !== 'number' || !Number.isFinite(v) || v < 0)
    .map(([k]) => k);
  if (!Array.isArray(prices?.stepFunctions?.express?.durationTiers))
    bad.push('stepFunctions.express.durationTiers');
  if (typeof prices?.takenOn !== 'string') bad.push('takenOn');
  if (bad.length > 0) throw new Error(`${file}: missing or not a non-negative number: ${bad.join(', ')}`);
  return prices;
}

/** Rounds up to the next multiple of `step` (AWS's billing increments). */
export function roundUp(value: number, step: number): number {
  // The epsilon keeps 0.30000000000000004 × 1000 from billing another step.
  return Math.ceil(value / step - 1e-9) * step;
}

/** Express billed memory: 50 MB + definition + payload × (Parallel/Map steps), in 64 MB chunks. */
export function expressBilledMemoryMb(
  prices: AwsPrices,
  definitionBytes: number,
  payloadBytes: number,
  parallelOrMapSteps: number,
): number {
  const express = prices.stepFunctions.express;
  const usedMb = express.baseMemoryMb + (definitionBytes + payloadBytes * parallelOrMapSteps) / (1024 * 1024);
  return roundUp(usedMb, express.billedMemoryStepMb);
}

/** The Express duration charge for a month's GB-seconds, through the GB-hour tiers. */
export function expressDurationCost(prices: AwsPrices, gbSeconds: number): number {
  let remaining = gbSeconds / 3600;
  let cost = 0;
  for (const tier of prices.stepFunctions.express.durationTiers) {
    const inTier = tier.gbHours === null ? remaining : Math.min(remaining, tier.gbHours);
    cost += inTier * tier.perGbHour;
    remaining -= inTier;
    if (remaining <= 0) break;
  }
  return cost;
}

/** The Standard charge for a month's transitions, after the free tier. */
export function standardTransitionCost(prices: AwsPrices, transitions: number, freeTier = true): number {
  const standard = prices.stepFunctions.standard;
  const billable = Math.max(0, transitions - (freeTier ? standard.freeTransitionsPerMonth : 0));
  return (billable / 1000) * standard.perThousandTransitions;
}
