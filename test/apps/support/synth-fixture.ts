import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

const REPO_ROOT = path.resolve(__dirname, '../../..');
/** The third-party apps, copied as written (see test/fixtures/apps/README.md). */
export const FIXTURE_APPS_DIR = path.join(REPO_ROOT, 'test/fixtures/apps');
const CDK = path.join(REPO_ROOT, 'node_modules/.bin/cdk');
const TSX = path.join(REPO_ROOT, 'node_modules/.bin/tsx');

/**
 * CDK_VALIDATION=false skips aws-cdk-lib's built-in CloudFormation lint (CloudFormationValidatePlugin,
 * WebAssembly): it only reports (warnings unless the app opts in) and writes validation-report.json,
 * yet took 6.4 of 7.5 CPU seconds synthesizing the job poller. The assembly is the same without it.
 */
const SYNTH_ENV = { CDK_DISABLE_VERSION_CHECK: '1', CDK_VALIDATION: 'false' };

/** One fixture app: its folder under test/fixtures/apps (where cdk.json is) and its entry file. */
export interface FixtureApp {
  readonly dir: string;
  readonly entry: string;
}

export interface SynthesizedApp {
  /** The cloud assembly, in the temp folder: no node_modules above it, as on Lambda. */
  readonly assemblyDir: string;
  readonly seconds: number;
  /** Removes the assembly. */
  remove(): void;
}

/**
 * Synthesizes a fixture app as its user would, with the CDK CLI from the app's folder (so its
 * cdk.json context and feature flags apply), into a fresh temp folder. The app runs through tsx
 * rather than the app's own `ts-node`/`tsc` command: the same code, without type-checking time.
 * The CLI and tsx are called by path: `npx` from the fixture folder would look for them in a
 * node_modules the fixture does not have and try the registry.
 */
export async function synthFixture(app: FixtureApp): Promise<SynthesizedApp> {
  const cwd = path.join(FIXTURE_APPS_DIR, app.dir);
  const assemblyDir = fs.mkdtempSync(path.join(os.tmpdir(), `fixture-${path.basename(app.dir)}-`));
  const remove = () => fs.rmSync(assemblyDir, { recursive: true, force: true });
  const started = process.hrtime.bigint();
  try {
    await run(
      CDK,
      ['synth', '-q', '--no-notices', '--app', `"${TSX}" ${app.entry}`, '--output', assemblyDir],
      { cwd, env: { ...process.env, ...SYNTH_ENV }, maxBuffer: 16 * 1024 * 1024 },
    );
  } catch (error) {
    remove();
    const { stderr, message } = error as { stderr?: string; message: string };
    throw new Error(`cdk synth of ${app.dir} failed: ${message}\n${tail(stderr ?? '')}`, { cause: error });
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { assemblyDir, seconds, remove };
}

function tail(text: string, lines = 30): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}
