import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Duration, Stack } from 'aws-cdk-lib';
import { testApp } from './synth';

/**
 * A cloud assembly with no functions, synthesized in milliseconds: a Standard machine that waits
 * (so it can be seen RUNNING and stopped) and an Express machine that echoes its input.
 */
export function synthTinyAssembly(): string {
  const app = testApp();
  const stack = new Stack(app, 'Tiny');
  new sfn.StateMachine(stack, 'Waiter', {
    definitionBody: sfn.DefinitionBody.fromChainable(
      new sfn.Wait(stack, 'Wait', { time: sfn.WaitTime.secondsPath('$.seconds') }).next(
        new sfn.Pass(stack, 'Done', { parameters: { 'waited.$': '$.seconds' } }),
      ),
    ),
  });
  new sfn.StateMachine(stack, 'Echo', {
    stateMachineType: sfn.StateMachineType.EXPRESS,
    timeout: Duration.minutes(1),
    definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(stack, 'Echo it')),
  });
  return app.synth().directory;
}
