import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  DEFAULT_PRICES,
  expressBilledMemoryMb,
  expressDurationCost,
  loadPrices,
  roundUp,
  standardTransitionCost,
} from '../../../../../lib/toolkit/tools/cost/prices';

const KB = 1024;

describe('AWS prices and billing arithmetic', () => {
  it('carries the date the prices were taken, their region and their sources', () => {
    expect(DEFAULT_PRICES.takenOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(DEFAULT_PRICES.region).toBe('us-east-1');
    expect(DEFAULT_PRICES.sources.stepFunctions).toBe('https://aws.amazon.com/step-functions/pricing/');
    expect(DEFAULT_PRICES.stepFunctions.standard).toEqual({
      perThousandTransitions: 0.025,
      freeTransitionsPerMonth: 4000,
    });
  });

  it('prices Standard per transition after the 4,000 free a month: 1,000,000 orders × 9 transitions = $224.90', () => {
    expect(standardTransitionCost(DEFAULT_PRICES, 9_000_000)).toBeCloseTo((8_996_000 / 1000) * 0.025, 10);
    expect(standardTransitionCost(DEFAULT_PRICES, 9_000_000)).toBeCloseTo(224.9, 10);
    expect(standardTransitionCost(DEFAULT_PRICES, 9_000_000, false)).toBeCloseTo(225, 10);
    expect(standardTransitionCost(DEFAULT_PRICES, 4000)).toBe(0);
    expect(standardTransitionCost(DEFAULT_PRICES, 3999)).toBe(0);
  });

  it('reproduces the pricing page’s Express example: 100M executions × 10 s × 64 MB cost $382.97 in duration', () => {
    const gbSeconds = (100e6 * 10 * 64) / 1024; // 62,500,000 GB-s = 17,361.11 GB-hours
    // $0.06 × 1,000 + $0.03 × 4,000 + $0.01642 × 12,361.11
    expect(expressDurationCost(DEFAULT_PRICES, gbSeconds)).toBeCloseTo(60 + 120 + 202.97, 2);
    expect(expressDurationCost(DEFAULT_PRICES, 3600 * 500)).toBeCloseTo(500 * 0.06, 10); // inside the first tier
  });

  it('rounds Express duration up to whole 100 ms and never bills a step for a floating-point crumb', () => {
    expect(roundUp(250, 100)).toBe(300);
    expect(roundUp(300, 100)).toBe(300);
    expect(roundUp(301, 100)).toBe(400);
    expect(roundUp(1, 100)).toBe(100);
    expect(roundUp((0.1 + 0.2) * 1000, 100)).toBe(300);
  });

  it('estimates Express memory as 50 MB + definition + data × Parallel/Map steps, billed in 64 MB steps', () => {
    // The pricing page's example: 50 KB definition, 400 map steps of 32 KB: 62.85 MB, billed 64 MB.
    expect(expressBilledMemoryMb(DEFAULT_PRICES, 50 * KB, 32 * KB, 400)).toBe(64);
    expect(expressBilledMemoryMb(DEFAULT_PRICES, 14 * KB, 2 * KB, 1)).toBe(64);
    // 256 KB × 100 items = 25 MB: 75.x MB, billed 128 MB.
    expect(expressBilledMemoryMb(DEFAULT_PRICES, 14 * KB, 256 * KB, 100)).toBe(128);
  });

  it('loads prices for another region from a file, and names every field that is missing or not a number', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prices-'));
    try {
      const good = path.join(dir, 'good.json');
      fs.writeFileSync(good, JSON.stringify({ ...DEFAULT_PRICES, region: 'eu-west-1' }));
      expect(loadPrices(good).region).toBe('eu-west-1');
      const bad = path.join(dir, 'bad.json');
      fs.writeFileSync(
        bad,
        JSON.stringify({
          ...DEFAULT_PRICES,
          lambda: { ...DEFAULT_PRICES.lambda, perMillionRequests: '0.2' },
        }),
      );
      expect(() => loadPrices(bad)).toThrow(
        `${bad}: missing or not a non-negative number: lambda.perMillionRequests`,
      );
      expect(() => loadPrices(path.join(dir, 'none.json'))).toThrow('cannot read prices from');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
