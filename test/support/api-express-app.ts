import { Duration, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { testApp } from './synth';

/**
 * Another app than this repository's: an API Gateway in front of an Express state machine with one
 * Lambda task (the function's Timeout 10 s, no TimeoutSeconds on the task, LambdaInvoke's own
 * retrier) whose failure is caught into a Fail state. Synthesized in a second, without bundling.
 */
export function synthApiExpressApp(): string {
  const app = testApp();
  const stack = new Stack(app, 'Greeter');
  const greet = new lambda.Function(stack, 'Greet', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    timeout: Duration.seconds(10),
    code: lambda.Code.fromInline('exports.handler = async (event) => ({ greeting: `hello ${event.name}` });'),
  });
  const sayHello = new tasks.LambdaInvoke(stack, 'Say Hello', {
    lambdaFunction: greet,
    outputPath: '$.Payload',
  });
  sayHello.addCatch(new sfn.Fail(stack, 'Greeting Failed', { error: 'GreetingFailed' }));
  const machine = new sfn.StateMachine(stack, 'Greeting', {
    stateMachineType: sfn.StateMachineType.EXPRESS,
    definitionBody: sfn.DefinitionBody.fromChainable(sayHello),
  });
  new apigateway.StepFunctionsRestApi(stack, 'Api', { stateMachine: machine });
  return app.synth().directory;
}
