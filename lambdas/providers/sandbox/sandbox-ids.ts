import { createHash } from 'node:crypto';

/**
 * An id derived from a key alone, e.g. `pay_3f9a…`. Every Lambda container computes the same
 * id for the same key, which is what keeps the sandbox idempotent without a database.
 */
export function sandboxId(prefix: string, purpose: string, key: string): string {
  return `${prefix}_${digest(purpose, key).slice(0, 24)}`;
}

/** A carrier-style tracking number: `SBX` and 12 digits, from the key alone. */
export function sandboxTrackingNumber(key: string): string {
  const digits = BigInt(`0x${digest('tracking', key).slice(0, 15)}`) % 10n ** 12n;
  return `SBX${digits.toString().padStart(12, '0')}`;
}

function digest(purpose: string, key: string): string {
  // The purpose keeps a refund id from being the payment id with another prefix.
  return createHash('sha256').update(`${purpose}:${key}`).digest('hex');
}
