import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ASSEMBLY_CACHE_FORMAT, assemblyCacheKey } from './assembly-cache-key';

/**
 * A cache of this app's cloud assemblies, one folder per key (assembly-cache-key.ts):
 * `cdk.out.local/<variant>-<first 16 digits of the key>/`. Synthesis (bundled assets, cdk-nag)
 * takes seconds; a command run again with nothing changed reuses the folder instead.
 *
 * A folder is used only when it is whole: it is synthesized under a `.partial-*` name and renamed
 * into place after a marker naming its full key was written into it, so a synthesis killed halfway
 * leaves nothing under a cached name, and two processes synthesizing at once never write into the
 * same folder (the second rename loses, and that process uses the winner's folder).
 */

/** Written last into a cached assembly: its key. A folder without it (or with another key) is not used. */
export const CACHE_MARKER = 'order-workflow-cache.json';

/** Entries kept per variant: a `start` still serving an older one keeps its files for a while. */
export const ENTRIES_KEPT = 3;

/** A `.partial-*` folder this old is abandoned (a synthesis takes seconds), even if its pid lives on. */
const ABANDONED_AFTER_MS = 60 * 60 * 1000;

export interface CachedAssemblyOptions {
  /** The package root: where the app's inputs are. */
  readonly root: string;
  /** The folder of the entries. @default `<root>/cdk.out.local` */
  readonly cacheDir?: string;
  /** Distinguishes syntheses of the same sources: the workflow type, in lower case. */
  readonly variant: string;
  /** Synthesizes the app into this (new, empty) folder; returns the cloud assembly folder. */
  readonly synthesize: (outdir: string) => string | Promise<string>;
  /** @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

export interface CachedAssembly {
  readonly dir: string;
  /** True when the folder was already there: nothing was synthesized. */
  readonly hit: boolean;
  readonly key: string;
}

/** The cached assembly of the app as it is now, synthesized (and cached) when there is none. */
export async function cachedAssembly(options: CachedAssemblyOptions): Promise<CachedAssembly> {
  const cacheDir = options.cacheDir ?? path.join(options.root, 'cdk.out.local');
  const key = assemblyCacheKey({ root: options.root, variant: options.variant, env: options.env });
  const dir = path.join(cacheDir, `${options.variant}-${key.slice(0, 16)}`);
  if (isComplete(dir, key)) {
    touch(dir);
    return { dir, hit: true, key };
  }
  fs.mkdirSync(cacheDir, { recursive: true });
  removeAbandonedPartials(cacheDir);
  const partial = path.join(
    cacheDir,
    `.partial-${options.variant}-${process.pid}-${randomBytes(4).toString('hex')}`,
  );
  try {
    const assemblyDir = await options.synthesize(partial);
    if (path.resolve(assemblyDir) !== path.resolve(partial)) {
      throw new Error(`the synthesis wrote its assembly to ${assemblyDir}, not to ${partial}`);
    }
    writeMarker(partial, key);
    publish(partial, dir, key);
  } finally {
    fs.rmSync(partial, { recursive: true, force: true });
  }
  pruneOldEntries(cacheDir, options.variant, dir);
  return { dir, hit: false, key };
}

/** Whether `dir` is a whole entry for `key`: the marker is written last, just before the rename. */
export function isComplete(dir: string, key: string): boolean {
  try {
    const marker = JSON.parse(fs.readFileSync(path.join(dir, CACHE_MARKER), 'utf8')) as {
      format?: unknown;
      key?: unknown;
    };
    return (
      marker.format === ASSEMBLY_CACHE_FORMAT &&
      marker.key === key &&
      fs.existsSync(path.join(dir, 'manifest.json'))
    );
  } catch {
    return false;
  }
}

function writeMarker(dir: string, key: string): void {
  const marker = { format: ASSEMBLY_CACHE_FORMAT, key, synthesizedAt: new Date().toISOString() };
  fs.writeFileSync(path.join(dir, CACHE_MARKER), `${JSON.stringify(marker, null, 2)}\n`);
}

/**
 * Renames the finished folder into place. Another process may have got there first with the same
 * key (its folder is then as good as ours); a folder of that name that is not a whole entry
 * (a hand-made copy, an older layout) is moved aside first.
 */
function publish(partial: string, dir: string, key: string): void {
  for (let attempt = 1; ; attempt++) {
    try {
      fs.renameSync(partial, dir);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
      if (isComplete(dir, key)) return;
      if (attempt >= 3) throw error;
      const aside = `${path.join(path.dirname(dir), '.partial-stale')}-${randomBytes(4).toString('hex')}`;
      try {
        fs.renameSync(dir, aside);
        fs.rmSync(aside, { recursive: true, force: true });
      } catch {
        // another process moved it already: try again
      }
    }
  }
}

/** Marks an entry as just used: pruning keeps the most recently used. */
function touch(dir: string): void {
  const now = new Date();
  try {
    fs.utimesSync(path.join(dir, CACHE_MARKER), now, now);
  } catch {
    // read-only or pruned meanwhile: only the pruning order suffers
  }
}

/** Keeps the ENTRIES_KEPT most recently used entries of this variant (`keep` among them). */
function pruneOldEntries(cacheDir: string, variant: string, keep: string): void {
  const entries = fs
    .readdirSync(cacheDir)
    .filter((name) => name.startsWith(`${variant}-`) && /-[0-9a-f]{16}$/.test(name))
    .map((name) => path.join(cacheDir, name))
    .filter((dir) => dir !== keep)
    .map((dir) => ({ dir, used: lastUsed(dir) }))
    .sort((a, b) => b.used - a.used);
  for (const { dir } of entries.slice(ENTRIES_KEPT - 1)) {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function lastUsed(dir: string): number {
  try {
    return fs.statSync(path.join(dir, CACHE_MARKER)).mtimeMs;
  } catch {
    return 0;
  }
}

/** `.partial-*` folders of processes that are gone (killed mid-synthesis), or very old ones. */
function removeAbandonedPartials(cacheDir: string): void {
  for (const name of fs.readdirSync(cacheDir)) {
    if (!name.startsWith('.partial-')) continue;
    const dir = path.join(cacheDir, name);
    const pid = Number(/-(\d+)-[0-9a-f]{8}$/.exec(name)?.[1]);
    let mtimeMs: number;
    try {
      mtimeMs = fs.statSync(dir).mtimeMs;
    } catch {
      continue;
    }
    if (!processAlive(pid) || Date.now() - mtimeMs > ABANDONED_AFTER_MS) {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
}

function processAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
