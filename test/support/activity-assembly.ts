import { Duration, Stack, Tags } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { testApp } from './synth';

/**
 * A cloud assembly for activities: the activity `Reviews` (tagged `team=orders`), `Review` hands
 * its input to a worker and catches `Rejected`; `Timed` expects a heartbeat every second.
 * `Review` is tagged `cost-center=42`.
 */
export function synthActivityAssembly(): string {
  const app = testApp();
  const stack = new Stack(app, 'Activities');
  const activity = new sfn.Activity(stack, 'Reviews', { activityName: 'Reviews' });
  Tags.of(activity).add('team', 'orders');
  const review = new sfn.StateMachine(stack, 'Review', {
    stateMachineName: 'Review',
    definitionBody: sfn.DefinitionBody.fromChainable(
      new tasks.StepFunctionsInvokeActivity(stack, 'Ask a reviewer', { activity }).addCatch(
        new sfn.Pass(stack, 'Rejected'),
        { errors: ['Rejected'], resultPath: '$.rejection' },
      ),
    ),
  });
  Tags.of(review).add('cost-center', '42');
  new sfn.StateMachine(stack, 'Timed', {
    stateMachineName: 'Timed',
    definitionBody: sfn.DefinitionBody.fromChainable(
      new tasks.StepFunctionsInvokeActivity(stack, 'Beat', {
        activity,
        heartbeatTimeout: sfn.Timeout.duration(Duration.seconds(1)),
      }),
    ),
  });
  return app.synth().directory;
}
