import { MapRun } from '../../../../lib/toolkit/asl/map-run';

const start = (itemsPerExecution: number[], settings = { maxConcurrency: 1 }) =>
  new MapRun({
    arn: 'arn:aws:states:us-east-1:123456789012:mapRun:m/Map:1',
    executionArn: 'arn:aws:states:us-east-1:123456789012:execution:m:e',
    stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:m/Map',
    startDate: new Date(0),
    settings,
    itemsPerExecution,
  });

describe('MapRun', () => {
  it('counts child executions, and items by batch size', () => {
    const run = start([2, 3]);
    run.childStarted(0);
    run.childEnded(0, 'failed');
    run.childStarted(1);
    expect(run.executionCounts).toMatchObject({ failed: 1, running: 1, pending: 0, total: 2 });
    expect(run.itemCounts).toMatchObject({ failed: 2, running: 3, total: 5, resultsWritten: 0 });
    run.finish('ABORTED', new Date(1));
    expect(run.itemCounts).toMatchObject({ failed: 2, aborted: 3, running: 0 });
    expect(run).toMatchObject({ status: 'ABORTED', stopDate: new Date(1) });
  });

  it('tells the running Map of a new MaxConcurrency, and applies new thresholds at once', () => {
    const run = start([1, 1, 1, 1]);
    const heard: number[] = [];
    run.onConcurrencyChange(() => heard.push(run.maxConcurrency));
    expect(run.exceeds(1, 4)).toBe(true); // no threshold: any failure
    run.update({ maxConcurrency: 3, toleratedFailurePercentage: 50 });
    expect(heard).toEqual([3]);
    expect(run.exceeds(2, 4)).toBe(false);
    expect(run.exceeds(3, 4)).toBe(true);
    run.update({ toleratedFailureCount: 0 });
    expect(run.exceeds(1, 4)).toBe(true); // either threshold exceeded fails the run
    expect(heard).toEqual([3]);
  });
});
