import * as path from 'node:path';
import { StateNames } from '../../../../lib/construct/state-names';
import { executionPath } from '../../../../lib/toolkit/local/execution-path';
import type { LocalService } from '../../../../lib/toolkit/server/start-local';
import { exampleOrder } from '../../../integ/orders';
import { startAppLocally } from '../../../support/local-app';

const MOCK_CONFIG = path.join(__dirname, '..', '..', '..', '..', 'examples', 'mock-config.json');

/** Paths driven by Step Functions Local's mock configuration, without touching handler code. */
describe('mocked scenarios (examples/mock-config.json)', () => {
  let local: LocalService;
  let arn: string;
  beforeAll(async () => {
    // Retry back-offs at a tenth of their time (Step Functions Local's WAIT_TIME_SCALE), as in
    // test/integ: the same retries and failures without their sleep (NotificationsDown's four
    // attempts at the topic slept about 5 s).
    local = await startAppLocally('STANDARD', { mockConfig: MOCK_CONFIG, waitTimeScale: 0.1 });
    arn = local.runtime.listStateMachines()[0].arn;
  });
  afterAll(() => local?.close());

  async function run(testCase: string, file = 'order.json') {
    const { orderId, input } = exampleOrder(file);
    const started = local.runtime.start({
      stateMachine: arn,
      testCase,
      name: orderId,
      input: JSON.parse(input),
    });
    const record = await local.runtime.waitFor(started.executionArn);
    return { record, path: executionPath(record.events!) };
  }

  it('names the test case by the state machine ARN convention, as Step Functions Local does', () => {
    expect(arn).toMatch(/:stateMachine:OrderWorkflowStateMachine225C08D5$/);
  });

  it('declines a payment that the real sandbox would have charged', async () => {
    const { record, path: steps } = await run('PaymentDeclined');
    expect(record).toMatchObject({ status: 'FAILED', error: 'PaymentDeclined' });
    expect(steps.map((s) => s.name).slice(-4)).toEqual([
      StateNames.NotifyPaymentDeclined,
      StateNames.ReleaseStock,
      StateNames.WhichFailure,
      StateNames.PaymentDeclined,
    ]);
  });

  it('retries two Lambda service errors and then uses the mocked charge', async () => {
    const { record, path: steps } = await run('PaymentServiceHiccup');
    expect(record.status).toBe('SUCCEEDED');
    const payment = steps.find((s) => s.name === StateNames.ProcessPayment)!;
    expect(payment.failures.map((f) => f.error)).toEqual([
      'Lambda.ServiceException',
      'Lambda.ServiceException',
    ]);
    expect((record.output as { payment: { paymentId: string } }).payment.paymentId).toBe('pay_mocked');
  });

  it('refunds through the real bundled refund function when the mocked carrier refuses', async () => {
    const { record, path: steps } = await run('CarrierRefuses');
    expect(record).toMatchObject({ status: 'FAILED', error: 'ShippingFailed' });
    expect(steps.find((s) => s.name === StateNames.RefundPayment)!.output).toMatchObject({
      refund: { status: 'REFUNDED' },
    });
  });

  it('mocks a service integration (SNS) too: the decline still ends as PaymentDeclined', async () => {
    const { record, path: steps } = await run('NotificationsDown');
    expect(record).toMatchObject({ status: 'FAILED', error: 'PaymentDeclined' });
    const notify = steps.find((s) => s.name === StateNames.NotifyPaymentDeclined)!;
    expect(notify.failures).toHaveLength(4);
  });

  it('refuses a test case the configuration does not have, naming the ones it has', () => {
    expect(() => local.runtime.start({ stateMachine: arn, testCase: 'NoSuchCase' })).toThrow(
      /no test case "NoSuchCase" \(configured: PaymentDeclined, PaymentServiceHiccup, CarrierRefuses, NotificationsDown\)/,
    );
  });
});
