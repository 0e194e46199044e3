import * as fs from 'node:fs';
import * as path from 'node:path';
import { APP_SEED_FILE } from '../../app/seed-data';
import { packageRoot } from '../package-root';

/**
 * The CLI's one bridge to this repository's own app, the only toolkit module that imports lib/app
 * (the lint's import rule makes it the exception): without `--assembly`, a command works on this
 * app, synthesized here and seeded with its sandbox catalogue. The app is loaded only then, so an
 * `--assembly` run never loads aws-cdk-lib's App, cdk-nag or the construct.
 */

/** The seed data of this app's tables (examples/inventory-seed.json). */
export const DEFAULT_SEED_FILE = APP_SEED_FILE;

export interface CommandAssembly {
  /** The cloud assembly folder. */
  readonly dir: string;
  /** The seed data of its tables, when the assembly is this app's. */
  readonly seedFile?: string;
  /**
   * This app's example orders, offered as its state machine's input (examples/order.json first).
   * Another app's are found by convention (lib/toolkit/local/example-inputs.ts).
   */
  readonly exampleInputs?: readonly string[];
}

export interface CommandAssemblyOptions {
  readonly assembly?: string;
  readonly type: 'standard' | 'express';
  /**
   * `--no-cache`: false, synthesize into `cdk.out.local/<type>/` as if nothing were cached (the
   * cache is neither read nor written). @default true: reuse the cached assembly when its key matches
   */
  readonly cache?: boolean;
}

/**
 * `--assembly`, as given; or this app as `type`: its cached assembly when nothing it is built from
 * changed (lib/app/assembly-cache.ts), else synthesized now (and cached).
 */
export async function commandAssembly(
  options: CommandAssemblyOptions,
  log: (line: string) => void = console.error,
): Promise<CommandAssembly> {
  if (options.assembly !== undefined) return { dir: options.assembly };
  const root = packageRoot();
  if (!fs.existsSync(path.join(root, 'cdk.json'))) return { dir: installedDefault() };
  const type = options.type === 'express' ? 'EXPRESS' : 'STANDARD';
  const dir = await thisAppAssembly(root, type, options.cache !== false, log);
  return { dir, seedFile: APP_SEED_FILE, exampleInputs: exampleOrders() };
}

/**
 * The app's assembly. The key is computed without aws-cdk-lib; the CDK, cdk-nag and the construct
 * are loaded only when there is something to synthesize (a second of loading saved per hit).
 */
async function thisAppAssembly(
  root: string,
  type: 'STANDARD' | 'EXPRESS',
  cache: boolean,
  log: (line: string) => void,
): Promise<string> {
  const synthesize = async (outdir?: string) =>
    (await import('../../app/synthesize')).synthesizeApp(type, outdir);
  // An edited handler is rebuilt first: the assembly (and its cache key) takes the new bundle.
  await (await import('../../app/handler-bundles')).ensureHandlerBundles(log);
  if (!cache) return synthesize();
  const { cachedAssembly } = await import('../../app/assembly-cache');
  const started = performance.now();
  const cached = await cachedAssembly({ root, variant: type.toLowerCase(), synthesize });
  if (!cached.hit) {
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    log(
      `order-workflow: synthesized the app in ${seconds} s, cached in ${path.relative(process.cwd(), cached.dir) || '.'} until a source changes (--no-cache: synthesize anyway)`,
    );
  }
  return cached.dir;
}

/** examples/order.json, then the order of each other path (order-*.json), as the folder holds them. */
function exampleOrders(): string[] {
  const examples = path.join(packageRoot(), 'examples');
  const others = fs
    .readdirSync(examples)
    .filter((f) => /^order-.+\.json$/.test(f))
    .sort();
  return ['order.json', ...others].map((f) => path.join(examples, f));
}

/**
 * Installed in another project (no app of its own beside it: the package ships without cdk.json),
 * a command without --assembly works on `cdk.out` in the current folder, as `cdk` leaves it.
 */
function installedDefault(): string {
  const dir = path.resolve('cdk.out');
  if (fs.existsSync(path.join(dir, 'manifest.json'))) return dir;
  throw new Error(
    `no cloud assembly in ${dir}: run \`npx cdk synth\` first, or name one with --assembly <dir>`,
  );
}
