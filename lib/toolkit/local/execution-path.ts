import type { HistoryEvent } from '../asl/engine';

/** One visit of a state, read off an execution's history. */
export interface PathStep {
  readonly name: string;
  /** `Task`, `Choice`, ... (from the event type, e.g. `TaskStateEntered`). */
  readonly type: string;
  readonly input?: unknown;
  output?: unknown;
  /** Failed attempts before the last one: `{ error, cause }` each. */
  readonly failures: Array<{ error?: string; cause?: string }>;
  /** Exited normally, or failed (the last failure ended it: caught, or the execution's end). */
  status: 'ENTERED' | 'EXITED' | 'FAILED';
}

const FAILURE = /(Task|LambdaFunction|Execution|MapState|ParallelState)(Failed|TimedOut)$/;

/**
 * The states an execution went through, in order, with their input, output and failures: what the
 * CLI prints and the console highlights. Reads AWS-shaped history events only.
 */
export function executionPath(events: readonly HistoryEvent[]): PathStep[] {
  const steps: PathStep[] = [];
  const open: PathStep[] = [];
  for (const event of events) {
    const entered = event.stateEnteredEventDetails as { name: string; input?: string } | undefined;
    const exited = event.stateExitedEventDetails as { name: string; output?: string } | undefined;
    if (entered) {
      const step: PathStep = {
        name: entered.name,
        type: event.type.replace(/StateEntered$/, ''),
        input: parse(entered.input),
        failures: [],
        status: 'ENTERED',
      };
      steps.push(step);
      open.push(step);
    } else if (exited) {
      const step = findOpen(open, exited.name);
      if (step) {
        step.output = parse(exited.output);
        step.status = 'EXITED';
        open.splice(open.indexOf(step), 1);
      }
    } else if (FAILURE.test(event.type) && open.length > 0) {
      const details = Object.entries(event).find(([k]) => k.endsWith('EventDetails'))?.[1] as
        { error?: string; cause?: string } | undefined;
      open[open.length - 1].failures.push({ error: details?.error, cause: details?.cause });
    }
  }
  // A state still open at the end is where the execution stopped.
  for (const step of open) step.status = 'FAILED';
  for (const step of steps) {
    if (step.status === 'ENTERED') step.status = 'FAILED';
  }
  return steps;
}

function findOpen(open: PathStep[], name: string): PathStep | undefined {
  for (let i = open.length - 1; i >= 0; i--) if (open[i].name === name) return open[i];
  return undefined;
}

function parse(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
