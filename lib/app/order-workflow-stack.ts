import { CfnOutput, Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { EncryptedTopic } from '../construct/encrypted-topic';
import { OrderWorkflow, OrderWorkflowProps } from '../construct/order-workflow';

/** Properties of an {@link OrderWorkflowStack}. */
export interface OrderWorkflowStackProps extends StackProps {
  /**
   * Props passed through to the workflow construct.
   * @default - the construct's defaults: a Standard workflow with the sandbox providers
   */
  readonly workflow?: OrderWorkflowProps;
}

/** The deployable app: the order workflow, an operations topic its alarms notify, and outputs. */
export class OrderWorkflowStack extends Stack {
  public readonly workflow: OrderWorkflow;
  public readonly alarmTopic: EncryptedTopic;

  constructor(scope: Construct, id: string, props: OrderWorkflowStackProps = {}) {
    super(scope, id, props);

    this.alarmTopic = new EncryptedTopic(this, 'AlarmTopic', {
      displayName: 'Order workflow alarms',
      allowCloudWatchAlarms: true,
    });
    this.workflow = new OrderWorkflow(this, 'OrderWorkflow', {
      alarmTopic: this.alarmTopic.topic,
      ...props.workflow,
    });

    new CfnOutput(this, 'StateMachineArn', {
      value: this.workflow.stateMachine.stateMachineArn,
      description: 'Start orders here (StartExecution, or StartSyncExecution for Express)',
    });
    new CfnOutput(this, 'WorkflowType', {
      value: this.workflow.workflowType,
    });
    new CfnOutput(this, 'NotificationTopicArn', {
      value: this.workflow.notificationTopic.topicArn,
      description: 'Customer notifications (out of stock, payment declined)',
    });
    new CfnOutput(this, 'AlarmTopicArn', {
      value: this.alarmTopic.topic.topicArn,
      description: 'Subscribe operators here: every alarm notifies on ALARM and OK',
    });
    new CfnOutput(this, 'DashboardName', { value: this.workflow.dashboard.dashboardName });
  }
}
