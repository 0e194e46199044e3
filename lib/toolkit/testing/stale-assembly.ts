import * as fs from 'node:fs';
import * as path from 'node:path';

/** Thrown when a cloud assembly is older than the app's sources: running it would test old code. */
export class StaleAssemblyError extends Error {
  constructor(
    readonly assemblyDir: string,
    readonly newerFile: string,
  ) {
    super(
      `the cloud assembly ${assemblyDir} is older than ${newerFile}: run \`npx cdk synth\` again ` +
        '(or pass the App to synthesize in-process, or allowStaleAssembly: true to run it as it is)',
    );
    this.name = 'StaleAssemblyError';
  }
}

/** What `cdk init` writes into cdk.json's `watch`: the files whose change calls for a new synth. */
interface WatchSettings {
  readonly include?: string | string[];
  readonly exclude?: string | string[];
}

/** Used when cdk.json has no `watch`: the folders a CDK app's code usually lives in. */
const DEFAULT_WATCH: Required<WatchSettings> = {
  include: ['bin/**', 'lib/**', 'src/**', 'lambda/**', 'lambdas/**', 'functions/**', 'cdk.json'],
  exclude: [],
};

/** Never sources, whatever `watch` says. */
const NEVER = new Set(['node_modules', '.git', 'cdk.out']);

/**
 * Throws {@link StaleAssemblyError} when a source file of the app is newer than the assembly. The
 * app is the folder above the assembly that holds cdk.json; its sources are what cdk.json's `watch`
 * names (as `cdk watch` reads it), or the usual code folders. An assembly with no cdk.json above it
 * (synthesized elsewhere, copied) is not checked.
 */
export function assertAssemblyFresh(assemblyDir: string): void {
  const manifest = path.join(assemblyDir, 'manifest.json');
  if (!fs.existsSync(manifest)) return;
  const appDir = findAppDir(path.resolve(assemblyDir));
  if (!appDir) return;
  const synthesized = fs.statSync(manifest).mtimeMs;
  const watch = readWatch(appDir);
  const include = toList(watch.include).map(globToRegExp);
  const exclude = toList(watch.exclude).map(globToRegExp);
  const assembly = path.resolve(assemblyDir);
  const newer = newestSource(appDir, '', { include, exclude, assembly, after: synthesized });
  if (newer) throw new StaleAssemblyError(assemblyDir, path.join(appDir, newer));
}

function findAppDir(from: string): string | undefined {
  for (let dir = path.dirname(from); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'cdk.json'))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

function readWatch(appDir: string): WatchSettings {
  try {
    const cdkJson = JSON.parse(fs.readFileSync(path.join(appDir, 'cdk.json'), 'utf8')) as {
      watch?: WatchSettings;
    };
    return cdkJson.watch?.include ? cdkJson.watch : DEFAULT_WATCH;
  } catch {
    return DEFAULT_WATCH;
  }
}

interface Walk {
  readonly include: RegExp[];
  readonly exclude: RegExp[];
  readonly assembly: string;
  readonly after: number;
}

/** The first source file (relative to `root`) modified after `walk.after`, if any. */
function newestSource(root: string, relative: string, walk: Walk): string | undefined {
  const dir = path.join(root, relative);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const rel = relative ? `${relative}/${entry.name}` : entry.name;
    if (NEVER.has(entry.name) || entry.name.startsWith('cdk.out')) continue;
    if (walk.exclude.some((re) => re.test(rel))) continue;
    const full = path.join(root, rel);
    if (entry.isDirectory()) {
      if (full === walk.assembly) continue;
      const found = newestSource(root, rel, walk);
      if (found) return found;
    } else if (entry.isFile() && walk.include.some((re) => re.test(rel))) {
      if (fs.statSync(full).mtimeMs > walk.after) return rel;
    }
  }
  return undefined;
}

function toList(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/**
 * A `watch` glob as a regular expression over slash-separated paths: `**` any depth, `*` within one
 * name, a pattern without a slash matching a name at any depth (as `cdk watch`'s chokidar reads it).
 * Written here: the toolkit's only glob, not worth a dependency.
 */
export function globToRegExp(glob: string): RegExp {
  const anchored = glob.includes('/') && !glob.startsWith('**');
  let body = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      body += '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') body += '[^/]*';
    else if (c === '?') body += '[^/]';
    else body += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`${anchored ? '^' : '(^|/)'}${body}(/.*)?$`);
}
