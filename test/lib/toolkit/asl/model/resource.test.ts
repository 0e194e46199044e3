import type { TaskInvocation } from '../../../../../lib/toolkit/asl/engine';
import { classifyResource, waitsForTaskToken } from '../../../../../lib/toolkit/asl/model/resource';
import { run, single } from '../helpers';

describe('classifyResource', () => {
  it('reads a Lambda function ARN, with or without a qualifier (LambdaFunction* events name the ARN)', () => {
    const arn = 'arn:aws:lambda:eu-west-1:123456789012:function:pay';
    expect(classifyResource(arn)).toEqual({
      kind: 'lambda-function',
      arn,
      partition: 'aws',
      region: 'eu-west-1',
      account: '123456789012',
      functionName: 'pay',
      resourceType: 'lambda',
      resource: arn,
    });
    expect(classifyResource(`${arn}:live`)).toMatchObject({ functionName: 'pay', qualifier: 'live' });
    expect(classifyResource(`${arn}:7`)).toMatchObject({ functionName: 'pay', qualifier: '7' });
  });

  it('reads an optimized integration: service, action, request-response', () => {
    expect(classifyResource('arn:aws:states:::lambda:invoke')).toEqual({
      kind: 'service',
      arn: 'arn:aws:states:::lambda:invoke',
      partition: 'aws',
      sdk: false,
      service: 'lambda',
      action: 'invoke',
      pattern: 'request-response',
      resourceType: 'lambda',
      resource: 'invoke',
    });
    expect(classifyResource('arn:aws-us-gov:states:::dynamodb:updateItem')).toMatchObject({
      partition: 'aws-us-gov',
      service: 'dynamodb',
      action: 'updateItem',
      resourceType: 'dynamodb',
      resource: 'updateItem',
    });
  });

  it('reads the integration patterns from the suffix', () => {
    const callback = classifyResource('arn:aws:states:::lambda:invoke.waitForTaskToken');
    expect(callback).toMatchObject({
      service: 'lambda',
      action: 'invoke',
      pattern: 'waitForTaskToken',
      resourceType: 'lambda',
      resource: 'invoke.waitForTaskToken',
    });
    expect(waitsForTaskToken(callback)).toBe(true);
    expect(classifyResource('arn:aws:states:::glue:startJobRun.sync')).toMatchObject({
      service: 'glue',
      action: 'startJobRun',
      pattern: 'sync',
      resourceType: 'glue',
      resource: 'startJobRun.sync',
    });
    // The history keeps today's cut at the last colon (see historyNames).
    expect(classifyResource('arn:aws:states:::states:startExecution.sync:2')).toMatchObject({
      service: 'states',
      action: 'startExecution',
      pattern: 'sync:2',
      resourceType: 'states:startExecution.sync',
      resource: '2',
    });
    expect(waitsForTaskToken(classifyResource('arn:aws:states:::glue:startJobRun.sync'))).toBe(false);
  });

  it('reads an AWS SDK integration: resourceType aws-sdk:<service>, resource the action', () => {
    expect(classifyResource('arn:aws:states:::aws-sdk:glue:startJobRun')).toMatchObject({
      kind: 'service',
      sdk: true,
      service: 'glue',
      action: 'startJobRun',
      pattern: 'request-response',
      resourceType: 'aws-sdk:glue',
      resource: 'startJobRun',
    });
    expect(classifyResource('arn:aws:states:::aws-sdk:sns:publish.waitForTaskToken')).toMatchObject({
      sdk: true,
      service: 'sns',
      pattern: 'waitForTaskToken',
    });
  });

  it('reads an activity ARN', () => {
    expect(classifyResource('arn:aws:states:us-east-1:123456789012:activity:approve')).toEqual({
      kind: 'activity',
      arn: 'arn:aws:states:us-east-1:123456789012:activity:approve',
      partition: 'aws',
      region: 'us-east-1',
      account: '123456789012',
      activityName: 'approve',
      resourceType: 'activity',
      resource: 'approve',
    });
  });

  it('leaves anything else unrecognized, with history names cut at the last colon', () => {
    expect(classifyResource('arn:aws:sqs:us-east-1:123456789012:queue')).toEqual({
      kind: 'unrecognized',
      arn: 'arn:aws:sqs:us-east-1:123456789012:queue',
      resourceType: 'arn:aws:sqs:us-east-1:123456789012',
      resource: 'queue',
    });
    expect(classifyResource('not an arn')).toEqual({
      kind: 'unrecognized',
      arn: 'not an arn',
      resourceType: 'not an arn',
      resource: 'not an arn',
    });
    expect(classifyResource('')).toMatchObject({ kind: 'unrecognized' });
    expect(classifyResource('arn:aws:states:::lambda:invoke.sync:3')).toMatchObject({ kind: 'unrecognized' });
    expect(waitsForTaskToken(classifyResource('garbage.waitForTaskToken'))).toBe(false);
  });
});

describe("a Task's classified resource", () => {
  it('reaches the task handler with the invocation: nothing classifies it again', async () => {
    const seen: TaskInvocation[] = [];
    const { outcome } = await run(
      single({ Type: 'Task', Resource: 'arn:aws:states:::sns:publish' }),
      {},
      {
        taskHandler: async (task) => {
          seen.push(task);
          return {};
        },
      },
    );
    expect(outcome.status).toBe('SUCCEEDED');
    expect(seen[0].resource).toBe('arn:aws:states:::sns:publish');
    expect(seen[0].classifiedResource).toMatchObject({ kind: 'service', service: 'sns', action: 'publish' });
  });
});
