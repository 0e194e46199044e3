/**
 * ListMapRuns, DescribeMapRun and UpdateMapRun on the wire: the shapes AWS recorded (LocalStack's
 * test_sfn_api_map_run snapshot: a thresholds pair reported as 0 when unset, counts with
 * resultsWritten, dates as epoch seconds). The map runs themselves live in local/map-runs.ts.
 */
import type { MapRun } from '../asl/map-run';
import type { LocalRuntime } from '../local/local-runtime';
import { Request, required } from './sfn-request';
import { wireErrors } from './api-error';
import { compact, epochSeconds, paginate } from './wire';

type Action = (runtime: LocalRuntime, request: Request) => unknown;

export const MAP_RUN_ACTIONS: Record<string, Action> = {
  ListMapRuns: (runtime, request) => {
    const executionArn = required(request, 'executionArn');
    runtime.describeExecution(executionArn);
    const runs = runtime.mapRuns.list(executionArn);
    const { page, nextToken } = paginate(runs, request.maxResults, request.nextToken, 1000);
    return compact({ mapRuns: page.map(listItem), nextToken });
  },
  DescribeMapRun: (runtime, request) => describe(runtime.mapRuns.describe(required(request, 'mapRunArn'))),
  UpdateMapRun: (runtime, request) => {
    runtime.mapRuns.update(required(request, 'mapRunArn'), {
      maxConcurrency: optionalNumber(request, 'maxConcurrency'),
      toleratedFailureCount: optionalNumber(request, 'toleratedFailureCount'),
      toleratedFailurePercentage: optionalNumber(request, 'toleratedFailurePercentage'),
    });
    return {};
  },
};

function optionalNumber(request: Request, field: string): number | undefined {
  const value = request[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number') throw wireErrors.serialization(`'${field}' must be a number`);
  return value;
}

function listItem(run: MapRun) {
  return compact({
    executionArn: run.executionArn,
    mapRunArn: run.arn,
    stateMachineArn: run.stateMachineArn,
    startDate: epochSeconds(run.startDate),
    stopDate: epochSeconds(run.stopDate),
  });
}

function describe(run: MapRun) {
  const { maxConcurrency, toleratedFailureCount, toleratedFailurePercentage } = run.settings;
  return compact({
    mapRunArn: run.arn,
    executionArn: run.executionArn,
    status: run.status,
    startDate: epochSeconds(run.startDate),
    stopDate: epochSeconds(run.stopDate),
    maxConcurrency,
    toleratedFailurePercentage: toleratedFailurePercentage ?? 0,
    toleratedFailureCount: toleratedFailureCount ?? 0,
    itemCounts: run.itemCounts,
    executionCounts: run.executionCounts,
  });
}
