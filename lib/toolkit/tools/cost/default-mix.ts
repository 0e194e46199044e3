/**
 * The mix used when none is given, derived from the machine's own paths (no path names of any one
 * app), by one rule:
 *
 * - the happy path: a path that takes no Catch and succeeds, each Choice taking its first rule that
 *   can hold on the path (its Default only when none can): 90% of executions, and 2% more take it
 *   with one retry at each of its retrying states;
 * - the other outcomes: every other path that takes no Catch (another Choice branch), or catches
 *   only the app's own errors that the state does not retry (a business answer such as a refusal):
 *   7.5%, split evenly;
 * - the failures: every path that catches a `States.*` error or an error the state retries (a fault
 *   that outlasted its retries): 0.5%, split evenly, each with its retries used up first.
 *
 * A group the machine does not have gives its share to the happy path.
 */
import { catchersOf, type StateMachine } from '../../asl/model';
import type { MixSpec } from './mix';
import { VARIANT_SUFFIX, type PathMetrics } from './path-metrics';
import type { WorkflowPath } from './paths';

export const HAPPY_SHARE = 0.9;
export const HAPPY_RETRY_SHARE = 0.02;
export const OUTCOMES_SHARE = 0.075;
export const FAILURES_SHARE = 0.005;

/** The default mix, and the groups it was made of (what the report names). */
export interface DefaultMix {
  readonly spec: MixSpec;
  /** The happy path's id. */
  readonly happy: string;
  /** Whether the happy path has a `+retry` variant (it has retrying states). */
  readonly happyRetries: boolean;
  /** The other outcomes' path ids. */
  readonly outcomes: readonly string[];
  /** The failure paths' variant ids (`+exhausted` where the path has it). */
  readonly failures: readonly string[];
}

/** The default mix of a machine, over its paths' variants (see above). */
export function defaultMix(definition: StateMachine, variants: readonly PathMetrics[]): DefaultMix {
  const paths = [...new Map(variants.map((v) => [v.path.id, v.path])).values()];
  const happy = happyPath(paths);
  const has = (id: string) => variants.some((v) => v.id === id);
  const retryId = `${happy.id}${VARIANT_SUFFIX.retry}`;
  const happyRetries = has(retryId);
  const others = paths.filter((p) => p !== happy);
  const failing = others.filter((p) => isFailure(definition, p, has));
  const outcomes = others.filter((p) => !failing.includes(p)).map((p) => p.id);
  const failures = failing.map((p) => {
    const exhausted = `${p.id}${VARIANT_SUFFIX.exhausted}`;
    return has(exhausted) ? exhausted : p.id;
  });

  const spec: Record<string, number> = {};
  spread(spec, outcomes, OUTCOMES_SHARE);
  spread(spec, failures, FAILURES_SHARE);
  if (happyRetries) spec[retryId] = HAPPY_RETRY_SHARE;
  // What no group takes stays with the happy path, so the shares add up to 1.
  const taken = Object.values(spec).reduce((a, b) => a + b, 0);
  spec[happy.id] = 1 - taken;
  return { spec, happy: happy.id, happyRetries, outcomes, failures };
}

function spread(spec: Record<string, number>, ids: readonly string[], share: number): void {
  for (const id of ids) spec[id] = share / ids.length;
}

/**
 * Paths that take no Catch, succeeding ones first; among them the one whose Choices take the
 * earliest rules (Default after every rule), compared decision by decision along the path.
 */
function happyPath(paths: readonly WorkflowPath[]): WorkflowPath {
  const rank = (p: WorkflowPath) => [
    p.caughtAt.length,
    p.status === 'SUCCEEDED' ? 0 : 1,
    ...p.steps.flatMap((s) =>
      s.exit === 'choice' ? [s.index ?? 0] : s.exit === 'default' ? [Infinity] : [],
    ),
  ];
  return paths.reduce((best, p) => (compare(rank(p), rank(best)) < 0 ? p : best));
}

function compare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return a.length - b.length;
}

/** A path through a Catch of a `States.*` error, or of an error its state retries (it has `+exhausted`). */
function isFailure(definition: StateMachine, path: WorkflowPath, has: (id: string) => boolean): boolean {
  if (has(`${path.id}${VARIANT_SUFFIX.exhausted}`)) return true;
  return path.steps.some(
    (step) =>
      step.exit === 'catch' &&
      (catchersOf(definition.States[step.state])[step.index ?? 0]?.ErrorEquals ?? []).some((e) =>
        e.startsWith('States.'),
      ),
  );
}
