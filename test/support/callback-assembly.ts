import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Duration, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { testApp } from './synth';

/**
 * A cloud assembly for callbacks: a function that only acknowledges its event (plain JavaScript,
 * no bundling), called by `.waitForTaskToken` tasks that pass it `$$.Task.Token`. `Approval` waits
 * for the token and catches `Rejected`; `Heartbeat` expects a heartbeat every second.
 */
export function synthCallbackAssembly(): string {
  const code = fs.mkdtempSync(path.join(os.tmpdir(), 'order-workflow-callback-fn-'));
  fs.writeFileSync(path.join(code, 'index.js'), 'exports.handler = async () => ({ acknowledged: true });\n');
  const app = testApp();
  const stack = new Stack(app, 'Callbacks');
  const fn = new lambda.Function(stack, 'Acknowledge', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromAsset(code),
  });
  const ask = (id: string, heartbeat?: Duration) =>
    new tasks.LambdaInvoke(stack, id, {
      lambdaFunction: fn,
      integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
      payload: sfn.TaskInput.fromObject({ token: sfn.JsonPath.taskToken, 'order.$': '$' }),
      heartbeatTimeout: heartbeat && sfn.Timeout.duration(heartbeat),
      retryOnServiceExceptions: false,
    });
  new sfn.StateMachine(stack, 'Approval', {
    stateMachineName: 'Approval',
    definitionBody: sfn.DefinitionBody.fromChainable(
      ask('Ask').addCatch(new sfn.Pass(stack, 'Handled'), {
        errors: ['Rejected'],
        resultPath: '$.rejection',
      }),
    ),
  });
  new sfn.StateMachine(stack, 'Heartbeat', {
    stateMachineName: 'Heartbeat',
    definitionBody: sfn.DefinitionBody.fromChainable(ask('Beat', Duration.seconds(1))),
  });
  const directory = app.synth().directory;
  fs.rmSync(code, { recursive: true, force: true });
  return directory;
}
