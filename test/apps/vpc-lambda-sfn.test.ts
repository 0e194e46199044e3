import {
  FixtureEndpoint,
  outcomeOf,
  runStandard,
  scheduledParameters,
  startFixture,
} from './support/fixture-endpoint';

/**
 * serverless-patterns cdk-vpc-lambda-sfn: three stacks. vpcStack (VPC, security group, a Step
 * Functions interface endpoint) → lambdaStack (a Node.js 14 arm64 function in the VPC, named
 * `test-lambdaFunction`) → sfnStack (a Standard state machine whose one LambdaInvoke reaches the
 * function through `Fn::ImportValue` of lambdaStack's export).
 */

let app: FixtureEndpoint;
let machine: string;

beforeAll(async () => {
  app = await startFixture({ dir: 'vpc-lambda-sfn', entry: 'app.ts' });
  machine = await app.stateMachineArn(/^test-testMachineFlow$/);
}, 120_000);

afterAll(() => app?.close());

test('the state machine in sfnStack invokes the function of lambdaStack and returns its payload', async () => {
  const { execution, events, path } = await runStandard(app.sfn, machine, {});

  expect(outcomeOf(execution)).toEqual({ status: 'SUCCEEDED' });
  expect(path).toEqual(['test-stepLambda']);
  // outputPath $.Payload: the handler's response as it returned it.
  expect(JSON.parse(execution.output!)).toEqual({ statusCode: 200, body: '"Hello from Lambda!"' });
  // The imported value is the function's ARN, named by its explicit functionName.
  expect(scheduledParameters(events).FunctionName).toMatch(
    /^arn:aws:lambda:[a-z0-9-]+:\d{12}:function:test-lambdaFunction$/,
  );
});
