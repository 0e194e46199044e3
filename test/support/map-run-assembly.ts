import { Stack } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { testApp } from './synth';

/**
 * A cloud assembly with one Standard machine, `Fanout`: a distributed Map (Label `Fan`) over
 * `$.items`, MaxConcurrency 1, ToleratedFailureCount 1, whose child runs fail on `{ "fail": true }`
 * and otherwise wait `$.seconds` (0 by default).
 */
export function synthMapRunAssembly(): string {
  const app = testApp();
  const stack = new Stack(app, 'MapRuns');
  const definition = {
    StartAt: 'Each',
    States: {
      Each: {
        Type: 'Map',
        Label: 'Fan',
        ItemsPath: '$.items',
        MaxConcurrency: 1,
        ToleratedFailureCount: 1,
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
          StartAt: 'Fail?',
          States: {
            'Fail?': {
              Type: 'Choice',
              Choices: [
                {
                  And: [
                    { Variable: '$.fail', IsPresent: true },
                    { Variable: '$.fail', BooleanEquals: true },
                  ],
                  Next: 'Broken',
                },
              ],
              Default: 'Pause',
            },
            Broken: { Type: 'Fail', Error: 'Broken', Cause: 'the item asked to fail' },
            Pause: { Type: 'Wait', SecondsPath: '$.seconds', End: true },
          },
        },
        End: true,
      },
    },
  };
  new sfn.StateMachine(stack, 'Fanout', {
    stateMachineName: 'Fanout',
    definitionBody: sfn.DefinitionBody.fromString(JSON.stringify(definition)),
  });
  return app.synth().directory;
}
