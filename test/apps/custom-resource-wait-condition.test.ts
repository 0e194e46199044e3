import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { ListExecutionsCommand } from '@aws-sdk/client-sfn';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { VirtualClock } from '../../lib/toolkit/asl/clock';
import { LOCAL_CREDENTIALS } from '../support/sfn-client';
import {
  eventsOfType,
  finishedExecution,
  FixtureEndpoint,
  outcomeOf,
  parseCause,
  runStandard,
  startFixture,
} from './support/fixture-endpoint';

/**
 * serverless-patterns cdk-custom-resource-with-wait-condition: two NodejsFunctions (ESM `.mts`
 * entries bundled by esbuild, Node.js 24, arm64); a JSONata state machine from an ASL file with
 * `definitionSubstitutions` (Wait 10 s, then Lambda invoke with `Arguments`) that a custom
 * resource starts; its function PUTs the completion signal to the CloudFormation wait condition
 * handle (a presigned URL on AWS, a local recorder here). The Wait runs on a virtual clock.
 */

interface Signal {
  readonly method: string;
  readonly url: string;
  readonly body: unknown;
}

/** Stands for the wait condition handle's presigned URL: records each request it receives. */
async function startSignalRecorder(): Promise<{ url: string; signals: Signal[]; close(): Promise<void> }> {
  const signals: Signal[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      signals.push({
        method: request.method!,
        url: request.url!,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
      });
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    signals,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The input custom-resource-handler.mts starts the execution with, for a Create. */
function creationInput(waitConditionHandle: string) {
  return {
    RequestType: 'Create',
    WaitConditionHandle: waitConditionHandle,
    PhysicalResourceId: '0b7a3c55-35c1-4e8e-9d4c-3f1a1f7f3c11',
    LogicalResourceId: 'CustomResource',
    RequestId: 'a1b2c3d4-0000-4000-8000-000000000001',
    StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/Custom-Resource-With-Wait-Condition-Demo/1',
  };
}

let app: FixtureEndpoint;
let machine: string;
let recorder: Awaited<ReturnType<typeof startSignalRecorder>>;

beforeAll(async () => {
  recorder = await startSignalRecorder();
  app = await startFixture(
    { dir: 'custom-resource-wait-condition', entry: 'bin/app.ts' },
    { clock: new VirtualClock('2026-12-07T12:00:00Z') },
  );
  machine = await app.stateMachineArn(/^LongRunningProcessStateMachine$/);
}, 120_000);

afterAll(async () => {
  await app?.close();
  await recorder?.close();
});

test('after the 10 s wait, the function PUTs SUCCESS to the wait condition handle', async () => {
  const handle = `${recorder.url}/cfn-wait-condition/handle-1?X-Amz-Signature=abc`;
  const { execution, events, path } = await runStandard(app.sfn, machine, creationInput(handle));

  expect(outcomeOf(execution)).toEqual({ status: 'SUCCEEDED' });
  expect(path).toEqual(['Custom Resource Management Placeholder', 'Send Completion Signal']);
  const [entered] = eventsOfType(events, 'WaitStateEntered');
  const [exited] = eventsOfType(events, 'WaitStateExited');
  expect(exited.timestamp!.getTime() - entered.timestamp!.getTime()).toBe(10_000);
  expect(recorder.signals).toEqual([
    {
      method: 'PUT',
      url: '/cfn-wait-condition/handle-1?X-Amz-Signature=abc',
      body: {
        Status: 'SUCCESS',
        Reason: 'Configuration Complete',
        UniqueId: 'ID1234',
        Data: 'Application has completed configuration.',
      },
    },
  ]);
  // The handler returns nothing: the Payload, and so the state's Output, is null.
  expect(JSON.parse(execution.output!)).toBeNull();
});

test('a handle that is not a URL fails the execution with the function’s TypeError', async () => {
  const before = recorder.signals.length;
  const { execution, path } = await runStandard(app.sfn, machine, creationInput('not-a-url'));

  expect(outcomeOf(execution)).toMatchObject({ status: 'FAILED', error: 'TypeError' });
  expect(path).toEqual(['Custom Resource Management Placeholder', 'Send Completion Signal']);
  expect(parseCause(execution.cause)).toMatchObject({
    errorType: 'TypeError',
    errorMessage: 'Failed to parse URL from not-a-url',
  });
  expect(recorder.signals).toHaveLength(before);
});

test('the custom resource Create starts the execution through the SDK and answers CloudFormation SUCCESS', async () => {
  // CloudFormation's Create request to CustomResourceHandler: the function bundles esbuild left
  // `@aws-sdk/client-sfn` out of (Lambda's Node.js runtime provides it).
  const event = {
    RequestType: 'Create',
    ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:CustomResourceHandler',
    ResponseURL: `${recorder.url}/cfn-response/create-1`,
    StackId: creationInput('').StackId,
    RequestId: 'a1b2c3d4-0000-4000-8000-000000000002',
    LogicalResourceId: 'CustomResource',
    ResourceType: 'AWS::CloudFormation::CustomResource',
    ResourceProperties: {
      ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:CustomResourceHandler',
      WaitConditionHandle: `${recorder.url}/cfn-wait-condition/handle-2`,
      StateMachineArn: machine,
    },
  };
  const before = await app.sfn.send(new ListExecutionsCommand({ stateMachineArn: machine }));
  const lambda = new LambdaClient({ endpoint: app.url, region: 'us-east-1', credentials: LOCAL_CREDENTIALS });
  const invoked = await lambda.send(
    new InvokeCommand({ FunctionName: 'CustomResourceHandler', Payload: JSON.stringify(event) }),
  );
  lambda.destroy();

  const payload = Buffer.from(invoked.Payload ?? []).toString('utf8');
  expect({ functionError: invoked.FunctionError, payload }).toEqual({
    functionError: undefined,
    payload: 'null',
  });
  const response = recorder.signals.find((s) => s.url === '/cfn-response/create-1');
  expect(response).toEqual({
    method: 'PUT',
    url: '/cfn-response/create-1',
    body: {
      PhysicalResourceId: expect.stringMatching(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      ),
      LogicalResourceId: 'CustomResource',
      RequestId: event.RequestId,
      StackId: event.StackId,
      NoEcho: false,
      Reason: 'Step Function execution started successfully',
      Status: 'SUCCESS',
    },
  });

  const after = await app.sfn.send(new ListExecutionsCommand({ stateMachineArn: machine }));
  const started = after.executions!.filter(
    (e) => !before.executions!.some((b) => b.executionArn === e.executionArn),
  );
  expect(started).toHaveLength(1);
  const { execution } = await finishedExecution(app.sfn, started[0].executionArn!);
  expect(outcomeOf(execution)).toEqual({ status: 'SUCCEEDED' });
  expect(JSON.parse(execution.input!)).toEqual({
    RequestType: 'Create',
    WaitConditionHandle: event.ResourceProperties.WaitConditionHandle,
    PhysicalResourceId: (response!.body as { PhysicalResourceId: string }).PhysicalResourceId,
    LogicalResourceId: 'CustomResource',
    RequestId: event.RequestId,
    StackId: event.StackId,
  });
  expect(recorder.signals.filter((s) => s.url === '/cfn-wait-condition/handle-2')).toHaveLength(1);
});
