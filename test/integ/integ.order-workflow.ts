/**
 * The deployed integration test, in @aws-cdk/integ-tests-alpha form, for integ-runner against a
 * real account: deploys the Standard stack, starts the happy-path and the invalid example orders,
 * and waits for each to end as expected.
 *
 *   npx integ-runner --directory test/integ   (needs an AWS account; CI only synthesizes it)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, Duration } from 'aws-cdk-lib';
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { OrderWorkflowStack } from '../../lib/app/order-workflow-stack';

const example = (file: string) => fs.readFileSync(path.join(__dirname, '..', '..', 'examples', file), 'utf8');

export function buildIntegApp(app = new App()): { app: App; test: IntegTest } {
  const stack = new OrderWorkflowStack(app, 'OrderWorkflowInteg');
  const test = new IntegTest(app, 'OrderWorkflowIntegTest', { testCases: [stack], diffAssets: true });
  const stateMachineArn = stack.workflow.stateMachine.stateMachineArn;

  const expectOutcome = (file: string, expected: Record<string, unknown>) => {
    const start = test.assertions.awsApiCall('StepFunctions', 'startExecution', {
      stateMachineArn,
      input: example(file),
    });
    test.assertions
      .awsApiCall('StepFunctions', 'describeExecution', { executionArn: start.getAttString('executionArn') })
      .expect(ExpectedResult.objectLike(expected))
      .waitForAssertions({ totalTimeout: Duration.minutes(5), interval: Duration.seconds(5) });
  };
  expectOutcome('order.json', { status: 'SUCCEEDED' });
  expectOutcome('order-invalid.json', { status: 'FAILED', error: 'OrderValidationFailed' });
  return { app, test };
}

if (require.main === module) buildIntegApp().app.synth();
