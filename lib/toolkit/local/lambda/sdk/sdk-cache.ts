import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { packageRoot } from '../../../package-root';

const run = promisify(execFile);

/**
 * The SDK release fetched packages are pinned to: this repository's @aws-sdk/client-sfn (its
 * package-lock; a test keeps the two equal). Clients and lib-dynamodb are released in step, so
 * `<=VERSION` gives exactly this one; `--before` the release's day pins what is not (util-dynamodb,
 * the @smithy packages), so a fetch next year installs what it installs today — and not a later SDK
 * that needs a newer Node.js than the one running the toolkit.
 */
export const PINNED_SDK = { version: '3.1164.0', publishedBefore: '2026-11-07T00:00:00.000Z' } as const;

/** A lock older than this was left by a process that died while fetching. */
const STALE_LOCK_MS = 10 * 60_000;
const LOCK_POLL_MS = 200;

/**
 * `.cache/aws-sdk/<version>` in this repository; installed as a package (inside node_modules, which
 * `npm ci` wipes), `~/.cache/order-workflow/aws-sdk/<version>` (or under $XDG_CACHE_HOME).
 */
export function defaultSdkCacheDir(): string {
  const root = packageRoot();
  const cache = root.split(path.sep).includes('node_modules')
    ? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'order-workflow')
    : path.join(root, '.cache');
  return path.join(cache, 'aws-sdk', PINNED_SDK.version);
}

/**
 * SDK packages fetched once with the npm client into a folder of their own (`<dir>/node_modules`),
 * at the pinned release. Concurrent processes (jest workers, a CLI) take turns through a lock
 * folder; packages already there are never fetched again.
 */
export class SdkCache {
  constructor(readonly dir: string = defaultSdkCacheDir()) {}

  get nodeModules(): string {
    return path.join(this.dir, 'node_modules');
  }

  has(name: string): boolean {
    return fs.existsSync(path.join(this.nodeModules, name, 'package.json'));
  }

  /** Installs those of `names` the cache lacks; resolves with the ones it installed. */
  async fetch(names: string[]): Promise<string[]> {
    if (names.every((name) => this.has(name))) return [];
    fs.mkdirSync(this.dir, { recursive: true });
    const unlock = await this.lock();
    try {
      // Another process may have fetched them while this one waited.
      const missing = names.filter((name) => !this.has(name));
      if (missing.length > 0) await this.install(missing);
      return missing;
    } finally {
      unlock();
    }
  }

  private async install(names: string[]): Promise<void> {
    const manifest = path.join(this.dir, 'package.json');
    if (!fs.existsSync(manifest)) {
      const description =
        'The AWS SDK packages Lambda provides, fetched for local functions by order-workflow';
      fs.writeFileSync(manifest, `${JSON.stringify({ private: true, description }, null, 2)}\n`);
    }
    const specs = names.map((name) => `${name}@<=${PINNED_SDK.version}`);
    const args = ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--omit=dev'];
    args.push(`--before=${PINNED_SDK.publishedBefore}`, ...specs);
    try {
      await run(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, {
        cwd: this.dir,
        maxBuffer: 16 * 1024 * 1024,
      });
    } catch (error) {
      const { stderr, message } = error as { stderr?: string; message: string };
      const detail = (stderr ?? '').trim().split('\n').slice(-3).join(' ') || message;
      throw new Error(`npm install ${specs.join(' ')} in ${this.dir} failed: ${detail}`, { cause: error });
    }
    const absent = names.filter((name) => !this.has(name));
    if (absent.length > 0) throw new Error(`npm install left out ${absent.join(', ')} in ${this.dir}`);
  }

  /** Takes the cache's lock folder, waiting for another holder; returns the release. */
  private async lock(): Promise<() => void> {
    const lock = `${this.dir}.lock`;
    for (;;) {
      try {
        fs.mkdirSync(lock);
        return () => fs.rmSync(lock, { recursive: true, force: true });
      } catch (error) {
        if ((error as { code?: string }).code !== 'EEXIST') throw error;
      }
      const since = fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs;
      if (since !== undefined && Date.now() - since > STALE_LOCK_MS) {
        fs.rmSync(lock, { recursive: true, force: true });
        continue;
      }
      await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
    }
  }
}
