#!/usr/bin/env node
/**
 * order-workflow's command line: run the synthesized workflow locally.
 *   start        serve the Step Functions, Lambda and SNS APIs on 127.0.0.1:8083 (and DynamoDB Local)
 *   seed         (re)load seed data into a running DynamoDB Local
 *   run          run one execution and print the path it took
 *   conformance  run AWS-recorded executions through the local runtime and compare
 *   cost         Standard or Express: paths, transitions and a month's cost at a volume
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { mixOption, parseOrders, positiveInteger, positiveNumber } from '../lib/toolkit/cli/cost-options';
import { parseWaitTimeScale } from '../lib/toolkit/cli/sfn-local-environment';
import { validateFaultInjection } from '../lib/toolkit/local/fault-injection';

// Each command's module is imported when that command runs: `run` need not load the conformance
// runner, the diagram layout, the cost advisor (with the CDK's assembly reader) or the endpoint's console.

// The AWS SDK warns on Node 20 about its releases after January 2027; the lockfile keeps today's.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const program = new Command('order-workflow').description(
  'Run the synthesized order workflow offline: its exact definition and bundled Lambda code.',
);

const typeOption = () =>
  new Option('-t, --type <type>', 'workflow type to synthesize')
    .choices(['standard', 'express'])
    .default('standard');
/** On every command that synthesizes this app (see lib/toolkit/cli/this-app.ts). */
const noCacheOption = () =>
  new Option(
    '--no-cache',
    'synthesize the app even when its cached assembly is up to date (cdk.out.local/<type>-<key>/)',
  );
const port = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError('a port is a whole number from 0 to 65535');
  return n;
};

const faultRate = (value: string) => {
  const rate = value.trim() === '' ? NaN : Number(value);
  try {
    validateFaultInjection({ rate });
  } catch (error) {
    throw new InvalidArgumentError(`${(error as Error).message} (e.g. 0.3)`);
  }
  return rate;
};
const waitTimeScale = (value: string) => {
  try {
    return parseWaitTimeScale(value, '--wait-time-scale')!;
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
};
const wholeNumber = (value: string) => {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new InvalidArgumentError('expected a whole number');
  return n;
};

program
  .command('start')
  .description('serve the app on a local Step Functions endpoint (also Lambda Invoke and SNS Publish)')
  .addOption(typeOption())
  .option('-p, --port <port>', 'port to listen on (0: any free port)', port, 8083)
  .option('-a, --assembly <dir>', 'serve this cloud assembly (cdk.out) instead of synthesizing the app')
  .option('-m, --mock-config <file>', 'a Step Functions Local mock configuration (default: $SFN_MOCK_CONFIG)')
  .option(
    '--wait-time-scale <scale>',
    'Wait states and retry intervals last this many times their time: 0 skips them (default: $WAIT_TIME_SCALE, else 1)',
    waitTimeScale,
  )
  .option(
    '-s, --seed <file>',
    'seed data for the app’s DynamoDB tables (default: examples/inventory-seed.json for this app)',
  )
  .option('--db-path <dir>', 'keep DynamoDB Local’s tables in this folder (default: in memory)')
  .option('--dynamodb-port <port>', 'port for DynamoDB Local (0: any free port)', port, 8000)
  .option('--dynamodb-endpoint <url>', 'use this running DynamoDB Local instead of starting one')
  .option('--access-key <key>', 'the tables’ namespace in DynamoDB Local (letters and digits)', 'local')
  .option('--no-dynamodb', 'start no DynamoDB Local (DynamoDB tasks fail unless mocked)')
  .option(
    '--host-node',
    'run every Node.js function on this Node.js (default: each on its runtime’s major, fetched once)',
  )
  .option(
    '--fault-rate <rate>',
    'fail this share of task attempts transiently, half before and half after the call (a drill)',
    faultRate,
  )
  .option(
    '--fault-seed <seed>',
    'seed of the injected faults (the same seed fails the same attempts)',
    wholeNumber,
    0,
  )
  .addOption(noCacheOption())
  .action(async (options) => {
    const { startEndpoint } = await import('../lib/toolkit/cli/start-command');
    await startEndpoint(options);
  });

program
  .command('seed')
  .description('(re)load seed data into a running DynamoDB Local (creating the app’s tables where missing)')
  .option('-e, --endpoint <url>', 'the DynamoDB Local', 'http://127.0.0.1:8000')
  .option('-k, --access-key <key>', 'the namespace whose tables get the data', 'local')
  .option('-f, --file <file>', 'the seed file (default: examples/inventory-seed.json)')
  .addOption(typeOption())
  .option('-a, --assembly <dir>', 'the app’s cloud assembly (cdk.out) instead of synthesizing the app')
  .addOption(noCacheOption())
  .action(async (options) => {
    const { seedCommand } = await import('../lib/toolkit/cli/seed-command');
    await seedCommand(options);
  });

program
  .command('run')
  .description('run one execution and print the path taken, each state’s input and output, and the result')
  .option(
    '-i, --input <json-or-file>',
    'the execution input: JSON text, or a JSON file (file://in.json or a path; default: the state machine’s example input, else {})',
  )
  .addOption(typeOption())
  .option('-a, --assembly <dir>', 'run this cloud assembly (cdk.out) instead of synthesizing the app')
  .option('-m, --mock-config <file>', 'a Step Functions Local mock configuration')
  .option('-c, --test-case <name>', 'the mock configuration test case to run under')
  .option('-n, --name <name>', 'execution name (default: the input’s orderId, else a random one)')
  .option('--state-machine <arn-or-name>', 'which state machine, when the assembly has several')
  .option('-q, --quiet', 'print only the path and the result')
  .option(
    '-s, --seed <file>',
    'seed data for the app’s DynamoDB tables (default: examples/inventory-seed.json for this app)',
  )
  .option('--dynamodb-endpoint <url>', 'use this running DynamoDB Local instead of starting one')
  .addOption(noCacheOption())
  .action(async (options) => {
    const { runOrder } = await import('../lib/toolkit/cli/run-command');
    process.exitCode = await runOrder(options);
  });

program
  .command('conformance')
  .description('run AWS-recorded cases (../shared/conformance format) through the local runtime and compare')
  .argument('[files...]', 'case files (default: every file in ../shared/conformance)')
  .option('-v, --verbose', 'list every case, not only the failing ones')
  .option('--baseline <file>', 'write the passing case names per file to this JSON file')
  .action(async (files: string[], options) => {
    const { runConformance } = await import('../lib/toolkit/cli/conformance-command');
    process.exitCode = await runConformance(files, options);
  });

program
  .command('diagram')
  .description('draw each state machine (states, transitions, Choice rules, Catch, retries) as SVG')
  .option('-o, --out <path>', 'an .svg file for one state machine, or a folder for one <name>.svg each', '.')
  .addOption(typeOption())
  .option('-a, --assembly <dir>', 'draw this cloud assembly (cdk.out) instead of synthesizing the app')
  .option('--state-machine <name-or-arn>', 'draw only this state machine')
  .addOption(noCacheOption())
  .action(async (options) => {
    const { writeDiagrams } = await import('../lib/toolkit/cli/diagram-command');
    await writeDiagrams(options);
  });

program
  .command('cost')
  .description(
    'Standard or Express: each path’s transitions and Lambda invocations, a month’s cost, a recommendation',
  )
  .option('-n, --orders <count>', 'orders (executions) a month', parseOrders, 1_000_000)
  .addOption(typeOption())
  .option('-a, --assembly <dir>', 'price this cloud assembly (cdk.out) instead of synthesizing the app')
  .option('--state-machine <name-or-arn>', 'which state machine, when the assembly has several')
  .option(
    '--mix <file-or-pairs>',
    'shares of paths as the report names them: a JSON file, or "<path>=0.9,<path> +retry=0.05,*=0.05" ' +
      '(default: derived from the machine’s own paths)',
    mixOption,
  )
  .option(
    '--lambda-ms <ms>',
    'billed duration of each Lambda invocation (default 100)',
    positiveNumber('--lambda-ms'),
  )
  .option(
    '--task-ms <ms>',
    'duration of a task on another service, e.g. DynamoDB (default 30)',
    positiveNumber('--task-ms'),
  )
  .option(
    '--payload-kb <kb>',
    'the state’s data size, for Express memory and logs (default 2)',
    positiveNumber('--payload-kb'),
  )
  .option(
    '--map-items <n>',
    'items each Map state iterates over (default 10)',
    positiveInteger('--map-items'),
  )
  .option(
    '--prices <file>',
    'prices in the shape of lib/toolkit/tools/cost/aws-prices.json (another region, newer figures)',
  )
  .option('--no-free-tier', 'ignore the monthly free tiers (the account uses them already)')
  .option('--exactly-once', 'side effects must run exactly once, idempotency aside (rules out Express)')
  .option('--need-history', 'executions must be listed and inspected through the API (rules out Express)')
  .option('--json', 'print the advice as JSON')
  .addOption(noCacheOption())
  .action(async (options) => {
    const { costCommand } = await import('../lib/toolkit/cli/cost-command');
    await costCommand(options);
  });

program.parseAsync().catch((error: Error) => {
  console.error(`order-workflow: ${error.message}`);
  process.exitCode = 2;
});
