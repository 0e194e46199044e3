import type { Context } from 'aws-lambda';
import { createLogger } from '../../../lambdas/common/logger';
import { stepHandler } from '../../../lambdas/common/step-handler';
import { PaymentDeclinedError } from '../../../lambdas/shared';
import { captureLogs, CapturedLogs } from '../log-capture';

const context = { functionName: 'process-payment-fn', awsRequestId: 'req-123' } as Context;

describe('stepHandler', () => {
  let logs: CapturedLogs;
  beforeEach(() => (logs = captureLogs()));
  afterEach(() => logs.restore());
  const logger = createLogger('test-step');

  it('returns what the work returns and tags logs with the Lambda context', async () => {
    const handler = stepHandler(logger, async () => {
      logger.info('working');
      return 42;
    });
    await expect(handler({ orderId: 'o-1' }, context)).resolves.toBe(42);
    expect(logs.entries()[0]).toMatchObject({ function_request_id: 'req-123', orderId: 'o-1' });
  });

  it('rethrows a workflow error unchanged and logs it as a warning', async () => {
    const declined = new PaymentDeclinedError('card declined: insufficient funds');
    const handler = stepHandler(logger, () => Promise.reject(declined));
    await expect(handler({ order: { orderId: 'o-2' } }, context)).rejects.toBe(declined);
    expect(logs.entries()).toEqual([
      expect.objectContaining({
        level: 'WARN',
        orderId: 'o-2',
        errorName: 'PaymentDeclined',
        errorMessage: 'card declined: insufficient funds',
      }),
    ]);
  });

  it('rethrows an unexpected error unchanged and logs it as an error', async () => {
    const bug = new TypeError('Malformed event');
    const handler = stepHandler(logger, () => Promise.reject(bug));
    await expect(handler({}, context)).rejects.toBe(bug);
    expect(logs.entries()).toEqual([
      expect.objectContaining({ level: 'ERROR', error: expect.objectContaining({ name: 'TypeError' }) }),
    ]);
  });
});
