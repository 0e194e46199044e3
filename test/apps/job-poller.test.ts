import { VirtualClock } from '../../lib/toolkit/asl/clock';
import {
  eventsOfType,
  FixtureEndpoint,
  outcomeOf,
  parseCause,
  runStandard,
  startFixture,
} from './support/fixture-endpoint';

/**
 * aws-cdk-examples typescript/stepfunctions-job-poller: two inline Python 3.12 functions (ZipFile
 * code), Submit Job → Wait 30 s → Get Job Status → Choice looping back to the Wait, started by a
 * scheduled EventBridge rule. The Wait runs on a virtual clock: same outcome, no 30 s of real time.
 */

/** What the scheduled rule (cron, MON-FRI 18:00) passes as the execution's input. */
const SCHEDULED_EVENT = {
  version: '0',
  id: '89d1a02d-5ec7-412e-82f5-13505f849b41',
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: '123456789012',
  time: '2026-12-07T18:00:00Z',
  region: 'us-east-1',
  resources: ['arn:aws:events:us-east-1:123456789012:rule/aws-stepfunctions-integ-Rule'],
  detail: {},
};

let app: FixtureEndpoint;
let machine: string;

beforeAll(async () => {
  app = await startFixture(
    { dir: 'job-poller', entry: 'index.ts' },
    { clock: new VirtualClock('2026-12-07T18:00:00Z') },
  );
  machine = await app.stateMachineArn(/^CronStateMachine/);
}, 120_000);

afterAll(() => app?.close());

test('a scheduled run submits the job, waits, sees it SUCCEEDED and reads the final status', async () => {
  const { execution, events, path } = await runStandard(app.sfn, machine, SCHEDULED_EVENT);

  expect(outcomeOf(execution)).toEqual({ status: 'SUCCEEDED' });
  expect(path).toEqual([
    'Submit Job',
    'Wait X Seconds',
    'Get Job Status',
    'Job Complete?',
    'Get Final Job Status',
  ]);
  // submit.py returns the event's id with SUCCEEDED; check_status.py echoes both.
  expect(JSON.parse(execution.output!)).toEqual({ status: 'SUCCEEDED', id: SCHEDULED_EVENT.id });
  const [entered] = eventsOfType(events, 'WaitStateEntered');
  const [exited] = eventsOfType(events, 'WaitStateExited');
  expect(exited.timestamp!.getTime() - entered.timestamp!.getTime()).toBe(30_000);
  // submit.py's print goes to the function's log.
  expect(app.functionLogs).toContainEqual(expect.stringContaining('The job is submitted successfully!'));
});

test('an input without an id fails the execution with the Python KeyError, not retried', async () => {
  const { execution, events, path } = await runStandard(app.sfn, machine, { detail: {} });

  // An unhandled Python exception reaches Step Functions under its type; CDK's default retrier
  // only covers Lambda service errors.
  expect(outcomeOf(execution)).toMatchObject({ status: 'FAILED', error: 'KeyError' });
  expect(path).toEqual(['Submit Job']);
  expect(parseCause(execution.cause)).toMatchObject({ errorType: 'KeyError', errorMessage: "'id'" });
  expect(eventsOfType(events, 'TaskFailed')).toHaveLength(1);
});
