/**
 * Sandbox card tokens and what each does. Outcomes depend only on the token and the attempt
 * (`$$.State.RetryCount`), so a retried task behaves the same in any Lambda container.
 */

import { FLAKY_FAILED_ATTEMPTS } from './sandbox-flakiness';

export interface SandboxCard {
  readonly behaviour: string;
  /** Set for a card the provider declines: the reason it gives. */
  readonly declineReason?: string;
  /** Charges fail transiently while the attempt is below this; `Infinity`: they always do. */
  readonly chargeUnavailableUntilAttempt: number;
  /** Refunds fail transiently while the attempt is below this; `Infinity`: they always do. */
  readonly refundUnavailableUntilAttempt: number;
}

export const SANDBOX_CARDS: Readonly<Record<string, SandboxCard>> = {
  tok_visa: {
    behaviour: 'Charge captured; refunds succeed.',
    chargeUnavailableUntilAttempt: 0,
    refundUnavailableUntilAttempt: 0,
  },
  tok_visa_declined: {
    behaviour: 'Charge declined (PaymentDeclined); nothing is charged.',
    declineReason: 'card declined: insufficient funds',
    chargeUnavailableUntilAttempt: 0,
    refundUnavailableUntilAttempt: 0,
  },
  tok_visa_flaky: {
    behaviour: 'Charge fails with ProviderUnavailable on attempts 0 and 1, captured on attempt 2.',
    chargeUnavailableUntilAttempt: FLAKY_FAILED_ATTEMPTS,
    refundUnavailableUntilAttempt: 0,
  },
  tok_visa_unavailable: {
    behaviour: 'Charge always fails with ProviderUnavailable; nothing is charged.',
    chargeUnavailableUntilAttempt: Infinity,
    refundUnavailableUntilAttempt: 0,
  },
  tok_visa_refund_flaky: {
    behaviour: 'Charge captured; refunds fail with ProviderUnavailable on attempts 0 and 1, succeed on 2.',
    chargeUnavailableUntilAttempt: 0,
    refundUnavailableUntilAttempt: FLAKY_FAILED_ATTEMPTS,
  },
  tok_visa_refund_unavailable: {
    behaviour: 'Charge captured; refunds always fail with ProviderUnavailable (the RefundFailed path).',
    chargeUnavailableUntilAttempt: 0,
    refundUnavailableUntilAttempt: Infinity,
  },
};

/** What a real provider says about a token it never issued: declined, and final. */
export const UNKNOWN_TOKEN_REASON = 'card declined: unrecognised card token';

export type ChargeDecision =
  | { readonly outcome: 'capture' }
  | { readonly outcome: 'decline'; readonly reason: string }
  | { readonly outcome: 'unavailable'; readonly reason: string };

export type RefundDecision =
  | { readonly outcome: 'refund' }
  | { readonly outcome: 'no-charge' }
  | { readonly outcome: 'unavailable'; readonly reason: string };

export function decideCharge(token: string, attempt: number): ChargeDecision {
  const card = cardFor(token);
  if (!card) return { outcome: 'decline', reason: UNKNOWN_TOKEN_REASON };
  if (attempt < card.chargeUnavailableUntilAttempt) {
    return {
      outcome: 'unavailable',
      reason: unavailableReason('payment', attempt, card.chargeUnavailableUntilAttempt),
    };
  }
  if (card.declineReason) return { outcome: 'decline', reason: card.declineReason };
  return { outcome: 'capture' };
}

/**
 * A refund finds a charge when the token is one the sandbox captures for, given enough
 * retries. Stateless on purpose: the container that charged may not be the one refunding.
 */
export function decideRefund(token: string, attempt: number): RefundDecision {
  const card = cardFor(token);
  if (card && attempt < card.refundUnavailableUntilAttempt) {
    return {
      outcome: 'unavailable',
      reason: unavailableReason('refund', attempt, card.refundUnavailableUntilAttempt),
    };
  }
  return card && capturesEventually(card) ? { outcome: 'refund' } : { outcome: 'no-charge' };
}

function capturesEventually(card: SandboxCard): boolean {
  return card.declineReason === undefined && Number.isFinite(card.chargeUnavailableUntilAttempt);
}

function cardFor(token: string): SandboxCard | undefined {
  // hasOwn: a token such as `constructor` must not find Object.prototype's.
  return Object.hasOwn(SANDBOX_CARDS, token) ? SANDBOX_CARDS[token] : undefined;
}

/** The token is not named: messages reach logs and the execution history. */
function unavailableReason(what: string, attempt: number, untilAttempt: number): string {
  const when = Number.isFinite(untilAttempt) ? `until attempt ${untilAttempt}` : 'always';
  return `${what} provider unavailable (sandbox card fails ${when}; this was attempt ${attempt})`;
}
