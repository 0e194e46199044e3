import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  ASSEMBLY_CACHE_FORMAT,
  INPUT_ENVIRONMENT,
  INPUT_FILES,
  INPUT_FOLDERS,
} from '../../../lib/app/assembly-cache-key';
import { CACHE_MARKER, cachedAssembly, ENTRIES_KEPT, isComplete } from '../../../lib/app/assembly-cache';

/**
 * The cache with a stand-in synthesis (a manifest.json and a copy of cdk.json's context written
 * into the folder) over a miniature project: milliseconds per case, no CDK loaded. The real
 * synthesis through the cache is covered by test/lib/toolkit/cli/bin.test.ts.
 */

let root: string;
let synths: number;

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'order-workflow-cache-'));
  synths = 0;
  write('cdk.json', JSON.stringify({ context: { workflowType: 'STANDARD', flag: true } }));
  write('package.json', '{"name":"order-workflow"}');
  write('package-lock.json', '{"lockfileVersion":3}');
  write('tsconfig.json', '{}');
  write('lib/app/build-app.ts', 'export const app = 1;');
  write('lib/construct/order-workflow.ts', 'export const construct = 1;');
  write('bin/app.ts', 'buildApp();');
  write('lambdas/validate-order/index.ts', 'export const handler = () => 1;');
  write('dist/handlers/validate-order/index.js', 'exports.handler = () => 1;');
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

function write(relative: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
  fs.writeFileSync(path.join(root, relative), text);
}

/** Synthesizes "the app": its manifest and what it was built from, so a test can tell copies apart. */
async function fakeSynthesize(outdir: string): Promise<string> {
  synths++;
  fs.mkdirSync(outdir, { recursive: true });
  fs.writeFileSync(path.join(outdir, 'template.json'), fs.readFileSync(path.join(root, 'cdk.json')));
  fs.writeFileSync(path.join(outdir, 'manifest.json'), '{"version":"48.0.0"}');
  return outdir;
}

const lookup = (extra: Partial<Parameters<typeof cachedAssembly>[0]> = {}) =>
  cachedAssembly({ root, variant: 'standard', synthesize: fakeSynthesize, env: {}, ...extra });

describe('the cached assembly', () => {
  it('is synthesized once, then reused while nothing changes', async () => {
    const first = await lookup();
    const second = await lookup();
    expect([first.hit, second.hit, synths]).toEqual([false, true, 1]);
    expect(second.dir).toBe(first.dir);
    expect(path.relative(root, first.dir)).toBe(
      path.join('cdk.out.local', `standard-${first.key.slice(0, 16)}`),
    );
    expect(isComplete(first.dir, first.key)).toBe(true);
  });

  it.each([
    [
      'a lambda source is touched',
      () => write('lambdas/validate-order/index.ts', 'export const handler = () => 2;'),
    ],
    ['a lambda source is added', () => write('lambdas/shared/money.ts', 'export const cents = 100;')],
    [
      'a handler bundle is rebuilt',
      () => write('dist/handlers/validate-order/index.js', 'exports.handler=()=>2;'),
    ],
    ['the construct changes', () => write('lib/construct/order-workflow.ts', 'export const construct = 2;')],
    ['the app entry changes', () => write('bin/app.ts', 'buildApp(); // changed')],
    [
      'cdk.json’s context changes',
      () => write('cdk.json', JSON.stringify({ context: { workflowType: 'STANDARD', flag: false } })),
    ],
    ['the lockfile changes', () => write('package-lock.json', '{"lockfileVersion":3,"packages":{}}')],
    ['a source file is removed', () => fs.rmSync(path.join(root, 'lib/construct/order-workflow.ts'))],
  ])('is synthesized again when %s', async (_what, change) => {
    const before = await lookup();
    change();
    const after = await lookup();
    expect([after.hit, synths]).toEqual([false, 2]);
    expect(after.dir).not.toBe(before.dir);
  });

  it('is another entry for another workflow type (--type) and another CDK env or context variable', async () => {
    const standard = await lookup();
    const express = await lookup({ variant: 'express' });
    const region = await lookup({ env: { CDK_DEFAULT_REGION: 'eu-west-1' } });
    const context = await lookup({ env: { CDK_CONTEXT_JSON: '{"workflowType":"EXPRESS"}' } });
    expect(new Set([standard.dir, express.dir, region.dir, context.dir]).size).toBe(4);
    expect(path.basename(express.dir)).toMatch(/^express-[0-9a-f]{16}$/);
    expect(synths).toBe(4);
  });

  it('ignores what the app is not built from (tests, cdk.out.local itself)', async () => {
    const before = await lookup();
    write('test/app.test.ts', 'it("x", () => {});');
    write('README.md', 'changed');
    expect(await lookup()).toEqual({ ...before, hit: true });
  });

  it('never uses a folder without its marker (a half-written one), and replaces it', async () => {
    const { dir, key } = await lookup();
    fs.rmSync(path.join(dir, CACHE_MARKER));
    expect(isComplete(dir, key)).toBe(false);
    const again = await lookup();
    expect([again.hit, again.dir, synths]).toEqual([false, dir, 2]);
    expect(isComplete(dir, key)).toBe(true);
  });

  it('never uses a folder whose marker names another key or format', async () => {
    const { dir, key } = await lookup();
    fs.writeFileSync(
      path.join(dir, CACHE_MARKER),
      JSON.stringify({ format: ASSEMBLY_CACHE_FORMAT, key: 'x' }),
    );
    expect(isComplete(dir, key)).toBe(false);
    fs.writeFileSync(path.join(dir, CACHE_MARKER), JSON.stringify({ format: -1, key }));
    expect(isComplete(dir, key)).toBe(false);
    expect((await lookup()).hit).toBe(false);
  });

  it('leaves nothing under a cached name when the synthesis fails, and removes its partial folder', async () => {
    const failing = async (outdir: string) => {
      fs.mkdirSync(outdir);
      fs.writeFileSync(path.join(outdir, 'manifest.json'), '{}');
      throw new Error('cdk-nag: AwsSolutions-IAM5');
    };
    await expect(lookup({ synthesize: failing })).rejects.toThrow('AwsSolutions-IAM5');
    expect(fs.readdirSync(path.join(root, 'cdk.out.local'))).toEqual([]);
  });

  it('removes the partial folders of processes that are gone (a synthesis killed halfway)', async () => {
    const cacheDir = path.join(root, 'cdk.out.local');
    const deadPid = 2 ** 22 + 1; // above Linux's pid_max: no such process
    const abandoned = path.join(cacheDir, `.partial-standard-${deadPid}-0123abcd`);
    fs.mkdirSync(abandoned, { recursive: true });
    fs.writeFileSync(path.join(abandoned, 'manifest.json'), '{}');
    const { dir } = await lookup();
    expect(fs.existsSync(abandoned)).toBe(false);
    expect(fs.readdirSync(cacheDir)).toEqual([path.basename(dir)]);
  });

  it('survives two processes synthesizing at once: one whole folder, no partial left', async () => {
    const slow = async (outdir: string) => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      return fakeSynthesize(outdir);
    };
    const [a, b] = await Promise.all([lookup({ synthesize: slow }), lookup({ synthesize: slow })]);
    expect(a.dir).toBe(b.dir);
    expect(isComplete(a.dir, a.key)).toBe(true);
    expect(fs.readdirSync(path.join(root, 'cdk.out.local'))).toEqual([path.basename(a.dir)]);
  });

  it(`keeps the ${ENTRIES_KEPT} most recently used entries of a type`, async () => {
    const dirs: string[] = [];
    for (let version = 1; version <= ENTRIES_KEPT + 2; version++) {
      write('bin/app.ts', `buildApp(); // ${version}`);
      const { dir } = await lookup();
      // Distinct times of last use, as entries made seconds apart have.
      const used = new Date(Date.now() - (10 - version) * 1000);
      fs.utimesSync(path.join(dir, CACHE_MARKER), used, used);
      dirs.push(dir);
    }
    const express = await lookup({ variant: 'express' });
    const left = fs.readdirSync(path.join(root, 'cdk.out.local')).sort();
    expect(left).toEqual([...dirs.slice(-ENTRIES_KEPT), express.dir].map((d) => path.basename(d)).sort());
  });
});

describe('the cache key, as the README documents it', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
  // The paragraph of "Run it locally" that says what is cached, where, and what invalidates it.
  const start = readme.indexOf('**The cached assembly.**');
  const section = start < 0 ? '' : readme.slice(start, readme.indexOf('\n\n', start));

  it.each([...INPUT_FOLDERS.map((f) => `${f}/`), ...INPUT_FILES, ...INPUT_ENVIRONMENT])(
    'names %s',
    (input) => {
      expect(section).toContain(`\`${input.split(path.sep).join('/')}\``);
    },
  );
});
