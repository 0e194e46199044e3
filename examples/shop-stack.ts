// Using the construct in another stack: the README's example, type-checked by `npm test`.
import { Duration, Stack, StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { EncryptedTopic, OrderWorkflow } from '../lib'; // from 'order-workflow' in your app

export class ShopStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const payments = lambda.Function.fromFunctionName(this, 'Payments', 'acme-payments-charge');
    const ops = new EncryptedTopic(this, 'Ops', { allowCloudWatchAlarms: true });

    const orders = new OrderWorkflow(this, 'Orders', {
      workflowType: sfn.StateMachineType.EXPRESS,
      timeout: Duration.minutes(2),
      processPaymentFunction: payments, // your provider; the other steps keep the defaults
      alarmTopic: ops.topic,
    });

    const api = new iam.Role(this, 'ApiRole', {
      assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com'),
    });
    orders.grantStartExecution(api); // StartExecution, and StartSyncExecution for Express
  }
}
