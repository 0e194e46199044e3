import {
  decideCharge,
  decideRefund,
  SANDBOX_CARDS,
  UNKNOWN_TOKEN_REASON,
} from '../../../../lambdas/providers/sandbox';

describe('decideCharge', () => {
  it('captures tok_visa on the first attempt', () => {
    expect(decideCharge('tok_visa', 0)).toEqual({ outcome: 'capture' });
  });

  it('declines tok_visa_declined for insufficient funds on every attempt', () => {
    for (const attempt of [0, 1, 5]) {
      expect(decideCharge('tok_visa_declined', attempt)).toEqual({
        outcome: 'decline',
        reason: 'card declined: insufficient funds',
      });
    }
  });

  it('fails tok_visa_flaky transiently on attempts 0 and 1 and captures on attempt 2', () => {
    expect(decideCharge('tok_visa_flaky', 0).outcome).toBe('unavailable');
    expect(decideCharge('tok_visa_flaky', 1).outcome).toBe('unavailable');
    expect(decideCharge('tok_visa_flaky', 2)).toEqual({ outcome: 'capture' });
  });

  it('fails tok_visa_unavailable transiently on every attempt', () => {
    expect(decideCharge('tok_visa_unavailable', 0).outcome).toBe('unavailable');
    expect(decideCharge('tok_visa_unavailable', 1000).outcome).toBe('unavailable');
  });

  it('declines a token the sandbox never issued, including Object.prototype names', () => {
    for (const token of ['tok_mastercard', 'constructor', '__proto__', 'toString']) {
      expect(decideCharge(token, 0)).toEqual({ outcome: 'decline', reason: UNKNOWN_TOKEN_REASON });
    }
  });

  it('never names the token in its reasons, since they reach logs', () => {
    for (const token of Object.keys(SANDBOX_CARDS)) {
      const decision = decideCharge(token, 0);
      if (decision.outcome !== 'capture') expect(decision.reason).not.toContain(token);
    }
  });
});

describe('decideRefund', () => {
  it.each(['tok_visa', 'tok_visa_flaky'])('refunds %s, a card that charges', (token) => {
    expect(decideRefund(token, 0)).toEqual({ outcome: 'refund' });
  });

  it.each(['tok_visa_declined', 'tok_visa_unavailable', 'tok_unknown'])(
    'finds no charge for %s, a card that never charges',
    (token) => {
      expect(decideRefund(token, 0)).toEqual({ outcome: 'no-charge' });
    },
  );

  it('fails tok_visa_refund_flaky refunds transiently on attempts 0 and 1 and refunds on attempt 2', () => {
    expect(decideRefund('tok_visa_refund_flaky', 1).outcome).toBe('unavailable');
    expect(decideRefund('tok_visa_refund_flaky', 2)).toEqual({ outcome: 'refund' });
  });

  it('fails tok_visa_refund_unavailable refunds on every attempt, though its charges succeed', () => {
    expect(decideCharge('tok_visa_refund_unavailable', 0)).toEqual({ outcome: 'capture' });
    expect(decideRefund('tok_visa_refund_unavailable', 99).outcome).toBe('unavailable');
  });
});
