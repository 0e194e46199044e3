/**
 * The package as another project gets it (slow: builds, packs, installs; about a minute).
 * `npm pack`, then a scratch CDK app as `cdk init app --language typescript` writes one installs
 * the tarball and uses the construct from TypeScript (ts-node, `npx cdk synth`), from CommonJS
 * and from an ES module. Prints what it measured: tarball, build, install and synth times.
 *
 * Steps that do not need each other run at once (each `it` awaits its own): the consumer's
 * dependencies install while the package builds; once the tarball is in, the TypeScript synth,
 * the CommonJS and ESM scripts start together, and what reads cdk.out (the consumer's jest, the
 * CLI) starts when the synth is done.
 */
import { ChildProcess, execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { findFunctionBundles } from '../../lib/toolkit/local/function-bundles';
import { CfnTemplate } from '../../lib/toolkit/local/template-resolver';
import {
  DescribeExecutionCommand,
  ListStateMachinesCommand,
  StartExecutionCommand,
  StartSyncExecutionCommand,
} from '@aws-sdk/client-sfn';
import { localSfnClient } from '../support/sfn-client';
import {
  cdkSynth,
  createConsumerApp,
  installTarball,
  OFFLINE_CDK_ENV,
  runNodeScript,
} from './support/consumer-app';
import { childEnv } from './support/pack';
import { PackedTarball, packTarball, stageSource } from './support/pack';

jest.setTimeout(10 * 60_000);

const STEP_COUNT = 6;
const measured: Array<[string, string]> = [];
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

let workDir: string;
let consumerDir: string;
let tarball: PackedTarball;

/** A child process's outcome, whatever its exit code (the test reads it). */
interface Ran {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to its end with a bounded wait (a process that never exits fails here, not CI). */
async function ran(command: string, args: string[], options: { env: NodeJS.ProcessEnv }): Promise<Ran> {
  try {
    const { stdout, stderr } = await promisify(execFile)(command, args, {
      cwd: consumerDir,
      env: options.env,
      encoding: 'utf8',
      timeout: 3 * 60_000,
      maxBuffer: 64 << 20,
    });
    return { status: 0, stdout, stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as { code?: number | string; stdout?: string; stderr?: string };
    return {
      status: typeof code === 'number' ? code : null,
      stdout: stdout ?? '',
      stderr: stderr ?? String(error),
    };
  }
}

/** `npx order-workflow ...` in the consumer. */
const cli = (...args: string[]) =>
  ran('npx', ['order-workflow', ...args], { env: childEnv(OFFLINE_CDK_ENV) });

/** The steps after the install, started at once in beforeAll; each test awaits its own. */
let steps: {
  synth: Promise<number>;
  commonJs: ReturnType<typeof runNodeScript<CfnTemplate>>;
  esModule: ReturnType<typeof runNodeScript<CfnTemplate>>;
  loadedModules: ReturnType<typeof runNodeScript<string[]>>;
  consumerJest: Promise<Ran & { ms: number }>;
  cliRuns: Promise<{ run: Ran; diagram: Ran; cost: Ran }>;
};

beforeAll(async () => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'order-workflow-package-'));
  consumerDir = path.join(workDir, 'consumer');
  // `cdk init` installs the app's dependencies while the package builds and packs.
  const [packed, dependenciesMs] = await Promise.all([
    packTarball(stageSource(path.join(workDir, 'source')), workDir),
    createConsumerApp(consumerDir),
  ]);
  tarball = packed;
  measured.push(['npm run build (handlers, tsc, assets)', seconds(tarball.buildMs)]);
  measured.push([
    'tarball',
    `${(tarball.bytes / 1024).toFixed(0)} KB, ${tarball.files.length} files (${(tarball.unpackedBytes / 1024).toFixed(0)} KB unpacked)`,
  ]);
  measured.push([
    'consumer npm install, cdk init’s dependencies (--prefer-offline)',
    seconds(dependenciesMs),
  ]);
  measured.push(['consumer npm install <tarball>', seconds(await installTarball(consumerDir, tarball.file))]);

  // The CLI's input, written before the synth: a file newer than cdk.out in the app's folder makes
  // the assembly stale for the harness (the consumer's jest runs while the CLI does).
  fs.writeFileSync(
    path.join(consumerDir, 'items.json'),
    JSON.stringify({ items: [{ sku: 'a', quantity: 2 }] }),
  );
  const synth = cdkSynth(consumerDir);
  const afterSynth = <T>(step: () => Promise<T>) => synth.then(step);
  steps = {
    synth,
    commonJs: runNodeScript<CfnTemplate>(consumerDir, 'consumer.cjs', path.join(workDir, 'cjs.out')),
    esModule: runNodeScript<CfnTemplate>(consumerDir, 'consumer.mjs', path.join(workDir, 'esm.out')),
    loadedModules: runNodeScript<string[]>(consumerDir, 'loaded-modules.cjs'),
    consumerJest: afterSynth(async () => {
      const started = performance.now();
      const env = childEnv(OFFLINE_CDK_ENV);
      delete env.JEST_WORKER_ID;
      const run = await ran('npx', ['jest', '--ci', '--colors=false'], { env });
      return { ...run, ms: performance.now() - started };
    }),
    cliRuns: afterSynth(async () => {
      const endpoint = ['--dynamodb-endpoint', process.env.DYNAMODB_LOCAL_ENDPOINT!];
      // One after the other, as a user types them (beside the consumer's jest and the server).
      const run = await cli(
        'run',
        '--state-machine',
        'ConsumerStack/Shipping',
        '--input',
        'items.json',
        '--quiet',
        ...endpoint,
      );
      // Drawn outside the app's folder, for the same reason as items.json.
      const diagram = await cli(
        'diagram',
        '--state-machine',
        'Shipping',
        '--out',
        path.join(workDir, 'shipping.svg'),
      );
      const cost = await cli('cost', '--state-machine', 'ConsumerStack/Shipping', '--json');
      return { run, diagram, cost };
    }),
  };
  // Each is awaited by its test; until then a failure must not count as unhandled.
  for (const step of Object.values(steps)) (step as Promise<unknown>).catch(() => undefined);
});

afterAll(() => {
  console.log(measured.map(([what, value]) => `${what}: ${value}`).join('\n'));
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

describe('the packed tarball', () => {
  it('holds the build and nothing of the sources, tests, scripts or CI', () => {
    const outside = tarball.files.filter((file) => !file.startsWith('dist/'));
    expect(outside.sort()).toEqual(['README.md', 'bin/order-workflow-cli.js', 'package.json']);
    expect(tarball.files.filter((file) => /\.ts$/.test(file) && !file.endsWith('.d.ts'))).toEqual([]);
    expect(tarball.files).toEqual(expect.arrayContaining(['dist/lib/index.js', 'dist/lib/index.d.ts']));
    expect(tarball.files.filter((file) => /^dist\/handlers\/[^/]+\/index\.js$/.test(file))).toHaveLength(
      STEP_COUNT,
    );
  });
});

describe('a consumer CDK app (cdk init, TypeScript, ts-node)', () => {
  it('synthesizes the Express OrderWorkflow (its own carrier in Ship Order) and a state machine of its own', async () => {
    measured.push(['npx cdk synth (ts-node, TypeScript app)', seconds(await steps.synth)]);
    const assembly = path.join(consumerDir, 'cdk.out');
    const template = JSON.parse(
      fs.readFileSync(path.join(assembly, 'ConsumerStack.template.json'), 'utf8'),
    ) as CfnTemplate;
    const resources = Object.values(template.Resources ?? {});
    const types = resources.filter((r) => r.Type === 'AWS::StepFunctions::StateMachine');
    expect(types.map((m) => m.Properties?.StateMachineType ?? 'STANDARD').sort()).toEqual([
      'EXPRESS',
      'STANDARD',
    ]);
    // Five of the package's handlers deploy from its bundles; Ship Order is the consumer's own.
    const shipped = path.join(consumerDir, 'node_modules', 'order-workflow', 'dist', 'handlers');
    const bundles = new Map(
      fs.readdirSync(shipped).map((step) => [readBundle(path.join(shipped, step)), step]),
    );
    const deployed = findFunctionBundles(assembly, 'ConsumerStack', template)
      .filter((b) => b.directory.startsWith(assembly))
      .map((b) => bundles.get(readBundle(b.directory)));
    expect(deployed.sort()).toEqual(
      ['notify-out-of-stock', 'process-payment', 'refund-payment', 'stock', 'validate-order'].sort(),
    );
  });

  it('requires the construct from plain CommonJS and synthesizes', async () => {
    const { value, ms } = await steps.commonJs;
    measured.push(['require() from CommonJS + synth', seconds(ms)]);
    expectExpressWorkflow(value);
  });

  it('imports the construct from an ES module and synthesizes', async () => {
    const { value, ms } = await steps.esModule;
    measured.push(['import from ESM + synth', seconds(ms)]);
    expectExpressWorkflow(value);
  });

  it('loads none of the local toolkit, the CLI or their dependencies with the construct', async () => {
    const { value: loaded } = await steps.loadedModules;
    const inPackage = loaded
      .map((file) => file.split(`${path.sep}node_modules${path.sep}`).pop()!)
      .filter((file) => file.startsWith('order-workflow/'));
    const construct = /^order-workflow\/dist\/(lib\/index\.js|lib\/construct\/|lambdas\/shared\/)/;
    expect(inPackage.filter((file) => !construct.test(file))).toEqual([]);
    const packages = new Set(loaded.map(packageOf).filter(Boolean));
    expect([...packages].sort()).toEqual(['aws-cdk-lib', 'constructs', 'order-workflow']);
  });
});

describe('the toolkit, from the consumer app', () => {
  it('runs the consumer’s own jest test on order-workflow/testing (its machine and the installed workflow)', async () => {
    // A bounded wait: a consumer suite that never exits (a handle left open) fails here, not CI.
    const run = await steps.consumerJest;
    measured.push(['consumer npx jest (harness: 3 executions, ts-jest)', seconds(run.ms)]);
    if (run.status !== 0) throw new Error(`the consumer's jest failed:\n${run.stderr}${run.stdout}`);
    expect(/Tests:.*/.exec(run.stderr)?.[0]).toBe('Tests:       3 passed, 3 total');
  });

  it('serves cdk.out with npx order-workflow start --assembly, driven by @aws-sdk/client-sfn', async () => {
    await steps.synth;
    const started = performance.now();
    const server = spawn(
      'npx',
      ['order-workflow', 'start', '--assembly', 'cdk.out', '--port', '0', '--no-dynamodb'],
      {
        cwd: consumerDir,
        env: childEnv(OFFLINE_CDK_ENV),
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      },
    );
    try {
      const url = await endpointUrl(server);
      measured.push([
        'npx order-workflow start --assembly cdk.out: listening',
        seconds(performance.now() - started),
      ]);
      const sfn = localSfnClient(url);
      const { stateMachines } = await sfn.send(new ListStateMachinesCommand({}));
      const byType = (type: string) => stateMachines!.filter((m) => m.type === type);
      expect(byType('STANDARD')).toHaveLength(1);
      expect(byType('EXPRESS')).toHaveLength(1);

      const items = [{ sku: 'a', quantity: 1 }];
      const { executionArn } = await sfn.send(
        new StartExecutionCommand({
          stateMachineArn: byType('STANDARD')[0].stateMachineArn,
          input: JSON.stringify({ items }),
        }),
      );
      let execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      for (let i = 0; execution.status === 'RUNNING' && i < 100; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      }
      expect(execution.status).toBe('SUCCEEDED');
      expect(JSON.parse(execution.output!)).toEqual({ count: 1, weights: [{ sku: 'a', kg: 2 }] });

      const order = await sfn.send(
        new StartSyncExecutionCommand({
          stateMachineArn: byType('EXPRESS')[0].stateMachineArn,
          input: JSON.stringify({ orderId: 'o-3', items: [] }),
        }),
      );
      expect(order).toMatchObject({ status: 'FAILED', error: 'OrderValidationFailed' });
    } finally {
      process.kill(-server.pid!, 'SIGTERM');
    }
  });
  it('runs, draws and prices the consumer’s state machine with npx order-workflow, picked by construct path', async () => {
    const { run, diagram, cost } = await steps.cliRuns;
    expect({ status: run.status, err: run.stderr }).toEqual({ status: 0, err: '' });
    expect(run.stdout).toMatch(/✔ Heavy\? \(Choice\)[\s\S]*✔ Parcel \(Succeed\)[\s\S]*SUCCEEDED in/);

    expect(diagram.status).toBe(0);
    expect(fs.readFileSync(path.join(workDir, 'shipping.svg'), 'utf8')).toMatch(/^<svg[\s\S]*Weigh items/);

    expect(cost.status).toBe(0);
    expect(JSON.parse(cost.stdout)).toHaveProperty('recommendation');
  });
});

/** The URL the CLI's banner prints once it listens. */
function endpointUrl(server: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    server.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /local endpoint on (http:\/\/[\d.]+:\d+)/.exec(out);
      if (match) resolve(match[1]);
    });
    server.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    server.on('exit', (code) => reject(new Error(`order-workflow start exited ${code}: ${err}${out}`)));
  });
}

/** One Express state machine and the six default functions, deployed from assets. */
function expectExpressWorkflow(template: CfnTemplate): void {
  const resources = Object.values(template.Resources ?? {});
  const machines = resources.filter((r) => r.Type === 'AWS::StepFunctions::StateMachine');
  expect(machines.map((m) => m.Properties?.StateMachineType)).toEqual(['EXPRESS']);
  const functions = resources.filter((r) => r.Type === 'AWS::Lambda::Function');
  expect(functions).toHaveLength(STEP_COUNT);
  for (const fn of functions) {
    expect(fn.Properties).toMatchObject({ Handler: 'index.handler', Runtime: 'nodejs24.x' });
  }
}

const readBundle = (dir: string) => fs.readFileSync(path.join(dir, 'index.js'), 'utf8');

/** `aws-cdk-lib` for `.../node_modules/aws-cdk-lib/core/index.js`, `@scope/name` for a scoped one. */
function packageOf(file: string): string | undefined {
  const parts = file.split(`${path.sep}node_modules${path.sep}`);
  if (parts.length < 2) return undefined;
  const segments = parts[parts.length - 1].split(path.sep);
  return segments[0].startsWith('@') ? `${segments[0]}/${segments[1]}` : segments[0];
}
