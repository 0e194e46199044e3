import {
  DescribeExecutionCommand,
  DescribeExecutionCommandOutput,
  HistoryEvent,
  ListStateMachinesCommand,
  SFNClient,
  StartExecutionCommand,
  StateMachineListItem,
} from '@aws-sdk/client-sfn';
import { startLocal, StartLocalOptions } from '../../../lib/toolkit/server/start-local';
import { localSfnClient, historyOf } from '../../support/sfn-client';
import { FixtureApp, synthFixture } from './synth-fixture';

export { FIXTURE_APPS_DIR } from './synth-fixture';

/** A fixture app synthesized and served by the local endpoint, driven through the AWS SDK. */
export interface FixtureEndpoint {
  /** The endpoint's URL: Step Functions, and Lambda Invoke for the app's functions. */
  readonly url: string;
  readonly sfn: SFNClient;
  /** What each function wrote, line by line: what CloudWatch Logs would hold. */
  readonly functionLogs: string[];
  /** The ARN of the one state machine whose name matches, as ListStateMachines gives it. */
  stateMachineArn(name: RegExp): Promise<string>;
  close(): Promise<void>;
}

export type FixtureEndpointOptions = Omit<StartLocalOptions, 'assemblyDir' | 'port' | 'onFunctionLog'>;

/**
 * Synthesizes the app and starts the endpoint on a free port. Synthesis time is printed: all six
 * apps should synthesize well within two minutes on two cores, and a slow one shows here first.
 */
export async function startFixture(
  app: FixtureApp,
  options: FixtureEndpointOptions = {},
): Promise<FixtureEndpoint> {
  const synthesized = await synthFixture(app);
  console.info(`synth ${app.dir}: ${synthesized.seconds.toFixed(1)} s`);
  const functionLogs: string[] = [];
  let service;
  try {
    service = await startLocal({
      ...options,
      assemblyDir: synthesized.assemblyDir,
      port: 0,
      onFunctionLog: (_name, line) => functionLogs.push(line),
    });
  } catch (error) {
    synthesized.remove();
    throw error;
  }
  const sfn = localSfnClient(service.url);
  return {
    url: service.url,
    sfn,
    functionLogs,
    stateMachineArn: (name) => findStateMachine(sfn, name),
    close: async () => {
      sfn.destroy();
      await service.close();
      synthesized.remove();
    },
  };
}

/**
 * On AWS a state machine without a given name is named by CloudFormation (`<LogicalId>-<suffix>`):
 * tests match names with a pattern, as a user reading the console would.
 */
async function findStateMachine(sfn: SFNClient, name: RegExp): Promise<string> {
  const machines: StateMachineListItem[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(new ListStateMachinesCommand({ nextToken }));
    machines.push(...(page.stateMachines ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  const matching = machines.filter((m) => name.test(m.name ?? ''));
  if (matching.length !== 1) {
    const names = machines.map((m) => m.name).join(', ');
    throw new Error(
      `expected one state machine named like ${name}, found ${matching.length} among: ${names}`,
    );
  }
  return matching[0].stateMachineArn!;
}

export interface FinishedExecution {
  readonly execution: DescribeExecutionCommandOutput;
  readonly events: HistoryEvent[];
  /** The states entered, in order. */
  readonly path: string[];
}

/** Starts a Standard execution and waits until it ends (see {@link finishedExecution}). */
export async function runStandard(
  sfn: SFNClient,
  stateMachineArn: string,
  input: unknown,
  timeoutMs = 45_000,
): Promise<FinishedExecution> {
  const { executionArn } = await sfn.send(
    new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(input) }),
  );
  return finishedExecution(sfn, executionArn!, timeoutMs);
}

/** Polls DescribeExecution until the execution is no longer RUNNING, then reads its history. */
export async function finishedExecution(
  sfn: SFNClient,
  executionArn: string,
  timeoutMs = 45_000,
): Promise<FinishedExecution> {
  const deadline = Date.now() + timeoutMs;
  let execution: DescribeExecutionCommandOutput;
  for (;;) {
    execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (execution.status !== 'RUNNING') break;
    if (Date.now() > deadline) throw new Error(`${executionArn} still RUNNING after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const events = await historyOf(sfn, executionArn);
  return { execution, events, path: enteredStates(events) };
}

function enteredStates(events: HistoryEvent[]): string[] {
  return events.filter((e) => e.stateEnteredEventDetails).map((e) => e.stateEnteredEventDetails!.name!);
}

/** The history events of one type, e.g. 'TaskFailed'. */
export function eventsOfType(events: HistoryEvent[], type: string): HistoryEvent[] {
  return events.filter((e) => e.type === type);
}

/** The parameters a Task state sent, from its TaskScheduled event (the n-th one, 0 by default). */
export function scheduledParameters(events: HistoryEvent[], n = 0): Record<string, unknown> {
  const scheduled = eventsOfType(events, 'TaskScheduled')[n];
  if (!scheduled) throw new Error(`no TaskScheduled event #${n} in the history`);
  return JSON.parse(scheduled.taskScheduledEventDetails!.parameters!);
}

/** A Lambda error's Cause as Step Functions carries it: the function's error payload, as JSON text. */
export function parseCause(cause: string | undefined): Record<string, unknown> {
  if (cause === undefined) throw new Error('no cause');
  return JSON.parse(cause);
}

/**
 * Status, error and cause in one value: asserted first, a wrong outcome shows why in the failure
 * message (a cause is cut to 300 characters).
 */
export function outcomeOf(execution: {
  status?: string;
  error?: string;
  cause?: string;
}): Record<string, string> {
  const outcome: Record<string, string> = { status: execution.status ?? '(none)' };
  if (execution.error !== undefined) outcome.error = execution.error;
  if (execution.cause !== undefined) outcome.cause = execution.cause.slice(0, 300);
  return outcome;
}
