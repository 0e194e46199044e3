import { Template } from 'aws-cdk-lib/assertions';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { OrderWorkflowStack } from '../../../lib/app/order-workflow-stack';
import { testApp } from '../../support/synth';
// Synthesized with aws-cdk-lib's CloudFormation validation, as `cdk synth` does: product templates.
import '../../support/cfn-validation';

/** One synthesis per workflow type for the file: the tests only read the template. */
const synthesized = new Map<sfn.StateMachineType, Template>();
function synthStack(workflowType: sfn.StateMachineType): Template {
  if (!synthesized.has(workflowType)) {
    const stack = new OrderWorkflowStack(testApp(), 'OrderWorkflowStack', {
      workflow: { workflowType },
      env: { account: '111111111111', region: 'eu-west-1' },
    });
    synthesized.set(workflowType, Template.fromStack(stack));
  }
  return synthesized.get(workflowType)!;
}

describe('OrderWorkflowStack', () => {
  it.each([sfn.StateMachineType.STANDARD, sfn.StateMachineType.EXPRESS])(
    'matches the %s template snapshot',
    (workflowType) => {
      expect(synthStack(workflowType).toJSON()).toMatchSnapshot();
    },
  );

  it('outputs the state machine ARN, the topics and the dashboard name', () => {
    const outputs = synthStack(sfn.StateMachineType.STANDARD).toJSON().Outputs;
    expect(Object.keys(outputs).sort()).toEqual(
      ['AlarmTopicArn', 'DashboardName', 'NotificationTopicArn', 'StateMachineArn', 'WorkflowType'].sort(),
    );
    expect(outputs.WorkflowType.Value).toBe('STANDARD');
  });

  it('routes every alarm to an operations topic whose key CloudWatch may use', () => {
    const template = synthStack(sfn.StateMachineType.STANDARD);
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms).toHaveLength(15);
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^AlarmTopic/) }]);
    }
    const keys = Object.values(template.findResources('AWS::KMS::Key'));
    const forCloudWatch = keys.filter((k) =>
      JSON.stringify(k.Properties.KeyPolicy).includes('cloudwatch.amazonaws.com'),
    );
    expect(forCloudWatch).toHaveLength(1);
  });
});
