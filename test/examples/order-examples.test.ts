import * as fs from 'node:fs';
import * as path from 'node:path';
import { StateNames } from '../../lib/construct/state-names';
import { executionPath } from '../../lib/toolkit/local/execution-path';
import type { LocalService } from '../../lib/toolkit/server/start-local';
import { startAppLocally } from '../support/local-app';

const EXAMPLES_DIR = path.join(__dirname, '..', '..', 'examples');

/** Where each example order ends, as docs/sandbox.md says: run through the synthesized workflow. */
const expectations: Record<string, { status: string; error?: string; lastState: string }> = {
  'order.json': { status: 'SUCCEEDED', lastState: StateNames.OrderCompleted },
  'order-out-of-stock.json': { status: 'SUCCEEDED', lastState: StateNames.NotifyOutOfStock },
  'order-invalid.json': {
    status: 'FAILED',
    error: 'OrderValidationFailed',
    lastState: StateNames.InvalidOrder,
  },
  'order-payment-declined.json': {
    status: 'FAILED',
    error: 'PaymentDeclined',
    lastState: StateNames.PaymentDeclined,
  },
  'order-payment-flaky.json': { status: 'SUCCEEDED', lastState: StateNames.OrderCompleted },
  'order-payment-unavailable.json': {
    status: 'FAILED',
    error: 'PaymentFailed',
    lastState: StateNames.PaymentFailed,
  },
  'order-shipping-failed.json': {
    status: 'FAILED',
    error: 'ShippingFailed',
    lastState: StateNames.ShippingFailed,
  },
  'order-refund-failed.json': { status: 'FAILED', error: 'RefundFailed', lastState: StateNames.RefundFailed },
};

const orderFiles = () => fs.readdirSync(EXAMPLES_DIR).filter((f) => /^order.*\.json$/.test(f));
const read = (file: string) => fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8');

describe('examples/order*.json', () => {
  let local: LocalService;
  beforeAll(async () => {
    // Retry back-offs at a tenth of their time (Step Functions Local's WAIT_TIME_SCALE), as in
    // test/integ: the same paths and attempts (the flaky card fails by attempt, not by time) without
    // seconds of sleep (the refund-failed and unavailable-payment orders slept 6 s between them).
    local = await startAppLocally('STANDARD', { waitTimeScale: 0.1 });
  });
  afterAll(() => local?.close());

  it('has an expectation here for every example order', () => {
    expect(orderFiles().sort()).toEqual(Object.keys(expectations).sort());
  });

  it('gives every example its own orderId, since the orderId is the execution name', () => {
    const ids = orderFiles().map((f) => (JSON.parse(read(f)) as { orderId: string }).orderId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(Object.entries(expectations))('%s ends as documented', async (file, expected) => {
    const stateMachineArn = local.runtime.listStateMachines()[0].arn;
    const started = local.runtime.start({ stateMachine: stateMachineArn, input: JSON.parse(read(file)) });
    const record = await local.runtime.waitFor(started.executionArn);
    const steps = executionPath(record.events!);
    expect({ status: record.status, error: record.error, lastState: steps[steps.length - 1].name }).toEqual(
      expected,
    );
  });
});
