import { VirtualClock } from '../../../../lib/toolkit/asl/clock';
import type {
  ExecutionOutcome,
  HistoryEvent,
  RunningExecution,
  StartOptions,
  TaskHandler,
} from '../../../../lib/toolkit/asl/engine';
import { createInterpreter } from '../../../../lib/toolkit/asl/interpreter';
import { buildStateMachine } from '../../../../lib/toolkit/asl/model/build';

export interface RunResult {
  readonly outcome: ExecutionOutcome;
  readonly events: HistoryEvent[];
  readonly clock: VirtualClock;
  /** Milliseconds of virtual time the execution took. */
  readonly elapsedMs: number;
}

export const noTasks: TaskHandler = async (task) => {
  throw new Error(`unexpected task ${task.stateName}`);
};

export function startOn(
  definition: unknown,
  input: unknown,
  options: Partial<StartOptions> & { clock?: VirtualClock } = {},
): { execution: RunningExecution; events: HistoryEvent[]; clock: VirtualClock } {
  const clock = options.clock ?? new VirtualClock('2024-01-01T00:00:00.000Z');
  const events: HistoryEvent[] = [];
  // Built without validating, as the tests always ran their definitions (a few on purpose invalid).
  const execution = createInterpreter().start(buildStateMachine(definition), {
    executionArn: 'arn:aws:states:eu-west-1:123456789012:execution:machine:run-1',
    executionName: 'run-1',
    stateMachineArn: 'arn:aws:states:eu-west-1:123456789012:stateMachine:machine',
    stateMachineName: 'machine',
    taskHandler: noTasks,
    random: () => 0.5,
    ...options,
    input,
    clock,
    onEvent: (event) => {
      events.push(event);
      options.onEvent?.(event);
    },
  });
  return { execution, events, clock };
}

/** Runs a definition to its end on a virtual clock. */
export async function run(
  definition: unknown,
  input: unknown = {},
  options: Partial<StartOptions> & { clock?: VirtualClock } = {},
): Promise<RunResult> {
  const { execution, events, clock } = startOn(definition, input, options);
  const started = clock.now().getTime();
  const outcome = await execution.done;
  return { outcome, events, clock, elapsedMs: clock.now().getTime() - started };
}

/** A one-state machine around `state`. */
export function single(state: Record<string, unknown>): Record<string, unknown> {
  return { StartAt: 'S', States: { S: { End: true, ...state } } };
}

/** Events as `id<-previous Type` strings: compact to compare. */
export function shape(events: readonly HistoryEvent[]): string[] {
  return events.map((e) => `${e.id}<-${e.previousEventId} ${e.type}`);
}

export function detailsOf(event: HistoryEvent): Record<string, unknown> | undefined {
  const key = Object.keys(event).find((k) => k.endsWith('EventDetails'));
  return key ? (event[key] as Record<string, unknown>) : undefined;
}
