import { StartSyncExecutionCommand } from '@aws-sdk/client-sfn';
import { FixtureEndpoint, outcomeOf, parseCause, startFixture } from './support/fixture-endpoint';

/**
 * step-functions-workflows-collection text-processing-sqs-express-cdk: an Express state machine of
 * four Python 3.7 functions from asset folders (decode base64, statistics, clean, tokenize and
 * count), each task's output its Payload; a fifth function, fed by an SQS event source, starts it.
 */

let app: FixtureEndpoint;
let machine: string;

beforeAll(async () => {
  app = await startFixture({
    dir: 'text-processing-express',
    entry: 'bin/processhighvolumemessages-sqs-express.ts',
  });
  machine = await app.stateMachineArn(/^ExpressStateMachineForTextProcessing/);
}, 120_000);

afterAll(() => app?.close());

function startSync(input: unknown) {
  return app.sfn.send(
    new StartSyncExecutionCommand({ stateMachineArn: machine, input: JSON.stringify(input) }),
  );
}

test('a base64 message is decoded, cleaned of non-word characters, and its words counted', async () => {
  const text = 'Hello, World! Hello 42 times.';
  const result = await startSync({ input: Buffer.from(text).toString('base64') });

  expect(outcomeOf(result)).toEqual({ status: 'SUCCEEDED' });
  // string-cleaner: re.sub('\W+', ' ', text); tokenizer-counter: lower-cased, split on spaces.
  expect(JSON.parse(result.output!)).toEqual({
    statusCode: 200,
    input: 'Hello World Hello 42 times ',
    word_counts: { hello: 2, world: 1, '42': 1, times: 1 },
  });
});

test('a message without `input` fails the execution with the first function’s KeyError', async () => {
  const result = await startSync({ body: 'SGVsbG8=' });

  expect(outcomeOf(result)).toMatchObject({ status: 'FAILED', error: 'KeyError' });
  expect(parseCause(result.cause)).toMatchObject({ errorType: 'KeyError', errorMessage: "'input'" });
});
