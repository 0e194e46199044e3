import { createHash, Hash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The key of a cached cloud assembly of this app: a SHA-256 of everything its synthesis reads,
 * so a cached assembly is reused only when synthesizing again would produce the same one.
 * Deliberately free of aws-cdk-lib: computing it must cost milliseconds, not the second that
 * loading the CDK takes.
 */

/** Bumped when the cache's layout or the key's recipe changes: older entries are then ignored. */
export const ASSEMBLY_CACHE_FORMAT = 1;

/**
 * Folders whose every file is an input: the app and construct sources and the CLI entry (lib/,
 * bin/; the toolkit too, which nothing of the app imports but which costs only a re-synth to
 * include), the handlers' sources (lambdas/) and the prebuilt handler bundles the construct
 * deploys (dist/handlers/).
 */
export const INPUT_FOLDERS = ['lib', 'bin', 'lambdas', path.join('dist', 'handlers')];

/**
 * Single files that are inputs: cdk.json (its context), the lockfile and manifest (the versions of
 * aws-cdk-lib, cdk-nag and the bundles' dependencies), and tsconfig.json (how tsx compiles lib/).
 */
export const INPUT_FILES = ['cdk.json', 'package.json', 'package-lock.json', 'tsconfig.json'];

/**
 * Environment variables the synthesis reads: the stack's env (bin/app.ts's CDK_DEFAULT_*) and
 * context given on the command line of a `cdk` parent process (CDK_CONTEXT_JSON, read by App).
 */
export const INPUT_ENVIRONMENT = ['CDK_DEFAULT_ACCOUNT', 'CDK_DEFAULT_REGION', 'CDK_CONTEXT_JSON'];

export interface AssemblyCacheKeyOptions {
  /** The package root: where cdk.json and the input folders are. */
  readonly root: string;
  /** What distinguishes one synthesis of the same sources from another: the workflow type. */
  readonly variant: string;
  /** @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

/** The key (64 hex digits) of an assembly synthesized from `root` as it is now. */
export function assemblyCacheKey(options: AssemblyCacheKeyOptions): string {
  const hash = createHash('sha256');
  const env = options.env ?? process.env;
  // Each part is length-prefixed: no two different inputs can run together into the same bytes.
  const part = (text: string) => hash.update(`${Buffer.byteLength(text)}:${text}\n`);
  part(`format ${ASSEMBLY_CACHE_FORMAT}`);
  part(`variant ${options.variant}`);
  // The Node.js that runs the synthesis (and tsx's output with it).
  part(`node ${process.version}`);
  for (const name of INPUT_ENVIRONMENT) part(`env ${name}=${env[name] ?? '(unset)'}`);
  for (const file of INPUT_FILES) hashFile(hash, part, options.root, file);
  for (const folder of INPUT_FOLDERS) {
    for (const file of filesUnder(options.root, folder)) hashFile(hash, part, options.root, file);
  }
  return hash.digest('hex');
}

/** A file's path and contents; a missing file counts as missing (creating it changes the key). */
function hashFile(hash: Hash, part: (text: string) => void, root: string, relative: string): void {
  let content: Buffer;
  try {
    content = fs.readFileSync(path.join(root, relative));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    part(`missing ${relative}`);
    return;
  }
  part(`file ${relative.split(path.sep).join('/')} ${content.length}`);
  hash.update(content);
}

/** Every file under `root/folder`, relative to root, in a stable order; none when it is missing. */
function filesUnder(root: string, folder: string): string[] {
  const dir = path.join(root, folder);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
    .sort();
}
