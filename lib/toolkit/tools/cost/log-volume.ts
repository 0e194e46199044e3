/**
 * How many bytes an execution writes to CloudWatch Logs at a logging level. Step Functions logs the
 * execution's history events, filtered by level (AWS's table, "Log levels" in the Step Functions
 * developer guide): ALL logs every event, ERROR the failure events, FATAL the execution's own end
 * when it did not succeed, OFF nothing. With includeExecutionData, events that carry the state's
 * input, output or a task's parameters carry that data too.
 *
 * A log record is the event as JSON: id, type, details, previous_event_id, event_timestamp,
 * execution_arn and redrive_count. Its size here is a sample record of that shape measured with the
 * machine's own ARN; data-carrying events add the payload as an escaped JSON string (about 10%
 * longer than the data), error events an error name and cause (`errorCauseBytes`).
 */
import type { LoggingFacts } from './app-facts';

/** Events logged at ERROR (as well as at ALL). */
const ERROR_EVENTS = new Set([
  'ExecutionAborted',
  'ExecutionFailed',
  'ExecutionTimedOut',
  'FailStateEntered',
  'LambdaFunctionFailed',
  'LambdaFunctionScheduleFailed',
  'LambdaFunctionStartFailed',
  'LambdaFunctionTimedOut',
  'MapIterationAborted',
  'MapIterationFailed',
  'MapStateAborted',
  'MapStateFailed',
  'ParallelStateAborted',
  'ParallelStateFailed',
  'TaskFailed',
  'TaskStartFailed',
  'TaskStateAborted',
  'TaskSubmitFailed',
  'TaskTimedOut',
  'WaitStateAborted',
]);

/** Events logged at FATAL. */
const FATAL_EVENTS = new Set(['ExecutionAborted', 'ExecutionFailed', 'ExecutionTimedOut']);

/** Events whose details hold execution data: an input, an output, or a task's parameters. */
const DATA_EVENTS = new Set([
  'ExecutionStarted',
  'ExecutionSucceeded',
  'TaskScheduled',
  'TaskSucceeded',
  'LambdaFunctionScheduled',
  'LambdaFunctionSucceeded',
]);

/** Escaping JSON inside a JSON string lengthens it: each quote gains a backslash. */
const ESCAPE_FACTOR = 1.1;

/** Sizes the log estimate assumes. */
export interface LogSizeAssumptions {
  /** The state's data as each event carries it. */
  readonly payloadBytes: number;
  /** An error event's name and cause. */
  readonly errorCauseBytes: number;
}

/** Whether an event type is logged at a level. */
export function isLogged(type: string, level: LoggingFacts['level']): boolean {
  switch (level) {
    case 'ALL':
      return true;
    case 'ERROR':
      return ERROR_EVENTS.has(type);
    case 'FATAL':
      return FATAL_EVENTS.has(type);
    default:
      return false;
  }
}

/** Bytes one execution with these history events writes to CloudWatch Logs. */
export function logBytes(
  events: Readonly<Record<string, number>>,
  logging: LoggingFacts,
  machineName: string,
  sizes: LogSizeAssumptions,
): number {
  let bytes = 0;
  for (const [type, count] of Object.entries(events)) {
    if (!isLogged(type, logging.level)) continue;
    bytes += count * eventBytes(type, logging.includeExecutionData, machineName, sizes);
  }
  return bytes;
}

/** One log record's bytes. */
export function eventBytes(
  type: string,
  includeExecutionData: boolean,
  machineName: string,
  sizes: LogSizeAssumptions,
): number {
  const record = {
    id: '12',
    type,
    details: { name: 'A state name of twenty' },
    previous_event_id: '11',
    event_timestamp: '1764028800000',
    execution_arn: `arn:aws:states:us-east-1:123456789012:express:${machineName}:${'0'.repeat(36)}:${'0'.repeat(36)}`,
    redrive_count: '0',
  };
  let bytes = Buffer.byteLength(JSON.stringify(record));
  const carriesData = DATA_EVENTS.has(type) || /StateE(ntered|xited)$/.test(type);
  if (includeExecutionData && carriesData) bytes += Math.ceil(sizes.payloadBytes * ESCAPE_FACTOR);
  if (/(Failed|TimedOut|Aborted)$/.test(type)) bytes += sizes.errorCauseBytes;
  return bytes;
}
