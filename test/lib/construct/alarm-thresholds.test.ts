import { Duration, Stack } from 'aws-cdk-lib';
import {
  AlarmThreshold,
  DEFAULT_ALARM_THRESHOLD,
  resolveAlarmThreshold,
} from '../../../lib/construct/alarm-thresholds';
// Synthesized with aws-cdk-lib's CloudFormation validation, as `cdk synth` does: product templates.
import '../../support/cfn-validation';

const scope = new Stack(undefined, 'Stack');
const resolve = (threshold: AlarmThreshold | false | undefined) =>
  resolveAlarmThreshold(scope, 'alarmThresholds.executionsFailed', threshold);

describe('resolveAlarmThreshold', () => {
  it('fills in one in five minutes, one period, no datapoints setting', () => {
    expect(resolve(undefined)).toEqual({ ...DEFAULT_ALARM_THRESHOLD, datapointsToAlarm: undefined });
    expect(DEFAULT_ALARM_THRESHOLD).toEqual({ count: 1, period: Duration.minutes(5), evaluationPeriods: 1 });
  });

  it('keeps what is given and defaults the rest', () => {
    expect(resolve({ count: 3, evaluationPeriods: 4, datapointsToAlarm: 2 })).toEqual({
      count: 3,
      period: Duration.minutes(5),
      evaluationPeriods: 4,
      datapointsToAlarm: 2,
    });
  });

  it('turns the alarm off with false', () => {
    expect(resolve(false)).toBe(false);
  });

  it.each<[string, AlarmThreshold, RegExp]>([
    [
      'a count of 0',
      { count: 0 },
      /^Stack: alarmThresholds\.executionsFailed\.count must be a whole number of at least 1, got 0: an alarm at 0 would fire on any data\. To turn the alarm off, set it to false\.$/,
    ],
    ['a fractional count', { count: 1.5 }, /count must be a whole number of at least 1, got 1\.5/],
    [
      'a period that is not whole minutes',
      { period: Duration.seconds(90) },
      /alarmThresholds\.executionsFailed\.period must be a whole number of minutes, got 1 minute 30 seconds: Step Functions and Lambda report these metrics once a minute\./,
    ],
    ['a period under a minute', { period: Duration.seconds(30) }, /period must be a whole number of minutes/],
    [
      'no evaluation period',
      { evaluationPeriods: 0 },
      /evaluationPeriods must be a whole number of at least 1, got 0\./,
    ],
    [
      'more than a day of five-minute periods',
      { evaluationPeriods: 289 },
      /evaluationPeriods \(289\) × period \(5 minutes\) is over CloudWatch's limit of 1 day for a period under an hour\. Lower evaluationPeriods or period\./,
    ],
    [
      'more than seven days of hourly periods',
      { period: Duration.hours(1), evaluationPeriods: 169 },
      /is over CloudWatch's limit of 7 days\. Lower/,
    ],
    [
      'more datapoints than periods',
      { evaluationPeriods: 3, datapointsToAlarm: 4 },
      /datapointsToAlarm must be a whole number from 1 to evaluationPeriods \(3\), got 4\. Raise evaluationPeriods or lower datapointsToAlarm\./,
    ],
  ])('refuses %s, saying what to change', (_, threshold, message) => {
    expect(() => resolve(threshold)).toThrow(message);
  });

  it('accepts the longest ranges CloudWatch allows', () => {
    expect(resolve({ evaluationPeriods: 288 })).not.toBe(false);
    expect(resolve({ period: Duration.hours(1), evaluationPeriods: 168 })).not.toBe(false);
  });
});
