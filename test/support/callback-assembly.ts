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
 * for the token and catches `Rejected`; `Heartbeat` expects a heartbeat every second;
 * `SelfApproval` calls a function that answers the token itself with the AWS SDK; `Parent` runs
 * `Child` as a nested execution (`.sync:2`, associated with the parent as CDK writes it).
 */
export function synthCallbackAssembly(): string {
  const code = fs.mkdtempSync(path.join(os.tmpdir(), 'order-workflow-callback-fn-'));
  fs.writeFileSync(path.join(code, 'index.js'), 'exports.handler = async () => ({ acknowledged: true });\n');
  // Answers its own token before it returns, through the SDK Lambda provides (AWS_ENDPOINT_URL_SFN locally).
  fs.writeFileSync(
    path.join(code, 'approve.js'),
    [
      "const { SFNClient, SendTaskSuccessCommand } = require('@aws-sdk/client-sfn');",
      'exports.handler = async (event) => {',
      '  const output = JSON.stringify({ approvedBy: process.env.AWS_LAMBDA_FUNCTION_NAME });',
      '  await new SFNClient({}).send(new SendTaskSuccessCommand({ taskToken: event.token, output }));',
      '  return { answered: true };',
      '};',
      '',
    ].join('\n'),
  );
  const app = testApp();
  const stack = new Stack(app, 'Callbacks');
  const fn = new lambda.Function(stack, 'Acknowledge', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromAsset(code),
  });
  const approve = new lambda.Function(stack, 'Approve', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'approve.handler',
    code: lambda.Code.fromAsset(code),
  });
  const ask = (id: string, heartbeat?: Duration, answerer: lambda.IFunction = fn) =>
    new tasks.LambdaInvoke(stack, id, {
      lambdaFunction: answerer,
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
  new sfn.StateMachine(stack, 'SelfApproval', {
    stateMachineName: 'SelfApproval',
    definitionBody: sfn.DefinitionBody.fromChainable(ask('Approve it', undefined, approve)),
  });
  const child = new sfn.StateMachine(stack, 'Child', {
    stateMachineName: 'Child',
    definitionBody: sfn.DefinitionBody.fromChainable(
      new sfn.Pass(stack, 'Echo', { parameters: { 'received.$': '$.orderId' } }),
    ),
  });
  new sfn.StateMachine(stack, 'Parent', {
    stateMachineName: 'Parent',
    definitionBody: sfn.DefinitionBody.fromChainable(
      new tasks.StepFunctionsStartExecution(stack, 'Run child', {
        stateMachine: child,
        integrationPattern: sfn.IntegrationPattern.RUN_JOB,
        associateWithParent: true,
        input: sfn.TaskInput.fromObject({ 'orderId.$': '$.orderId' }),
      }),
    ),
  });
  const directory = app.synth().directory;
  fs.rmSync(code, { recursive: true, force: true });
  return directory;
}
