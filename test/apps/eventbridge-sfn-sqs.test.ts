import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  eventsOfType,
  FixtureEndpoint,
  FIXTURE_APPS_DIR,
  outcomeOf,
  parseCause,
  runStandard,
  scheduledParameters,
  startFixture,
} from './support/fixture-endpoint';

/**
 * serverless-patterns cdk-eventbridge-stepfunction-sqs: a custom EventBridge bus whose rule starts
 * a Standard state machine with the event. A Node.js 14 function runs the business job (Retry on
 * `Failure Exception`, Catch of everything); a Choice succeeds on `completed`; failures go through
 * a Pass to `sqs:sendMessage` on a failure queue, then a Fail state without error or cause.
 */

/** The app's own sample events (docs/events), as the rule delivers them. */
function sampleEvent(file: string): Record<string, unknown> {
  return JSON.parse(
    fs.readFileSync(path.join(FIXTURE_APPS_DIR, 'eventbridge-sfn-sqs/docs/events', file), 'utf8'),
  );
}

let app: FixtureEndpoint;
let machine: string;

beforeAll(async () => {
  app = await startFixture({ dir: 'eventbridge-sfn-sqs/cdk', entry: 'bin/eventbridge-stepfunction-cdk.ts' });
  machine = await app.stateMachineArn(/^EventBridgeCDKStateMachine$/);
}, 120_000);

afterAll(() => app?.close());

test('successEvent.json: the job completes and the Choice ends in Execution Succeed', async () => {
  const event = sampleEvent('successEvent.json');
  const { execution, path } = await runStandard(app.sfn, machine, event);

  expect(outcomeOf(execution)).toEqual({ status: 'SUCCEEDED' });
  expect(path).toEqual(['Business Execution Job', 'Does execution successfull?', 'Execution Succeed']);
  expect(JSON.parse(execution.output!)).toEqual({
    statusCode: 200,
    processedInput: { transactionStatus: 'completed' },
    sourceEvent: event,
  });
});

test('failureEvent.json: the thrown Error is caught, sent to the failure queue, and the execution fails', async () => {
  const event = sampleEvent('failureEvent.json');
  const { execution, events, path } = await runStandard(app.sfn, machine, event);

  expect(outcomeOf(execution)).toEqual({ status: 'FAILED' });
  expect(path).toEqual(['Business Execution Job', 'Failure Callback', 'Failure Queue', 'Execution Failed']);
  // `new Error('Failure Exception')` is an error named "Error": the Retry on 'Failure Exception'
  // (a message, not a name) never matches, so the function runs once.
  const failed = eventsOfType(events, 'TaskFailed');
  expect(failed).toHaveLength(1);
  expect(failed[0].taskFailedEventDetails).toMatchObject({ error: 'Error' });
  expect(parseCause(failed[0].taskFailedEventDetails!.cause)).toMatchObject({
    errorType: 'Error',
    errorMessage: 'Failure Exception',
  });

  // The message sent is the state's input with the caught error at $.message.errorMessage.
  const sent = scheduledParameters(events, 1);
  // The queue's URL as the runtime serves it: the endpoint's, so SDK clients reach the local SQS.
  expect(sent.QueueUrl).toBe(`${app.url}/123456789012/StepfuntionFailureQueue81C6B762`);
  expect(sent.MessageBody).toMatchObject({
    ...event,
    message: { errorMessage: { Error: 'Error', Cause: failed[0].taskFailedEventDetails!.cause } },
  });
  const [queued] = eventsOfType(events, 'TaskSucceeded');
  expect(JSON.parse(queued.taskSucceededEventDetails!.output!)).toMatchObject({
    MessageId: expect.any(String),
    MD5OfMessageBody: expect.stringMatching(/^[0-9a-f]{32}$/),
  });
});
