import { Duration, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { testApp } from '../../../support/synth';

/**
 * A function as a user writes one: it sends to the queue and puts an event on the bus named in its
 * environment, through the SDK clients the Lambda runtime provides.
 */
const NOTIFIER = `
const { SQSClient, SendMessageCommand } = require('@aws-sdk/client-sqs');
const { EventBridgeClient, PutEventsCommand } = require('@aws-sdk/client-eventbridge');
exports.handler = async (event) => {
  const sent = await new SQSClient({}).send(new SendMessageCommand({
    QueueUrl: process.env.QUEUE_URL,
    MessageBody: JSON.stringify({ from: 'function', id: event.id }),
  }));
  const put = await new EventBridgeClient({}).send(new PutEventsCommand({
    Entries: [{ EventBusName: process.env.BUS_NAME, Source: 'shop.function', DetailType: 'Notified',
      Detail: JSON.stringify({ id: event.id, messageId: sent.MessageId }) }],
  }));
  return { messageId: sent.MessageId, eventId: put.Entries[0].EventId };
};`;

/**
 * A CDK app with a queue, a FIFO queue, an event bus and an inline-code function, and an Express
 * state machine that sends and puts through each integration: the optimized SQS and EventBridge
 * tasks, the function, and the AWS SDK batch send.
 */
export function messagingApp() {
  const app = testApp();
  const stack = new Stack(app, 'Messaging');
  const queue = new sqs.Queue(stack, 'Orders', { queueName: 'orders' });
  new sqs.Queue(stack, 'Jobs', { queueName: 'jobs.fifo', fifo: true });
  const bus = new events.EventBus(stack, 'Bus', { eventBusName: 'shop' });
  const notifier = new lambda.Function(stack, 'Notifier', {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline(NOTIFIER),
    timeout: Duration.seconds(10),
    environment: { QUEUE_URL: queue.queueUrl, BUS_NAME: bus.eventBusName },
  });
  const send = new tasks.SqsSendMessage(stack, 'Send order', {
    queue,
    messageBody: sfn.TaskInput.fromObject({ order: sfn.JsonPath.stringAt('$.id') }),
    resultPath: '$.sent',
  });
  const put = new tasks.EventBridgePutEvents(stack, 'Announce', {
    entries: [
      {
        eventBus: bus,
        source: 'shop.flow',
        detailType: 'OrderPlaced',
        detail: sfn.TaskInput.fromObject({ order: sfn.JsonPath.stringAt('$.id') }),
      },
    ],
    resultPath: '$.put',
  });
  const notify = new tasks.LambdaInvoke(stack, 'Notify', {
    lambdaFunction: notifier,
    payloadResponseOnly: true,
    resultPath: '$.notified',
  });
  const batch = new tasks.CallAwsService(stack, 'Send batch', {
    service: 'sqs',
    action: 'sendMessageBatch',
    parameters: {
      QueueUrl: queue.queueUrl,
      Entries: [
        { Id: 'a', MessageBody: 'first' },
        { Id: 'b', MessageBody: sfn.JsonPath.stringAt('$.id') },
      ],
    },
    iamResources: [queue.queueArn],
    resultPath: '$.batch',
  });
  new sfn.StateMachine(stack, 'Flow', {
    stateMachineType: sfn.StateMachineType.EXPRESS,
    definitionBody: sfn.DefinitionBody.fromChainable(send.next(put).next(notify).next(batch)),
  });
  return app;
}
