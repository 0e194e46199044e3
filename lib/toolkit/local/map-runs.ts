/**
 * The map runs of the runtime's executions (distributed Maps), for ListMapRuns, DescribeMapRun and
 * UpdateMapRun. The interpreter hands each run over as it starts (../asl/map-run.ts) and keeps it
 * current; this store finds them and checks an update as Step Functions does.
 */
import type { MapRun, MapRunRegistry, MapRunSettings } from '../asl/map-run';
import { stepFunctionsErrors } from './step-functions-errors';

const MAP_RUN_ARN = /^arn:aws[\w-]*:states:[^:]+:\d{12}:mapRun:[^:/]+\/[^:]+:[^:]+$/;

/** Old runs are forgotten beyond this many, so a long-lived endpoint does not grow without end. */
const MAX_MAP_RUNS = 10_000;

export type MapRunUpdate = Partial<MapRunSettings>;

export class MapRunStore implements MapRunRegistry {
  private readonly runs = new Map<string, MapRun>();

  add(run: MapRun): void {
    this.runs.set(run.arn, run);
    if (this.runs.size > MAX_MAP_RUNS) this.runs.delete(this.runs.keys().next().value!);
  }

  /** An execution's map runs, newest first (as ListMapRuns orders them). */
  list(executionArn: string): MapRun[] {
    return [...this.runs.values()].filter((run) => run.executionArn === executionArn).reverse();
  }

  describe(mapRunArn: string): MapRun {
    if (!MAP_RUN_ARN.test(mapRunArn)) throw stepFunctionsErrors.invalidArn(mapRunArn);
    const run = this.runs.get(mapRunArn);
    if (!run) throw stepFunctionsErrors.resourceNotFound(mapRunArn);
    return run;
  }

  /** UpdateMapRun: at least one setting, each in its range, on a run still running. */
  update(mapRunArn: string, changes: MapRunUpdate): void {
    const run = this.describe(mapRunArn);
    const { maxConcurrency, toleratedFailureCount, toleratedFailurePercentage } = changes;
    if (
      maxConcurrency === undefined &&
      toleratedFailureCount === undefined &&
      toleratedFailurePercentage === undefined
    ) {
      throw stepFunctionsErrors.validation(
        'At least one of maxConcurrency, toleratedFailurePercentage and toleratedFailureCount must be given',
      );
    }
    requireRange('maxConcurrency', maxConcurrency, 0, Number.MAX_SAFE_INTEGER, true);
    requireRange('toleratedFailureCount', toleratedFailureCount, 0, Number.MAX_SAFE_INTEGER, true);
    requireRange('toleratedFailurePercentage', toleratedFailurePercentage, 0, 100, false);
    if (run.status !== 'RUNNING') {
      throw stepFunctionsErrors.validation(
        `Map Run ${mapRunArn} is ${run.status}: only a running Map Run can be updated`,
      );
    }
    run.update(changes);
  }
}

function requireRange(
  field: string,
  value: number | undefined,
  min: number,
  max: number,
  integer: boolean,
): void {
  if (value === undefined) return;
  const valid = typeof value === 'number' && (integer ? Number.isInteger(value) : Number.isFinite(value));
  if (!valid || value < min || value > max) {
    throw stepFunctionsErrors.validation(
      `1 validation error detected: Value '${value}' at '${field}' failed to satisfy constraint: Member must have value ${
        max === 100 ? 'between 0 and 100' : 'greater than or equal to 0'
      }`,
    );
  }
}
