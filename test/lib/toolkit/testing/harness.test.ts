import * as path from 'node:path';
import { Duration, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { OrderWorkflow } from '../../../../lib/construct/order-workflow';
import { StateNames } from '../../../../lib/construct/state-names';
import { StaleAssemblyError } from '../../../../lib/toolkit/testing';
import { Harness } from '../../../../lib/toolkit/testing';
import { testApp } from '../../../support/synth';
import ORDER from '../../../../examples/order.json';

/**
 * An app as a user writes one: a Map over the order's lines, each priced by an inline-code Lambda,
 * a Choice on the total, a long Wait (virtual time skips it) and a task the tests mock.
 */
function pricingApp() {
  const app = testApp();
  const stack = new Stack(app, 'Shop');
  const price = new lambda.Function(stack, 'Price', {
    runtime: lambda.Runtime.NODEJS_20_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async (e) => ({ sku: e.sku, cost: e.qty * 5 });'),
  });
  const priceLine = new tasks.LambdaInvoke(stack, 'Price line', {
    lambdaFunction: price,
    payloadResponseOnly: true,
  });
  const lines = new sfn.Map(stack, 'Price lines', { itemsPath: '$.lines', resultPath: '$.priced' });
  lines.itemProcessor(priceLine);
  const charge = new tasks.CallAwsService(stack, 'Charge', {
    service: 'sqs',
    action: 'sendMessage',
    parameters: { QueueUrl: 'https://sqs.local/q', MessageBody: sfn.JsonPath.stringAt('$.id') },
    iamResources: ['*'],
    resultPath: '$.charge',
  });
  charge.addRetry({ errors: ['Sqs.ServiceUnavailable'], maxAttempts: 2, interval: Duration.minutes(10) });
  const big = new sfn.Succeed(stack, 'Big order');
  const small = new sfn.Succeed(stack, 'Small order');
  const wait = new sfn.Wait(stack, 'Cool off', { time: sfn.WaitTime.duration(Duration.hours(6)) });
  new sfn.StateMachine(stack, 'Pricing', {
    definitionBody: sfn.DefinitionBody.fromChainable(
      lines
        .next(wait)
        .next(charge)
        .next(
          new sfn.Choice(stack, 'How big?')
            .when(sfn.Condition.numberGreaterThan('$.priced[0].cost', 10), big)
            .otherwise(small),
        ),
    ),
  });
  new sfn.StateMachine(stack, 'Other', {
    definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(stack, 'Nothing')),
  });
  return app;
}

describe('Harness on an app of a user’s own (synthesized in-process)', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await Harness.start({ app: pricingApp() });
  });
  afterAll(() => harness.close());

  it('runs the real inline-code Lambda in a Map, a mocked task per attempt, and skips a 6-hour Wait', async () => {
    const started = Date.now();
    const result = await harness.stateMachine('Shop/Pricing').run(
      { id: 'o-1', lines: [{ sku: 'lamp', qty: 3 }] },
      {
        mocks: {
          Charge: [
            { throw: { error: 'Sqs.ServiceUnavailable', cause: 'try later' } },
            { return: { MessageId: 'm-1' } },
          ],
        },
      },
    );
    expect(result).toMatchObject({ status: 'SUCCEEDED', output: { charge: { MessageId: 'm-1' } } });
    expect(result.path).toEqual(['Price lines', 'Price line', 'Cool off', 'Charge', 'How big?', 'Big order']);
    expect(result.states.find((s) => s.name === 'Charge')!.failures).toEqual([
      { error: 'Sqs.ServiceUnavailable', cause: 'try later' },
    ]);
    expect((result.output as { priced: unknown }).priced).toEqual([{ sku: 'lamp', cost: 15 }]);
    expect(result.history[0].type).toBe('ExecutionStarted');
    expect(result.history.at(-1)!.type).toBe('ExecutionSucceeded');
    // Six hours of Wait and a ten-minute retry interval, in (much) less than a minute of real time.
    expect(Date.now() - started).toBeLessThan(60_000);
  });

  it('picks a state machine by construct path, construct id, or says which exist', async () => {
    expect(harness.stateMachine('Pricing').name).toBe(harness.stateMachine('Shop/Pricing/Resource').name);
    expect(() => harness.stateMachine('Nope')).toThrow(
      /no state machine Nope; the assembly has: .*Pricing.*Other/,
    );
  });

  it('fails an unmocked send to a queue the app does not have as SQS does', async () => {
    const result = await harness.stateMachine('Pricing').run({ id: 'o-2', lines: [{ sku: 'pen', qty: 1 }] });
    expect(result).toMatchObject({ status: 'FAILED', error: 'Sqs.QueueDoesNotExistException' });
    expect(result.cause).toMatch(/^The specified queue does not exist\./);
    expect(harness.sqsMessages).toEqual([]);
  });

  it('refuses mocks that are neither a return nor a throw', async () => {
    await expect(
      harness.stateMachine('Pricing').run({}, { mocks: { Charge: { result: 1 } as never } }),
    ).rejects.toThrow(/mocks\["Charge"\]: each attempt is \{ return: value \} or \{ throw/);
  });
});

describe('Harness on this repository’s order workflow', () => {
  let harness: Harness;
  beforeAll(async () => {
    const app = testApp({ bundle: true });
    new OrderWorkflow(new Stack(app, 'Orders'), 'OrderWorkflow');
    harness = await Harness.start({
      app,
      dynamodb: {
        endpoint: process.env.DYNAMODB_LOCAL_ENDPOINT,
        seedFile: path.join(__dirname, '..', '..', '..', '..', 'examples', 'inventory-seed.json'),
      },
    });
  });
  afterAll(() => harness.close());

  it('runs the real handlers on DynamoDB Local with one step mocked: a declined card releases the stock', async () => {
    const result = await harness.stateMachine('Orders/OrderWorkflow/StateMachine').run(ORDER, {
      mocks: {
        [StateNames.ProcessPayment]: {
          throw: { error: 'PaymentDeclined', cause: '{"errorMessage":"card declined (mocked)"}' },
        },
      },
    });
    expect(result).toMatchObject({ status: 'FAILED', error: 'PaymentDeclined' });
    expect(result.path.slice(-3)).toEqual([
      StateNames.ReleaseStock,
      StateNames.WhichFailure,
      StateNames.PaymentDeclined,
    ]);
    expect(result.path).toContain(StateNames.NotifyPaymentDeclined);
  });
});

describe('StaleAssemblyError', () => {
  it('is what a cdk.out older than the app’s sources gives', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stale-app-'));
    try {
      fs.writeFileSync(
        path.join(dir, 'cdk.json'),
        JSON.stringify({ app: 'x', watch: { include: ['**'], exclude: ['test'] } }),
      );
      fs.mkdirSync(path.join(dir, 'cdk.out'));
      fs.mkdirSync(path.join(dir, 'lib'));
      fs.mkdirSync(path.join(dir, 'test'));
      fs.writeFileSync(path.join(dir, 'cdk.out', 'manifest.json'), '{}');
      const past = new Date(Date.now() - 60_000);
      fs.utimesSync(path.join(dir, 'cdk.out', 'manifest.json'), past, past);
      fs.utimesSync(path.join(dir, 'cdk.json'), past, past);
      fs.writeFileSync(path.join(dir, 'test', 'flow.test.ts'), '// a test changed after synth: not a source');
      const { assertAssemblyFresh } = await import('../../../../lib/toolkit/testing/stale-assembly');
      expect(() => assertAssemblyFresh(path.join(dir, 'cdk.out'))).not.toThrow();
      fs.writeFileSync(path.join(dir, 'lib', 'stack.ts'), '// changed after synth');
      await expect(Harness.start({ app: path.join(dir, 'cdk.out') })).rejects.toThrow(StaleAssemblyError);
      await expect(Harness.start({ app: path.join(dir, 'cdk.out') })).rejects.toThrow(
        /is older than .*lib\/stack\.ts: run `npx cdk synth` again/,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
