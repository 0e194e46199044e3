import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Duration, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { testApp } from './synth';

/**
 * A cloud assembly that waits an hour, then calls a function (plain JavaScript) retried on `Busy`
 * after an hour: `Patient`. Its mock configuration's test case `Mocked` answers `Busy` once and
 * then `{"mocked":true}`.
 */
export function synthWaitAssembly(): { assemblyDir: string; mockConfigFile: string } {
  const code = fs.mkdtempSync(path.join(os.tmpdir(), 'order-workflow-wait-fn-'));
  fs.writeFileSync(path.join(code, 'index.js'), 'exports.handler = async () => ({ real: true });\n');
  const app = testApp();
  const stack = new Stack(app, 'Waits');
  const fn = new lambda.Function(stack, 'Answer', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromAsset(code),
  });
  const call = new tasks.LambdaInvoke(stack, 'Call', {
    lambdaFunction: fn,
    payloadResponseOnly: true,
    retryOnServiceExceptions: false,
  });
  call.addRetry({ errors: ['Busy'], interval: Duration.hours(1), maxAttempts: 2, backoffRate: 1 });
  new sfn.StateMachine(stack, 'Patient', {
    stateMachineName: 'Patient',
    definitionBody: sfn.DefinitionBody.fromChainable(
      new sfn.Wait(stack, 'An hour', { time: sfn.WaitTime.duration(Duration.hours(1)) }).next(call),
    ),
  });
  const mockConfigFile = path.join(code, 'mock-config.json');
  fs.writeFileSync(
    mockConfigFile,
    JSON.stringify({
      StateMachines: { Patient: { TestCases: { Mocked: { Call: 'BusyThenAnswer' } } } },
      MockedResponses: {
        BusyThenAnswer: {
          '0': { Throw: { Error: 'Busy', Cause: 'try again in an hour' } },
          '1': { Return: { mocked: true } },
        },
      },
    }),
  );
  return { assemblyDir: app.synth().directory, mockConfigFile };
}
