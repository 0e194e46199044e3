import { StartSyncExecutionCommand } from '@aws-sdk/client-sfn';
import { FixtureEndpoint, outcomeOf, startFixture } from './support/fixture-endpoint';

/**
 * aws-cdk-examples typescript/api-gateway-parallel-step-functions: an Express state machine behind
 * a StepFunctionsRestApi; a Parallel of two Node.js 24 functions in a VPC from a nested stack (their
 * VPC_CIDR / VPC_ID environment comes from the nested stack's Outputs), merged by a Pass state;
 * log retention through CDK's custom resource function.
 */

let app: FixtureEndpoint;
let machine: string;

beforeAll(async () => {
  app = await startFixture({ dir: 'apigw-parallel-nested', entry: 'index.ts' });
  machine = await app.stateMachineArn(/^mystatemachine/);
}, 120_000);

afterAll(() => app?.close());

test('GET /messages answers with both functions’ bodies, the sleepy one after its 5 s', async () => {
  // StepFunctionsRestApi's default request template: body, path and querystring (no headers).
  const request = { body: {}, path: {}, querystring: {} };
  const result = await app.sfn.send(
    new StartSyncExecutionCommand({ stateMachineArn: machine, input: JSON.stringify(request) }),
  );

  expect(outcomeOf(result)).toEqual({ status: 'SUCCEEDED' });
  // The README's sample response: `normal` from lambda-1, `fast` from the sleepy lambda-2.
  expect(JSON.parse(result.output!)).toEqual({
    normal: JSON.stringify({ message: 'Hello World!' }),
    fast: JSON.stringify({ message: 'Hello World zzZ! (Sleepy)' }),
  });
  expect(result.stopDate!.getTime() - result.startDate!.getTime()).toBeGreaterThanOrEqual(4_900);
}, 30_000);
