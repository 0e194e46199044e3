import { Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { OrderWorkflow, OrderWorkflowProps } from '../../../lib/construct/order-workflow';
import { testApp } from '../../support/synth';
// Synthesized with aws-cdk-lib's CloudFormation validation, as `cdk synth` does: product templates.
import '../../support/cfn-validation';

function build(props: OrderWorkflowProps) {
  const stack = new Stack(testApp(), 'Stack');
  new OrderWorkflow(stack, 'Workflow', props);
  return stack;
}

const EXPRESS = sfn.StateMachineType.EXPRESS;

describe('OrderWorkflow prop validation', () => {
  it('rejects an Express workflow with a timeout over five minutes', () => {
    expect(() => build({ workflowType: EXPRESS, timeout: Duration.minutes(6) })).toThrow(
      /Stack\/Workflow: an Express workflow runs for at most five minutes, but timeout is 6 minutes\. Set timeout to Duration\.minutes\(5\) or less, or use workflowType: StateMachineType\.STANDARD/,
    );
  });

  it('accepts an Express workflow with a timeout of exactly five minutes', () => {
    expect(() => build({ workflowType: EXPRESS, timeout: Duration.minutes(5) })).not.toThrow();
  });

  it('accepts a Standard workflow running for an hour', () => {
    expect(() => build({ timeout: Duration.hours(1) })).not.toThrow();
  });

  it('rejects an Express workflow with logging off, since its logs are its only history', () => {
    expect(() => build({ workflowType: EXPRESS, logLevel: sfn.LogLevel.OFF })).toThrow(
      /Express workflow keeps no execution history.*Set logLevel to ALL, ERROR or FATAL/,
    );
  });

  it('rejects a Standard workflow running over a year', () => {
    expect(() => build({ timeout: Duration.days(366) })).toThrow(/over the one-year limit/);
  });

  it('rejects a task timeout as long as the workflow timeout', () => {
    expect(() => build({ timeout: Duration.minutes(1), taskTimeout: Duration.minutes(1) })).toThrow(
      /taskTimeout \(1 minute\) must be shorter than the workflow's timeout \(1 minute\)/,
    );
  });

  it('rejects a task timeout shorter than the default functions’ own timeout', () => {
    expect(() => build({ taskTimeout: Duration.seconds(3) })).toThrow(
      /taskTimeout \(3 seconds\) is shorter than the default functions' timeout \(5 seconds\).*Set taskTimeout to 5 seconds or more, or pass your own functions/,
    );
  });

  it('allows a short task timeout when every function is the caller’s own', () => {
    const stack = new Stack(testApp(), 'Stack');
    const fn = new lambda.Function(stack, 'Fn', {
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({})'),
    });
    expect(
      () =>
        new OrderWorkflow(stack, 'Workflow', {
          taskTimeout: Duration.seconds(3),
          validateOrderFunction: fn,
          stockFunction: fn,
          processPaymentFunction: fn,
          shipOrderFunction: fn,
          notifyOutOfStockFunction: fn,
          refundPaymentFunction: fn,
        }),
    ).not.toThrow();
  });

  it.each([
    [{ maxAttempts: -1 }, /retry\.maxAttempts must be a whole number from 0 to 10, got -1/],
    [{ maxAttempts: 11 }, /retry\.maxAttempts must be a whole number from 0 to 10, got 11/],
    [{ maxAttempts: 1.5 }, /retry\.maxAttempts must be a whole number from 0 to 10, got 1\.5/],
    [{ backoffRate: 0.5 }, /retry\.backoffRate must be from 1 to 10, got 0\.5/],
    [{ interval: Duration.millis(500) }, /retry\.interval must be a whole number of seconds, at least 1/],
    [
      { interval: Duration.seconds(5), maxDelay: Duration.seconds(2) },
      /retry\.maxDelay \(2 seconds\) is shorter than retry\.interval \(5 seconds\)/,
    ],
  ])('rejects the retry policy %j', (retry, message) => {
    expect(() => build({ retry })).toThrow(message);
  });

  it('rejects a state machine name AWS would refuse', () => {
    expect(() => build({ stateMachineName: 'orders workflow!' })).toThrow(
      /stateMachineName "orders workflow!" is invalid: use 1 to 80 letters, digits, hyphens or underscores/,
    );
  });

  it('rejects function memory outside what Lambda offers', () => {
    expect(() => build({ functionMemorySize: 64 })).toThrow(
      /functionMemorySize must be a whole number of MB from 128 to 10240, got 64/,
    );
  });

  it('warns when the retries could outlast the workflow timeout', () => {
    const stack = build({ timeout: Duration.minutes(2), taskTimeout: Duration.seconds(30) });
    Annotations.fromStack(stack).hasWarning(
      '/Stack/Workflow',
      Match.stringLikeRegexp('longest path can take \\d+ s, more than the 2 minutes timeout'),
    );
  });

  it('does not warn with the defaults', () => {
    Annotations.fromStack(build({})).hasNoWarning('/Stack/Workflow', Match.anyValue());
  });
});
