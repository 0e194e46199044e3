/** What every state of an execution sees of it: identities, input, start time, clock, chance, tasks. */
import type { Clock, ContextObject, TaskHandler, TaskTokens } from './engine';
import type { MapRunRegistry } from './map-run';

export interface ExecutionScope {
  readonly clock: Clock;
  readonly random: () => number;
  readonly taskHandler: TaskHandler;
  /** Tokens for `.waitForTaskToken` tasks; absent in TestState, where only a mock can answer one. */
  readonly taskTokens?: TaskTokens;
  /** Where distributed Maps hand their map runs; absent in TestState. */
  readonly mapRuns?: MapRunRegistry;
  /** Whether an activity exists (the runtime's); absent: every activity is taken to exist. */
  readonly activityExists?: (activityArn: string, stateName: string) => boolean;
  readonly region: string;
  readonly account: string;
  readonly executionArn: string;
  readonly executionName: string;
  readonly stateMachineArn: string;
  readonly stateMachineName: string;
  readonly roleArn: string;
  readonly startTime: string;
  readonly input: unknown;
  /** `$$.Execution.RedriveCount`: 0 unless the execution was redriven. */
  readonly redriveCount?: number;
  /** TestState's `context`: merged over the context object every state sees. */
  readonly contextOverride?: Partial<ContextObject>;
}
