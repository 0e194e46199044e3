import { Duration } from 'aws-cdk-lib';
import { synthWorkflow } from '../../support/synth';
// Synthesized with aws-cdk-lib's CloudFormation validation, as `cdk synth` does: product templates.
import '../../support/cfn-validation';

type Template = ReturnType<typeof synthWorkflow>['template'];

/** The alarms on the metric `metricName`. */
function alarmsOf(template: Template, metricName: string) {
  return Object.values(
    template.findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: metricName } }),
  );
}

/** The dashboard's body as text, references left out. */
function dashboardText(template: Template): string {
  const [dashboard] = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
  const [, parts] = dashboard.Properties.DashboardBody['Fn::Join'] as [string, unknown[]];
  return parts.filter((part) => typeof part === 'string').join('');
}

describe('WorkflowMonitoring alarm thresholds', () => {
  it('changes one alarm’s threshold and leaves the others at one in five minutes', () => {
    const { template, workflow } = synthWorkflow({
      alarmThresholds: {
        executionsFailed: {
          count: 5,
          period: Duration.minutes(15),
          evaluationPeriods: 3,
          datapointsToAlarm: 2,
        },
      },
    });
    template.resourceCountIs('AWS::CloudWatch::Alarm', 15);
    expect(alarmsOf(template, 'ExecutionsFailed')).toEqual([
      expect.objectContaining({
        Properties: expect.objectContaining({
          Threshold: 5,
          Period: 900,
          EvaluationPeriods: 3,
          DatapointsToAlarm: 2,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
          TreatMissingData: 'notBreaching',
        }),
      }),
    ]);
    const timedOut = alarmsOf(template, 'ExecutionsTimedOut')[0].Properties;
    expect(timedOut).toMatchObject({ Threshold: 1, Period: 300, EvaluationPeriods: 1 });
    expect(timedOut.DatapointsToAlarm).toBeUndefined();
    expect(workflow.alarms.ExecutionsFailed).toBeDefined();
  });

  it('turns an alarm off: no resource, no entry in alarms, the others stay', () => {
    const { template, workflow } = synthWorkflow({ alarmThresholds: { executionsThrottled: false } });
    template.resourceCountIs('AWS::CloudWatch::Alarm', 14);
    expect(alarmsOf(template, 'ExecutionThrottled')).toEqual([]);
    expect(workflow.alarms.ExecutionsThrottled).toBeUndefined();
    expect(workflow.alarms.ExecutionsFailed).toBeDefined();
  });

  it('sets every function’s alarms at once, and one function’s on its own', () => {
    const { template, workflow } = synthWorkflow({
      alarmThresholds: {
        functionErrors: { count: 3 },
        functionThrottles: false,
        perFunction: { notifyOutOfStock: { errors: false }, processPayment: { errors: { count: 1 } } },
      },
    });
    // Three execution alarms and errors of five functions: no throttles, no out-of-stock errors.
    template.resourceCountIs('AWS::CloudWatch::Alarm', 3 + 5);
    expect(Object.keys(workflow.alarms).sort()).toEqual(
      [
        'ExecutionsFailed',
        'ExecutionsTimedOut',
        'ExecutionsThrottled',
        'ValidateOrderErrors',
        'StockErrors',
        'ProcessPaymentErrors',
        'ShipOrderErrors',
        'RefundPaymentErrors',
      ].sort(),
    );
    const thresholds = alarmsOf(template, 'Errors').map((alarm) => alarm.Properties.Threshold);
    expect(thresholds.sort()).toEqual([1, 3, 3, 3, 3]);
  });

  it('leaves the alarm status widget out when every alarm is off', () => {
    const off = { executionsFailed: false, executionsTimedOut: false, executionsThrottled: false } as const;
    const { template } = synthWorkflow({
      alarmThresholds: { ...off, functionErrors: false, functionThrottles: false },
    });
    template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
    expect(dashboardText(template)).not.toContain('"type":"alarm"');
    expect(dashboardText(synthWorkflow().template)).toContain('"type":"alarm"');
  });

  it('refuses a bad threshold at construction, naming the prop and what to change', () => {
    expect(() =>
      synthWorkflow({ alarmThresholds: { perFunction: { shipOrder: { throttles: { count: 0 } } } } }),
    ).toThrow(
      /TestStack\/Workflow\/Monitoring: alarmThresholds\.perFunction\.shipOrder\.throttles\.count must be a whole number of at least 1, got 0/,
    );
    expect(() =>
      synthWorkflow({ alarmThresholds: { functionErrors: { period: Duration.seconds(10) } } }),
    ).toThrow(/alarmThresholds\.functionErrors\.period must be a whole number of minutes/);
  });
});
