import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

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
 * prefix, its package, its lifecycle event), which would point the child at this repository.
 */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
  return { ...env, ...extra };
}

export function npm(args: string[], cwd: string, env: NodeJS.ProcessEnv = childEnv()): string {
  return execFileSync('npm', args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
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
    if (!fs.existsSync(from)) continue; // deleted in the working tree, not yet in git
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
export function packTarball(sourceDir: string, destination: string): PackedTarball {
  const started = performance.now();
  npm(['run', 'build', '--silent'], sourceDir);
  const buildMs = performance.now() - started;
  const report = JSON.parse(
    npm(['pack', '--json', '--ignore-scripts', '--pack-destination', destination], sourceDir),
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
