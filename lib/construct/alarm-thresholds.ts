import { Duration } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { WorkflowFunctionName } from './segments/workflow-states';
import { OrderWorkflowValidationError } from './validation';

/**
 * When one of the workflow's alarms fires: its count, summed over `period`, reaches `count` in
 * `datapointsToAlarm` of the last `evaluationPeriods` periods. No data (no executions, no
 * invocations) never fires it.
 */
export interface AlarmThreshold {
  /**
   * The count that fires the alarm (it fires at this count or more), a whole number.
   * @default 1
   */
  readonly count?: number;
  /**
   * The period the count is summed over: whole minutes (these metrics are reported once a minute).
   * @default Duration.minutes(5)
   */
  readonly period?: Duration;
  /**
   * How many of the latest periods the alarm looks at. Together with `period`, at most one day
   * (seven days when `period` is an hour or more): CloudWatch's limit.
   * @default 1
   */
  readonly evaluationPeriods?: number;
  /**
   * How many of those periods must reach `count` (an "M out of N" alarm).
   * @default - all of them (`evaluationPeriods`)
   */
  readonly datapointsToAlarm?: number;
}

/** An {@link AlarmThreshold} with its defaults filled in; `datapointsToAlarm` stays unset unless given. */
export type ResolvedAlarmThreshold = Required<Omit<AlarmThreshold, 'datapointsToAlarm'>> &
  Pick<AlarmThreshold, 'datapointsToAlarm'>;

/** Every alarm's threshold unless the props say otherwise: one in five minutes. */
export const DEFAULT_ALARM_THRESHOLD: ResolvedAlarmThreshold = {
  count: 1,
  period: Duration.minutes(5),
  evaluationPeriods: 1,
};

/** The alarms on one function; each replaces, for this function, the workflow-wide setting. */
export interface FunctionAlarmThresholds {
  /**
   * Invocations that ended in an error; `false` turns the alarm off.
   * @default - `functionErrors` of {@link WorkflowAlarmThresholds}
   */
  readonly errors?: AlarmThreshold | false;
  /**
   * Invocations that Lambda throttled; `false` turns the alarm off.
   * @default - `functionThrottles` of {@link WorkflowAlarmThresholds}
   */
  readonly throttles?: AlarmThreshold | false;
}

/**
 * The threshold of each of the workflow's alarms, or `false` to turn one off. A threshold given
 * replaces the default as a whole: the fields it leaves out take {@link DEFAULT_ALARM_THRESHOLD}'s.
 */
export interface WorkflowAlarmThresholds {
  /**
   * Executions that failed: an invalid order, a declined or failed payment, a failed shipment or
   * refund, or an unexpected error.
   * @default - 1 in 5 minutes
   */
  readonly executionsFailed?: AlarmThreshold | false;
  /**
   * Executions that ran past the state machine's timeout.
   * @default - 1 in 5 minutes
   */
  readonly executionsTimedOut?: AlarmThreshold | false;
  /**
   * Executions that Step Functions throttled.
   * @default - 1 in 5 minutes
   */
  readonly executionsThrottled?: AlarmThreshold | false;
  /**
   * Errors of each function, unless `perFunction` sets its own.
   * @default - 1 in 5 minutes
   */
  readonly functionErrors?: AlarmThreshold | false;
  /**
   * Throttles of each function, unless `perFunction` sets its own.
   * @default - 1 in 5 minutes
   */
  readonly functionThrottles?: AlarmThreshold | false;
  /**
   * One function's alarms, e.g. `{ notifyOutOfStock: { errors: { count: 5 } } }`.
   * @default - every function takes `functionErrors` and `functionThrottles`
   */
  readonly perFunction?: Partial<Record<WorkflowFunctionName, FunctionAlarmThresholds>>;
}

/** The largest `period` × `evaluationPeriods` CloudWatch accepts for a period under one hour... */
const MAX_EVALUATION_RANGE_SHORT_PERIOD = Duration.days(1);
/** ...and for a period of an hour or more. */
const MAX_EVALUATION_RANGE = Duration.days(7);

/**
 * The threshold `given` names with its defaults filled in, or `false` for an alarm turned off.
 * Refuses, with a message naming the prop (`name`, e.g. `alarmThresholds.executionsFailed`) and
 * saying what to change, a threshold CloudWatch would reject or that could never behave.
 */
export function resolveAlarmThreshold(
  scope: IConstruct,
  name: string,
  given: AlarmThreshold | false | undefined,
): ResolvedAlarmThreshold | false {
  if (given === false) return false;
  const threshold: ResolvedAlarmThreshold = {
    count: given?.count ?? DEFAULT_ALARM_THRESHOLD.count,
    period: given?.period ?? DEFAULT_ALARM_THRESHOLD.period,
    evaluationPeriods: given?.evaluationPeriods ?? DEFAULT_ALARM_THRESHOLD.evaluationPeriods,
    datapointsToAlarm: given?.datapointsToAlarm,
  };
  const problem = problemOf(threshold);
  if (problem) throw new OrderWorkflowValidationError(scope, `${name}.${problem}`);
  return threshold;
}

/** What is wrong with a threshold, starting with the field's name; undefined when nothing is. */
function problemOf(t: ResolvedAlarmThreshold): string | undefined {
  if (!isWholeNumber(t.count, 1)) {
    return (
      `count must be a whole number of at least 1, got ${t.count}: ` +
      'an alarm at 0 would fire on any data. To turn the alarm off, set it to false.'
    );
  }
  const periodSeconds = t.period.toMilliseconds() / 1000;
  if (!Number.isInteger(periodSeconds / 60) || periodSeconds < 60) {
    return (
      `period must be a whole number of minutes, got ${t.period.toHumanString()}: ` +
      'Step Functions and Lambda report these metrics once a minute.'
    );
  }
  if (!isWholeNumber(t.evaluationPeriods, 1)) {
    return `evaluationPeriods must be a whole number of at least 1, got ${t.evaluationPeriods}.`;
  }
  const range = periodSeconds * t.evaluationPeriods;
  const shortPeriod = periodSeconds < 3600;
  const maxRange = shortPeriod ? MAX_EVALUATION_RANGE_SHORT_PERIOD : MAX_EVALUATION_RANGE;
  if (range > maxRange.toSeconds()) {
    return (
      `evaluationPeriods (${t.evaluationPeriods}) × period (${t.period.toHumanString()}) is over ` +
      `CloudWatch's limit of ${maxRange.toHumanString()}${shortPeriod ? ' for a period under an hour' : ''}. ` +
      'Lower evaluationPeriods or period.'
    );
  }
  const datapoints = t.datapointsToAlarm;
  if (datapoints !== undefined && !isWholeNumber(datapoints, 1, t.evaluationPeriods)) {
    return (
      `datapointsToAlarm must be a whole number from 1 to evaluationPeriods (${t.evaluationPeriods}), ` +
      `got ${datapoints}. Raise evaluationPeriods or lower datapointsToAlarm.`
    );
  }
  return undefined;
}

function isWholeNumber(value: number, min: number, max = Number.MAX_SAFE_INTEGER): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}
