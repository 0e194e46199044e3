/**
 * Timestamps as the States language defines them: RFC 3339 (ISO 8601 profile) with an uppercase
 * `T` and a time zone (`Z` or an offset), e.g. `2016-03-14T01:59:00Z`. Fractions keep nanosecond
 * precision, which Date alone cannot, so comparisons use BigInt nanoseconds.
 */

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export interface Timestamp {
  /** Nanoseconds since the epoch. */
  readonly nanos: bigint;
  /** Milliseconds since the epoch (for waiting). */
  readonly millis: number;
}

export function parseTimestamp(text: unknown): Timestamp | undefined {
  if (typeof text !== 'string') return undefined;
  const match = RFC3339.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second, fraction = '', zone] = match;
  const [y, mo, d, h, mi, s] = [year, month, day, hour, minute, second].map(Number);
  if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || h > 23 || mi > 59 || s > 60) return undefined;
  let offsetMinutes = 0;
  if (zone !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const [oh, om] = zone.slice(1).split(':').map(Number);
    if (oh > 23 || om > 59) return undefined;
    offsetMinutes = sign * (oh * 60 + om);
  }
  const baseMillis = Date.UTC(y, mo - 1, d, h, mi, s) - offsetMinutes * 60_000;
  const fractionNanos = fraction ? BigInt((fraction.slice(1) + '000000000').slice(0, 9)) : 0n;
  const nanos = BigInt(baseMillis) * 1_000_000n + fractionNanos;
  return { nanos, millis: baseMillis + Number(fractionNanos / 1_000_000n) };
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function compareTimestamps(a: Timestamp, b: Timestamp): number {
  return a.nanos < b.nanos ? -1 : a.nanos > b.nanos ? 1 : 0;
}
