import { InvalidArgumentError } from 'commander';
import { MixSpec, parseMix } from '../tools/cost/mix';

/*
 * The cost command's option parsers, apart from the command: the CLI loads them for every command,
 * and the command's module loads the CDK's cloud-assembly reader (some 130 modules) that `run` and
 * `start` do not need.
 */

/** `--orders`: a whole number of executions a month; `1000000`, `1,000,000`, `1_000_000` or `1e6`. */
export function parseOrders(value: string): number {
  const n = Number(value.replace(/[,_]/g, ''));
  if (value.trim() === '' || !Number.isInteger(n) || n < 0) {
    throw new InvalidArgumentError(`orders a month must be a whole number of 0 or more, got "${value}"`);
  }
  return n;
}

/** A positive number option (milliseconds, kilobytes). */
export function positiveNumber(what: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n <= 0) {
      throw new InvalidArgumentError(`${what} must be a number above 0, got "${value}"`);
    }
    return n;
  };
}

/** A positive whole number option. */
export function positiveInteger(what: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0)
      throw new InvalidArgumentError(`${what} must be a whole number above 0, got "${value}"`);
    return n;
  };
}

/** `--mix`: a JSON file or `key=share` pairs, refused at parse time when malformed. */
export function mixOption(value: string): MixSpec {
  try {
    return parseMix(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}
