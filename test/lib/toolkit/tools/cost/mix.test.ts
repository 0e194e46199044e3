import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { requireStateMachine } from '../../../../../lib/toolkit/asl/model';
import { parseMix, resolveMix } from '../../../../../lib/toolkit/tools/cost/mix';
import { pathVariants } from '../../../../../lib/toolkit/tools/cost/path-metrics';
import { enumeratePaths } from '../../../../../lib/toolkit/tools/cost/paths';

const task = (rest: Record<string, unknown>) => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke',
  Parameters: { FunctionName: 'fn' },
  Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 2 }],
  ...rest,
});

/** A → B → Order Completed, with A and B failing to "Broken" (two paths end there). */
const definition = requireStateMachine({
  StartAt: 'A',
  States: {
    A: task({ Next: 'B', Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Broken' }] }),
    B: task({ Next: 'Order Completed', Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Broken' }] }),
    'Order Completed': { Type: 'Succeed' },
    Broken: { Type: 'Fail', Error: 'Broken' },
  },
});
const variants = enumeratePaths(definition).paths.flatMap((p) => pathVariants(definition, p));
const shares = (mix: Record<string, number>) =>
  Object.fromEntries(resolveMix(mix, variants).entries.map((e) => [e.metrics.id, +e.share.toFixed(6)]));

describe('the path mix', () => {
  it('gives each path or variant named by id its share; a terminal state’s share is split over its paths', () => {
    expect(
      shares({ 'order completed': 0.8, 'Order Completed +retry': 0.1, 'Broken +exhausted': 0.1 }),
    ).toEqual({
      'Order Completed': 0.8,
      'Order Completed +retry': 0.1,
      'Broken (B failed) +exhausted': 0.05,
      'Broken (A failed) +exhausted': 0.05,
    });
  });

  it('spreads * over the paths no other key names, retries exhausted where the path has that variant', () => {
    expect(shares({ 'Order Completed': 0.9, '*': 0.1 })).toEqual({
      'Order Completed': 0.9,
      'Broken (B failed) +exhausted': 0.05,
      'Broken (A failed) +exhausted': 0.05,
    });
  });

  it('refuses a key that names no path, listing the paths', () => {
    expect(() => shares({ 'Order Completed': 0.5, Nope: 0.5 })).toThrow(
      'the mix names "Nope": no such path. Paths: Order Completed; Broken (B failed); Broken (A failed)',
    );
  });

  it('refuses shares that do not add up to 1, or lie outside 0..1', () => {
    expect(() => shares({ 'Order Completed': 0.5, Broken: 0.4 })).toThrow(
      "the mix's shares add up to 0.9, not 1",
    );
    expect(() => shares({ 'Order Completed': 1.5 })).toThrow(
      'the share of "Order Completed" must be between 0 and 1',
    );
    expect(() => shares({ 'Order Completed': 0 })).toThrow('the mix gives no execution a path');
  });

  describe('--mix parsing', () => {
    it('reads key=share pairs, percentages too, separated by commas or (for ids with commas) semicolons', () => {
      expect(parseMix('Order Completed=0.9, Broken=10%')).toEqual({ 'Order Completed': 0.9, Broken: 0.1 });
      expect(parseMix('Broken (A failed, B failed)=0.5;*=0.5')).toEqual({
        'Broken (A failed, B failed)': 0.5,
        '*': 0.5,
      });
    });

    it('reads a JSON file of key → share', () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mix-'));
      try {
        const file = path.join(dir, 'mix.json');
        fs.writeFileSync(file, JSON.stringify({ 'Order Completed': 0.75, Broken: '25%' }));
        expect(parseMix(file)).toEqual({ 'Order Completed': 0.75, Broken: 0.25 });
        fs.writeFileSync(file, '[1]');
        expect(() => parseMix(file)).toThrow(`the mix file ${file} must hold an object of path → share`);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('names the pair it cannot read', () => {
      expect(() => parseMix('Order Completed')).toThrow('"Order Completed" is not key=share');
      expect(() => parseMix('Order Completed=lots')).toThrow(
        'the share of "Order Completed" is not a number: lots',
      );
      expect(() => parseMix(' , ')).toThrow('the mix is empty');
    });
  });
});
