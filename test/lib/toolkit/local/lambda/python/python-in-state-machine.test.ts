import { Duration, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Harness } from '../../../../../../lib/toolkit/testing';
import { testApp } from '../../../../../support/synth';
import { fixtureBundles } from '../fixtures';

const fixtures = fixtureBundles();

/**
 * A user's app with Python functions: inline code (written out as index.py) that raises on a bad
 * order, an asset folder whose `app.lambda_handler` publishes to the app's topic with boto3, and a
 * Java function that cannot run here.
 */
function pythonApp() {
  const app = testApp();
  const stack = new Stack(app, 'PyShop');
  const topic = new sns.Topic(stack, 'OrderTopic');
  const check = new lambda.Function(stack, 'Check', {
    runtime: lambda.Runtime.PYTHON_3_12,
    handler: 'index.handler',
    code: lambda.Code.fromInline(
      [
        'class OrderRejected(Exception):',
        '    pass',
        'def handler(event, context):',
        '    if event["qty"] < 1:',
        '        raise OrderRejected("qty must be at least 1")',
        '    return {"id": event["id"], "qty": event["qty"], "by": context.function_name}',
      ].join('\n'),
    ),
  });
  const notify = new lambda.Function(stack, 'Notify', {
    runtime: lambda.Runtime.PYTHON_3_12,
    handler: 'app.lambda_handler',
    timeout: Duration.seconds(20),
    environment: { TOPIC_ARN: topic.topicArn },
    code: lambda.Code.fromAsset(
      fixtures.bundle('notify', {
        'app.py': [
          'import os, boto3',
          'sns = boto3.client("sns")',
          'def lambda_handler(event, context):',
          '    sent = sns.publish(TopicArn=os.environ["TOPIC_ARN"], Message="order " + event["id"])',
          '    return {"messageId": sent["MessageId"]}',
        ].join('\n'),
      }),
    ),
  });
  const legacy = new lambda.Function(stack, 'Legacy', {
    runtime: lambda.Runtime.JAVA_21,
    handler: 'shop.Legacy::handle',
    // Not a real jar: the local runtime never opens it.
    code: lambda.Code.fromAsset(fixtures.bundle('legacy', { 'shop/Legacy.class': 'not run here' })),
  });
  const invoke = (id: string, fn: lambda.IFunction, resultPath: string) =>
    new tasks.LambdaInvoke(stack, id, {
      lambdaFunction: fn,
      payloadResponseOnly: true,
      retryOnServiceExceptions: false,
      resultPath,
    });
  new sfn.StateMachine(stack, 'Orders', {
    definitionBody: sfn.DefinitionBody.fromChainable(
      invoke('Check order', check, '$.checked')
        .next(invoke('Notify customer', notify, '$.notified'))
        .next(invoke('Legacy system', legacy, '$.legacy')),
    ),
  });
  return app;
}

describe('Python functions in a state machine', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await Harness.start({ app: pythonApp() });
  });
  afterAll(() => harness?.close());

  it('run inline and asset Python code, boto3 reaching the local SNS; the Java function is mocked', async () => {
    const result = await harness
      .stateMachine('PyShop/Orders')
      .run({ id: 'o-1', qty: 2 }, { mocks: { 'Legacy system': { return: { handled: true } } } });
    expect(result).toMatchObject({
      status: 'SUCCEEDED',
      output: {
        checked: { id: 'o-1', qty: 2, by: expect.stringMatching(/Check/) },
        notified: { messageId: expect.any(String) },
        legacy: { handled: true },
      },
    });
  });

  it('fails the execution with the Python exception’s class as the error and Lambda’s document as the cause', async () => {
    const result = await harness.stateMachine('PyShop/Orders').run({ id: 'o-2', qty: 0 });
    expect(result).toMatchObject({ status: 'FAILED', error: 'OrderRejected' });
    expect(JSON.parse(result.cause ?? '')).toEqual({
      errorMessage: 'qty must be at least 1',
      errorType: 'OrderRejected',
      requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      stackTrace: [expect.stringMatching(/index\.py", line 5, in handler\n {4}raise OrderRejected/)],
    });
  });

  it('fails at an unmocked Java function, saying it cannot run locally and to mock it', async () => {
    const result = await harness.stateMachine('PyShop/Orders').run({ id: 'o-3', qty: 1 });
    expect(result).toMatchObject({ status: 'FAILED', error: 'LocalRuntime.CannotRun' });
    expect(JSON.parse(result.cause ?? '').errorMessage).toMatch(
      /cannot run locally: java21: Java functions .* Mock the state that calls it: .*--mock-config/,
    );
  });
});
