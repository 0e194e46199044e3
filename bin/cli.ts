#!/usr/bin/env node
/**
 * order-workflow's command line: run the synthesized workflow locally.
 *   start        serve the Step Functions, Lambda and SNS APIs on 127.0.0.1:8083
 *   run          run one order and print the path it took
 *   conformance  run AWS-recorded executions through the local runtime and compare
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { runConformance } from '../lib/cli/conformance';
import { runOrder } from '../lib/cli/run-order';
import { startEndpoint } from '../lib/cli/start-endpoint';

const program = new Command('order-workflow').description(
  'Run the synthesized order workflow offline: its exact definition and bundled Lambda code.',
);

const typeOption = () =>
  new Option('-t, --type <type>', 'workflow type to synthesize')
    .choices(['standard', 'express'])
    .default('standard');
const port = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError('a port is a whole number from 0 to 65535');
  return n;
};

program
  .command('start')
  .description('serve the app on a local Step Functions endpoint (also Lambda Invoke and SNS Publish)')
  .addOption(typeOption())
  .option('-p, --port <port>', 'port to listen on (0: any free port)', port, 8083)
  .option('-a, --assembly <dir>', 'serve this cloud assembly (cdk.out) instead of synthesizing the app')
  .option('-m, --mock-config <file>', 'a Step Functions Local mock configuration')
  .action(startEndpoint);

program
  .command('run')
  .description('run one order and print the path taken, each state’s input and output, and the result')
  .requiredOption('-i, --input <file>', 'the order (execution input) as a JSON file')
  .addOption(typeOption())
  .option('-a, --assembly <dir>', 'run this cloud assembly (cdk.out) instead of synthesizing the app')
  .option('-m, --mock-config <file>', 'a Step Functions Local mock configuration')
  .option('-c, --test-case <name>', 'the mock configuration test case to run under')
  .option('-n, --name <name>', 'execution name (default: the order id)')
  .option('--state-machine <arn-or-name>', 'which state machine, when the assembly has several')
  .option('-q, --quiet', 'print only the path and the result')
  .action(async (options) => {
    process.exitCode = await runOrder(options);
  });

program
  .command('conformance')
  .description('run AWS-recorded cases (../shared/conformance format) through the local runtime and compare')
  .argument('[files...]', 'case files (default: every file in ../shared/conformance)')
  .option('-v, --verbose', 'list every case, not only the failing ones')
  .option('--baseline <file>', 'write the passing case names per file to this JSON file')
  .action(async (files: string[], options) => {
    process.exitCode = await runConformance(files, options);
  });

program.parseAsync().catch((error: Error) => {
  console.error(`order-workflow: ${error.message}`);
  process.exitCode = 2;
});
