import { FieldReader, JsonObject, readOrder } from '../domain';
import { Currency, Order, SUPPORTED_CURRENCIES, ValidatedOrder } from '../shared';

/**
 * Reads the event a state in the workflow passes to a handler. A malformed event is a wiring
 * fault in the state machine, not a business outcome, so it is a TypeError naming the field:
 * `Malformed process-payment event: idempotencyKey: is required`.
 */
export class EventParser {
  readonly read: FieldReader;

  constructor(private readonly step: string) {
    this.read = new FieldReader((path, reason) => {
      throw new TypeError(`Malformed ${this.step} event: ${path}: ${reason}`);
    });
  }

  /** The event itself; extra fields are allowed, since a state may pass more than a step reads. */
  root(event: unknown): JsonObject {
    return this.read.object(event, '$');
  }

  /** The order, held to the same rules as the execution input: it was validated once, so any failure here is wiring. */
  order(value: unknown): Order {
    return readOrder(value, this.read, 'order');
  }

  charge(value: unknown, path = 'charge'): ValidatedOrder['charge'] {
    const charge = this.read.object(value, path);
    return {
      amount: this.read.wholeNumber(charge.amount, `${path}.amount`, 0),
      currency: this.currency(charge.currency, `${path}.currency`),
    };
  }

  currency(value: unknown, path: string): Currency {
    return this.read.oneOf(value, path, SUPPORTED_CURRENCIES);
  }

  /** The task's `$$.State.RetryCount` (see `TaskAttempt` for why the contract carries it). */
  attempt(value: unknown): number {
    return this.read.wholeNumber(value, 'attempt', 0);
  }

  text(value: unknown, path: string, maxLength = 1_000): string {
    return this.read.text(value, path, { maxLength });
  }
}
