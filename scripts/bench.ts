/**
 * npm run bench — measures, on this machine, what the README's Performance section reports:
 * synthesis time, and executions per second of the full order workflow in-process and through the
 * HTTP endpoint (client-sfn), with the real bundled handlers and with every task mocked.
 * A benchmark, not a test: it prints figures and asserts nothing.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { StartSyncExecutionCommand } from '@aws-sdk/client-sfn';
import { localSfnClient } from '../test/support/sfn-client';
import { startDynamoDbLocal } from '../lib/toolkit/local/dynamodb/dynamodb-local';
import { StateMachine as AwsLocalStateMachine } from 'aws-local-stepfunctions';
import { createInterpreter } from '../lib/toolkit/asl/interpreter';
import type { Engine, StateMachine } from '../lib/toolkit/asl/engine';
import { FunctionRunner } from '../lib/toolkit/local/lambda/function-runner';
import { loadLocalApp } from '../lib/toolkit/local/local-app';
import { synthesizeApp, WorkflowTypeName } from '../lib/app/synthesize';
import { LocalService, startLocal } from '../lib/toolkit/server/start-local';
import type { ExecutionTarget } from '../lib/toolkit/local/local-runtime';
import { ALL_MOCKED, allMocked, happyPathResponses } from '../test/drills/support/all-mocked';
import { ChargeCounter, listedExecutionArns, runOrders, writeDrillSeed } from '../test/drills/support/drill';
import {
  assessSuccessRate,
  ATTEMPTS,
  completesDespiteFaults,
  HAPPY_PATH_TASKS,
  predictedSuccessRate,
} from '../test/drills/support/success-rate';
import { VirtualClock } from '../lib/toolkit/asl/clock';
import type { DynamoDbLocal } from '../lib/toolkit/local/dynamodb/dynamodb-local';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const ORDER = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'examples', 'order.json'), 'utf8'));
const rows: Array<[string, string]> = [];
const row = (what: string, figure: string) => {
  rows.push([what, figure]);
  console.error(`${what}: ${figure}`);
};

/** A bench order with an id of its own, as a value (the runtime's API) ... */
function orderValue(): object {
  return { ...ORDER, orderId: `bench-${randomUUID().slice(0, 12)}` };
}

/** ... and as the JSON text a client sends. */
function order(): string {
  return JSON.stringify(orderValue());
}

async function pool(total: number, concurrency: number, work: () => Promise<number>) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < total) latencies.push(await work());
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
  return { perSecond: total / seconds, p50: pct(50), p99: pct(99) };
}

async function inProcess(local: LocalService, target: ExecutionTarget, total: number, concurrency: number) {
  return pool(total, concurrency, async () => {
    const t0 = performance.now();
    const record = local.runtime.start({ ...target, input: orderValue() });
    await local.runtime.waitFor(record.executionArn);
    if (record.status !== 'SUCCEEDED') throw new Error(`${record.status}: ${record.error} ${record.cause}`);
    return performance.now() - t0;
  });
}

async function throughEndpoint(local: LocalService, arn: string, total: number, concurrency: number) {
  const sfn = localSfnClient(local.url);
  try {
    return await pool(total, concurrency, async () => {
      const t0 = performance.now();
      const result = await sfn.send(new StartSyncExecutionCommand({ stateMachineArn: arn, input: order() }));
      if (result.status !== 'SUCCEEDED') throw new Error(`${result.status}: ${result.error}`);
      return performance.now() - t0;
    });
  } finally {
    sfn.destroy();
  }
}

/**
 * A definition both engines can run on Node 20 (aws-local-stepfunctions needs Node 22 for Task
 * states): a loop of Pass states with Parameters, intrinsic functions and a Choice, 10 rounds.
 */
const PURE_DEFINITION = {
  StartAt: 'Init',
  States: {
    Init: { Type: 'Pass', Parameters: { 'count.$': '$.count', 'order.$': '$.order' }, Next: 'Price' },
    Price: {
      Type: 'Pass',
      Parameters: {
        'count.$': 'States.MathAdd($.count, 1)',
        'order.$': '$.order',
        'label.$': "States.Format('order {} round {}', $.order.orderId, $.count)",
      },
      Next: 'Again?',
    },
    'Again?': {
      Type: 'Choice',
      Choices: [{ Variable: '$.count', NumericLessThan: 10, Next: 'Price' }],
      Default: 'Done',
    },
    Done: { Type: 'Pass', ResultPath: '$.done', Result: true, End: true },
  },
};

/** Its package.json is not among its exports: read it beside the resolved entry point. */
const AWS_LOCAL_VERSION = JSON.parse(
  fs.readFileSync(
    path.join(path.dirname(require.resolve('aws-local-stepfunctions')), '..', 'package.json'),
    'utf8',
  ),
).version as string;

/** A definition parsed once, as a runtime does before it starts executions of it. */
function parsed(engine: Engine, definition: unknown): StateMachine {
  const { machine, problems } = engine.parse(definition);
  if (!machine) throw new Error(`invalid definition: ${problems.map((p) => p.message).join(', ')}`);
  return machine;
}

/** Executions a second of `runOne`, one at a time, after 50 to warm up. */
async function oneAtATime(executions: number, runOne: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 50; i++) await runOne();
  const t0 = performance.now();
  for (let i = 0; i < executions; i++) await runOne();
  return executions / ((performance.now() - t0) / 1000);
}

/** Our interpreter against aws-local-stepfunctions on the same definition and input, one run each. */
async function compareEngines(executions: number) {
  const input = { count: 0, order: ORDER };
  const time = (runOne: () => Promise<unknown>) => oneAtATime(executions, runOne);
  const engine = createInterpreter();
  const pure = parsed(engine, PURE_DEFINITION);
  const ours = await time(async () => {
    const outcome = await engine.start(pure, {
      input,
      executionArn: 'arn:aws:states:us-east-1:123456789012:execution:bench:run',
      executionName: 'run',
      stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:bench',
      stateMachineName: 'bench',
      taskHandler: async () => ({}),
    }).done;
    if (outcome.status !== 'SUCCEEDED') throw new Error(JSON.stringify(outcome));
  });
  const borrowed = new AwsLocalStateMachine(PURE_DEFINITION as never, {
    validationOptions: { checkPaths: false, checkArn: false },
  });
  const theirs = await time(() => borrowed.run(input as never).result);
  row(
    `engine alone, Pass/Choice loop (41 states run): ours vs aws-local-stepfunctions ${AWS_LOCAL_VERSION}`,
    `${ours.toFixed(0)} vs ${theirs.toFixed(0)} exec/s: ${(ours / theirs).toFixed(2)}×`,
  );
}

/**
 * aws-local-stepfunctions 3 calls Promise.withResolvers in Task states (Node 22); the bench runs it
 * on Node 20 with this polyfill, which does exactly what the built-in does.
 */
function polyfillWithResolvers() {
  const P = Promise as unknown as { withResolvers?: () => unknown };
  P.withResolvers ??= () => {
    let resolve!: (value: unknown) => void;
    let reject!: (reason: unknown) => void;
    const promise = new Promise((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}

/**
 * The order workflow's own synthesized definition, every task stubbed with the same responses, one
 * execution at a time: the raw borrowed engine, our engine alone, and our whole in-process runtime
 * (mock configuration, executions store, history). The ratios are our layers' cost or gain.
 */
async function compareOnOrderWorkflow(local: LocalService, executions: number) {
  polyfillWithResolvers();
  const machine = local.runtime.listStateMachines()[0];
  const responses = happyPathResponses(ORDER);
  // ResultPath "$" is the default; aws-local-stepfunctions 3.0.0 writes it to a key named "$".
  const definition = JSON.parse(JSON.stringify(machine.definition), (key, value) =>
    key === 'ResultPath' && value === '$' ? undefined : value,
  );
  // Its context object is static: it cannot count retries, so give it the first attempt's.
  const context = {
    Execution: { Id: 'arn:aws:states:us-east-1:123456789012:execution:bench:run', Name: 'run' },
    State: { EnteredTime: new Date().toISOString(), Name: '', RetryCount: 0 },
    StateMachine: { Id: machine.arn, Name: machine.name },
  };
  const borrowed = new AwsLocalStateMachine(definition, {
    validationOptions: { checkPaths: false, checkArn: false },
  });
  const taskResourceLocalHandlers = Object.fromEntries(
    Object.entries(responses).map(([state, value]) => [state, async () => value]),
  );
  const time = (runOne: () => Promise<unknown>) => oneAtATime(executions, runOne);
  const theirs = await time(async () => {
    const output = (await borrowed.run(ORDER, { overrides: { taskResourceLocalHandlers }, context } as never)
      .result) as { shipment?: unknown };
    if (!output.shipment) throw new Error(`aws-local-stepfunctions: ${JSON.stringify(output)}`);
  });
  const engine = createInterpreter();
  const parsedMachine = parsed(engine, machine.definition);
  const ours = await time(async () => {
    const outcome = await engine.start(parsedMachine, {
      input: ORDER,
      executionArn: 'arn:aws:states:us-east-1:123456789012:execution:bench:run',
      executionName: 'run',
      stateMachineArn: machine.arn,
      stateMachineName: machine.name,
      taskHandler: async (task) => responses[task.stateName],
    }).done;
    if (outcome.status !== 'SUCCEEDED') throw new Error(JSON.stringify(outcome));
  });
  const runtime = await time(async () => {
    const record = local.runtime.start({
      stateMachine: machine.arn,
      testCase: ALL_MOCKED,
      input: orderValue(),
    });
    await local.runtime.waitFor(record.executionArn);
    if (record.status !== 'SUCCEEDED') throw new Error(`${record.status}: ${record.error} ${record.cause}`);
  });
  row(
    `order workflow (synthesized), tasks stubbed, one at a time: aws-local-stepfunctions ${AWS_LOCAL_VERSION} / our engine / our runtime`,
    `${theirs.toFixed(0)} / ${ours.toFixed(0)} (${(ours / theirs).toFixed(2)}×) / ${runtime.toFixed(0)} exec/s (${(runtime / theirs).toFixed(2)}×)`,
  );
}

/** Each handler bundle's size and its cold load (module init) time in a fresh worker. */
async function measureBundles(assemblyDir: string) {
  const app = loadLocalApp(assemblyDir);
  for (const fn of app.functions) {
    const size = fs.statSync(path.join(fn.directory, 'index.js')).size;
    const inits: number[] = [];
    for (let i = 0; i < 5; i++) {
      const runner = new FunctionRunner({ maxWorkersPerFunction: 1 });
      const result = await runner.invoke(fn, {}); // a malformed event: only the load is measured
      inits.push(result.initDurationMs ?? NaN);
      await runner.close();
    }
    inits.sort((a, b) => a - b);
    const step = fn.name.replace(/^OrderWorkflow(\w+?)Function[0-9A-F]{8}$/, '$1');
    row(
      `bundle ${step}: size (budget 100 KB), cold load median of 5`,
      `${(size / 1024).toFixed(1)} KB, ${inits[2].toFixed(0)} ms`,
    );
  }
}

/** `npx cdk synth` as a user runs it (CLI, tsx, bundling, cdk-nag): the median of `runs`. */
function cliSynth(runs: number, outdir: string) {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    execFileSync('npx', ['cdk', 'synth', '--quiet', '--no-notices', '-o', outdir], {
      cwd: path.join(__dirname, '..'),
      env: { ...process.env, CDK_DISABLE_VERSION_CHECK: '1', CDK_DISABLE_CLI_TELEMETRY: 'true' },
      stdio: 'ignore',
    });
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  row(
    `\`npx cdk synth\` (CLI, bundling, cdk-nag), median of ${runs} (min ${(times[0] / 1000).toFixed(1)} s)`,
    `${(times[Math.floor(runs / 2)] / 1000).toFixed(1)} s`,
  );
}

/**
 * The edit-run loop: `npx order-workflow run` as a user types it, once cold (this app's cached
 * Standard assemblies removed: it synthesizes) and then repeated with nothing changed (median of 3:
 * the cached assembly, DynamoDB Local started for the run). Wall time of the whole command, npx
 * and Node.js start included.
 */
function measureRunLoop(repeats = 3) {
  const root = path.join(__dirname, '..');
  const cacheDir = path.join(root, 'cdk.out.local');
  for (const name of fs.existsSync(cacheDir) ? fs.readdirSync(cacheDir) : []) {
    if (/^standard-[0-9a-f]{16}$/.test(name))
      fs.rmSync(path.join(cacheDir, name), { recursive: true, force: true });
  }
  const runOnce = () => {
    const t0 = performance.now();
    execFileSync('npx', ['order-workflow', 'run', '--input', 'examples/order.json', '--quiet'], {
      cwd: root,
      stdio: 'ignore',
    });
    return performance.now() - t0;
  };
  const cold = runOnce();
  const repeated = Array.from({ length: repeats }, runOnce).sort((a, b) => a - b);
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  row(
    `\`npx order-workflow run --input examples/order.json --quiet\`: cold (cache cleared) / repeated (median of ${repeats})`,
    `${seconds(cold)} / ${seconds(repeated[Math.floor(repeats / 2)])} (repeated ${repeated.map(seconds).join(', ')})`,
  );
}

/** Heap after a full collection, and the process's resident set (worker threads included), in MB. */
const collectGarbage = (() => {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
})();
function memory() {
  collectGarbage();
  collectGarbage();
  const { heapUsed, rss } = process.memoryUsage();
  return { heapMb: heapUsed / 2 ** 20, rssMb: rss / 2 ** 20 };
}

/**
 * The soak: `total` orders through the endpoint (StartExecution, client-sfn) on the Standard app with
 * its real handlers, every task failing transiently 30% of the time (seeded). Reports throughput,
 * the success rate against the retry policy's prediction, double charges, executions that never
 * ended or that ListExecutions misses, and the process's memory before and after.
 */
async function soak(total: number, assemblyDir: string, dynamodb: DynamoDbLocal) {
  const faults = { rate: 0.3, seed: 2026 };
  const seedFile = writeDrillSeed();
  const charges = new ChargeCounter();
  const local = await startLocal({
    assemblyDir,
    port: 0,
    dynamodb: { endpoint: dynamodb.endpoint, seedFile },
    clock: new VirtualClock(),
    faults,
    onFunctionLog: charges.onFunctionLog,
  });
  const sfn = localSfnClient(local.url);
  try {
    const arn = local.runtime.listStateMachines()[0].arn;
    await runOrders(local, sfn, arn, ['soak-warm-1', 'soak-warm-2', 'soak-warm-3'], { concurrency: 3 });
    const before = memory();
    const ids = Array.from({ length: total }, (_, i) => `soak-${i}`);
    const outcome = await runOrders(local, sfn, arn, ids, { concurrency: 25, deadlineMs: 3_600_000 });
    const after = memory();
    const listed = await listedExecutionArns(sfn, arn);
    const predicted = predictedSuccessRate(faults.rate, ATTEMPTS, HAPPY_PATH_TASKS.length);
    const asPredicted = outcome.records.filter(
      (r) => (r.status === 'SUCCEEDED') === completesDespiteFaults(faults, r.name),
    ).length;
    const failures = [...outcome.failures].map(([error, n]) => `${error} ${n}`).join(', ');
    row(
      `soak: ${total} orders via endpoint, Standard, real handlers, 30% faults, concurrency 25`,
      `${(total / outcome.seconds).toFixed(0)} exec/s; ${outcome.hung.length} hung, ` +
        `${outcome.otherEnds.length} aborted or timed out; ` +
        `listed ${outcome.records.filter((r) => listed.has(r.executionArn)).length}/${total}; ` +
        `charged twice ${charges.chargedTwice().length}`,
    );
    row(
      'soak: outcome',
      `${assessSuccessRate(outcome.succeeded, total, predicted).message}; ` +
        `${asPredicted}/${total} ended as their faults predict; failed: ${failures}`,
    );
    row(
      `soak: memory before → after ${total} executions (heap after GC; RSS with workers)`,
      `heap ${before.heapMb.toFixed(0)} → ${after.heapMb.toFixed(0)} MB; RSS ${before.rssMb.toFixed(0)} → ${after.rssMb.toFixed(0)} MB; ` +
        `${local.runtime.allExecutions().length} summaries, histories kept for the newest 1,000`,
    );
  } finally {
    sfn.destroy();
    await local.close();
    fs.rmSync(path.dirname(seedFile), { recursive: true, force: true });
  }
}

const fmt = (r: { perSecond: number; p50: number; p99: number }) =>
  `${r.perSecond.toFixed(0)} exec/s (p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms)`;

async function main() {
  const total = Number(process.env.BENCH_EXECUTIONS ?? 500);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'order-workflow-bench-'));
  await compareEngines(Math.max(total, 1000));
  // One DynamoDB Local for the whole run, each service in its own namespace (access key).
  const dynamodb = await startDynamoDbLocal();
  row(
    'DynamoDB Local start-up (java, in memory, until ListTables answers)',
    `${(dynamodb.startupMs / 1000).toFixed(1)} s`,
  );
  // The catalogue with stock enough for every order of the run: the bench measures the happy path.
  const seedFile = path.join(tmp, 'bench-seed.json');
  const seed = JSON.parse(
    fs.readFileSync(path.join(__dirname, '..', 'examples', 'inventory-seed.json'), 'utf8'),
  );
  for (const items of Object.values(seed) as Array<Array<{ available: number }>>) {
    for (const item of items) item.available = 1_000_000_000;
  }
  fs.writeFileSync(seedFile, JSON.stringify(seed));
  const assemblies: Partial<Record<WorkflowTypeName, string>> = {};
  for (const type of ['STANDARD', 'EXPRESS'] as const) {
    const t0 = performance.now();
    assemblies[type] = synthesizeApp(type, path.join(tmp, type));
    row(
      `synthesize the ${type} app in-process (bundling, cdk-nag)`,
      `${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
  }

  const firstMachine = (local: LocalService) => local.runtime.listStateMachines()[0];
  for (const mocked of [false, true]) {
    const kind = mocked ? 'all tasks mocked' : 'real bundled handlers';
    const serve = (assemblyDir: string) =>
      startLocal({
        assemblyDir,
        port: 0,
        maxWorkersPerFunction: 2,
        mockConfig: mocked ? allMocked(loadLocalApp(assemblyDir).stateMachines[0].name, ORDER) : undefined,
        dynamodb: { endpoint: dynamodb.endpoint, seedFile },
      });
    const standard = await serve(assemblies.STANDARD!);
    const express = await serve(assemblies.EXPRESS!);
    try {
      const std = firstMachine(standard);
      const exp = firstMachine(express);
      const suffix = mocked ? `#${ALL_MOCKED}` : '';
      const target = { stateMachine: std.arn, testCase: mocked ? ALL_MOCKED : undefined };
      if (mocked) await compareOnOrderWorkflow(standard, total);
      await inProcess(standard, target, 20, 5); // warm the workers
      row(`in-process, Standard, ${kind}, concurrency 10`, fmt(await inProcess(standard, target, total, 10)));
      for (const concurrency of [1, 10, 50]) {
        row(
          `endpoint StartSyncExecution (client-sfn), Express, ${kind}, concurrency ${concurrency}`,
          fmt(
            await throughEndpoint(
              express,
              exp.arn + suffix,
              concurrency === 1 ? Math.min(total, 200) : total,
              concurrency,
            ),
          ),
        );
      }
    } finally {
      await standard.close();
      await express.close();
    }
  }
  await measureBundles(assemblies.STANDARD!);
  await soak(Number(process.env.BENCH_SOAK ?? 10_000), assemblies.STANDARD!, dynamodb);
  await dynamodb.stop();
  cliSynth(3, path.join(tmp, 'cli'));
  measureRunLoop();
  fs.rmSync(tmp, { recursive: true, force: true });

  const width = Math.max(...rows.map(([w]) => w.length));
  console.log(
    `\norder-workflow bench — ${os.cpus().length} × ${os.cpus()[0].model}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${total} executions per row\n`,
  );
  console.log(`| ${'what'.padEnd(width)} | figure |`);
  console.log(`| ${'-'.repeat(width)} | ------ |`);
  for (const [what, figure] of rows) console.log(`| ${what.padEnd(width)} | ${figure} |`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
