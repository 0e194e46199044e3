import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { packageRoot } from '../../package-root';

const run = promisify(execFile);

/**
 * AWS's DynamoDB Local (1.25.1) as shipped in this npm package (Apache-2.0): `emulator/` holds
 * DynamoDBLocal.jar and DynamoDBLocal_lib/. Only its tarball is fetched (56 MB), never installed:
 * as a dependency it would add about 280 packages.
 */
export const DYNAMODB_LOCAL_PACKAGE = 'amplify-dynamodb-simulator';
export const DYNAMODB_LOCAL_PACKAGE_VERSION = '2.9.30';
/** The tarball's integrity as the registry publishes it: a different tarball is refused. */
const PACKAGE_INTEGRITY =
  'sha512-xTeeRLvzEfqyd5lh3bH4c0kHvSHHmmhD5ZDsHFKAQ5g2Zl6JqlFdutaQhCLHzxEp6Ry1o7TB6niIoXuQAnSewQ==';

/**
 * `$DYNAMODB_LOCAL_DIR`, or `.cache/dynamodb-local/<package version>/` in this repository; installed
 * as a package (inside node_modules, which `npm ci` wipes), in the user's cache folder instead.
 */
export function dynamoDbLocalDir(): string {
  if (process.env.DYNAMODB_LOCAL_DIR) return process.env.DYNAMODB_LOCAL_DIR;
  const root = packageRoot();
  const cache = root.split(path.sep).includes('node_modules')
    ? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'order-workflow')
    : path.join(root, '.cache');
  return path.join(cache, 'dynamodb-local', DYNAMODB_LOCAL_PACKAGE_VERSION);
}

export interface DynamoDbLocalFiles {
  readonly dir: string;
  readonly jar: string;
  readonly libraryPath: string;
}

function filesIn(dir: string): DynamoDbLocalFiles {
  return {
    dir,
    jar: path.join(dir, 'DynamoDBLocal.jar'),
    libraryPath: path.join(dir, 'DynamoDBLocal_lib'),
  };
}

const installing = new Map<string, Promise<DynamoDbLocalFiles>>();

/**
 * DynamoDB Local's files, fetched once into `dir` with the npm client (which checks the tarball
 * against the registry) and `tar`. The folder appears whole or not at all: it is extracted beside
 * its place and renamed into it, so concurrent processes (jest workers, a CLI) never see half of
 * it; the loser of a rename race uses the winner's copy.
 */
export function ensureDynamoDbLocal(dir = dynamoDbLocalDir()): Promise<DynamoDbLocalFiles> {
  const files = filesIn(dir);
  if (fs.existsSync(files.jar)) return Promise.resolve(files);
  let pending = installing.get(dir);
  if (!pending) {
    pending = install(files).finally(() => installing.delete(dir));
    installing.set(dir, pending);
  }
  return pending;
}

async function install(files: DynamoDbLocalFiles): Promise<DynamoDbLocalFiles> {
  if (fs.existsSync(files.dir) && fs.readdirSync(files.dir).length > 0) {
    throw new Error(
      `${files.dir} exists but has no DynamoDBLocal.jar: remove it, or point DYNAMODB_LOCAL_DIR at a ` +
        'folder holding DynamoDBLocal.jar and DynamoDBLocal_lib/',
    );
  }
  const parent = path.dirname(files.dir);
  fs.mkdirSync(parent, { recursive: true });
  removeAbandonedStaging(parent);
  const staging = path.join(
    parent,
    `.staging-${path.basename(files.dir)}-${process.pid}-${randomBytes(4).toString('hex')}`,
  );
  fs.mkdirSync(staging);
  try {
    const tarball = await packTarball(staging);
    await run('tar', ['-xzf', tarball, '-C', staging, 'package/emulator']).catch((error: Error) => {
      throw new Error(`cannot extract ${tarball} with tar: ${error.message}`, { cause: error });
    });
    const emulator = path.join(staging, 'package', 'emulator');
    if (!fs.existsSync(path.join(emulator, 'DynamoDBLocal.jar'))) {
      throw new Error(`${path.basename(tarball)} has no package/emulator/DynamoDBLocal.jar`);
    }
    try {
      fs.renameSync(emulator, files.dir);
    } catch (error) {
      // Another process renamed its copy first: theirs is complete, ours is dropped.
      if (!fs.existsSync(files.jar)) throw error;
    }
    return files;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** A process killed while fetching leaves its staging folder (66 MB); an hour old, it is abandoned. */
function removeAbandonedStaging(parent: string): void {
  for (const entry of fs.readdirSync(parent)) {
    const folder = path.join(parent, entry);
    // statSync may find nothing: another process can remove its folder meanwhile.
    const modified = entry.startsWith('.staging-') && fs.statSync(folder, { throwIfNoEntry: false })?.mtimeMs;
    if (modified && Date.now() - modified > 3_600_000) fs.rmSync(folder, { recursive: true, force: true });
  }
}

async function packTarball(destination: string): Promise<string> {
  const spec = `${DYNAMODB_LOCAL_PACKAGE}@${DYNAMODB_LOCAL_PACKAGE_VERSION}`;
  const command = `npm pack ${spec} --pack-destination ${destination}`;
  let stdout: string;
  try {
    ({ stdout } = await run(
      process.platform === 'win32' ? 'npm.cmd' : 'npm',
      ['pack', spec, '--pack-destination', destination, '--json', '--silent'],
      { maxBuffer: 16 * 1024 * 1024, timeout: 5 * 60_000, shell: process.platform === 'win32' },
    ));
  } catch (error) {
    const detail = (error as { stderr?: string }).stderr?.trim() || (error as Error).message;
    throw new Error(
      `cannot fetch DynamoDB Local (\`${command}\` failed: ${detail}). Set DYNAMODB_LOCAL_DIR to a ` +
        'folder holding DynamoDBLocal.jar and DynamoDBLocal_lib/ to use a copy you have.',
      { cause: error },
    );
  }
  let packed: { filename: string; integrity: string } | undefined;
  try {
    [packed] = JSON.parse(stdout);
  } catch (error) {
    throw new Error(`\`${command}\` printed no JSON: ${stdout.slice(0, 200)}`, { cause: error });
  }
  if (packed?.integrity !== PACKAGE_INTEGRITY) {
    throw new Error(`${spec}: integrity ${packed?.integrity} is not the pinned ${PACKAGE_INTEGRITY}`);
  }
  return path.join(destination, packed.filename);
}
