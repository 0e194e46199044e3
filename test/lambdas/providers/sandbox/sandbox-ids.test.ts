import { createHash } from 'node:crypto';
import { sandboxId, sandboxTrackingNumber } from '../../../../lambdas/providers/sandbox';

describe('sandboxId', () => {
  it('is the same for the same key and purpose, and differs across keys and purposes', () => {
    expect(sandboxId('pay', 'charge', 'k1')).toBe(sandboxId('pay', 'charge', 'k1'));
    expect(sandboxId('pay', 'charge', 'k1')).not.toBe(sandboxId('pay', 'charge', 'k2'));
    expect(sandboxId('x', 'charge', 'k1').slice(2)).not.toBe(sandboxId('x', 'refund', 'k1').slice(2));
  });

  it('is the prefix and the first 24 hex digits of sha256("<purpose>:<key>"), so ids survive redeploys', () => {
    const digest = createHash('sha256').update('charge:order-0001').digest('hex');
    expect(sandboxId('pay', 'charge', 'order-0001')).toBe(`pay_${digest.slice(0, 24)}`);
  });
});

describe('sandboxTrackingNumber', () => {
  it('is SBX and 12 digits, stable per key', () => {
    expect(sandboxTrackingNumber('order-0001')).toMatch(/^SBX\d{12}$/);
    expect(sandboxTrackingNumber('order-0001')).toBe(sandboxTrackingNumber('order-0001'));
    expect(sandboxTrackingNumber('order-0001')).not.toBe(sandboxTrackingNumber('order-0002'));
  });
});
