import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';

/** This repository's root. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

/** What `npm pack` made. */
export interface PackedTarball {
  readonly file: string;
  readonly bytes: number;
  readonly unpackedBytes: number;
  /** Paths inside the package, e.g. `dist/lib/index.js`. */
  readonly files: string[];
  /** `npm run build`, in ms. */
  readonly buildMs: number;
}

/**
 * The environment for a child npm: without the `npm_*` variables of the npm running jest (its
 * prefix, its package, its lifecycle event), which would point the child at this repository, and
 * without the CDK_VALIDATION=false of test/support/jest-env.js: the consumer synthesizes as its
 * user's would.
 */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) && key !== 'CDK_VALIDATION'),
  );
  return { ...env, ...extra };
}

export function npm(args: string[], cwd: string, env: NodeJS.ProcessEnv = childEnv()): string {
  return execFileSync('npm', args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** {@link npm}, not blocking: for steps that run while others do. */
export async function npmAsync(
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = childEnv(),
): Promise<string> {
  const { stdout } = await promisify(execFile)('npm', args, {
    cwd,
    env,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  return stdout;
}

/**
 * A copy of the working tree's files (tracked and new, as git sees them: no dist/, cdk.out or
 * node_modules) with this repository's node_modules linked in. The build runs there, from the
 * sources as they are now, without rewriting the dist/ other test files read meanwhile.
 */
export function stageSource(dir: string): string {
  const listing = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  for (const file of listing.split('\0').filter(Boolean)) {
    const from = path.join(REPO_ROOT, file);
    // Deleted in the working tree (not yet in git), or not a file: a git worktree's node_modules
    // symlink is untracked and not ignored (.gitignore's `node_modules/` matches folders only).
    if (!fs.lstatSync(from, { throwIfNoEntry: false })?.isFile()) continue;
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.copyFileSync(from, path.join(dir, file));
  }
  fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

/**
 * Builds the staged package and packs it into `destination`, as `npm pack` does (its prepack is
 * `npm run build`; run here on its own to time it and keep npm's JSON report clean).
 */
export async function packTarball(sourceDir: string, destination: string): Promise<PackedTarball> {
  const started = performance.now();
  await npmAsync(['run', 'build', '--silent'], sourceDir);
  const buildMs = performance.now() - started;
  const report = JSON.parse(
    await npmAsync(['pack', '--json', '--ignore-scripts', '--pack-destination', destination], sourceDir),
  ) as Array<{ filename: string; size: number; unpackedSize: number; files: Array<{ path: string }> }>;
  const [packed] = report;
  return {
    file: path.join(destination, packed.filename),
    bytes: packed.size,
    unpackedBytes: packed.unpackedSize,
    files: packed.files.map((f) => f.path).sort(),
    buildMs,
  };
}
