import { ExecutionRecord, ExecutionStore } from '../../../../lib/toolkit/local/execution-store';

function record(n: number, status: ExecutionRecord['status'] = 'SUCCEEDED'): ExecutionRecord {
  return {
    executionArn: `arn:aws:states:us-east-1:123456789012:execution:M:e${n}`,
    stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:M',
    stateMachineName: 'M',
    type: 'STANDARD',
    name: `e${n}`,
    input: {},
    startDate: new Date(n),
    status,
    events: [],
    done: Promise.resolve(),
  };
}

describe('ExecutionStore', () => {
  it('keeps every summary but only the newest histories', () => {
    const store = new ExecutionStore({ histories: 2 });
    for (let n = 0; n < 5; n++) {
      const r = record(n);
      store.add(r);
      store.finished(r);
    }
    expect(store.list().map((r) => r.name)).toEqual(['e4', 'e3', 'e2', 'e1', 'e0']);
    expect(store.list().map((r) => r.events !== undefined)).toEqual([true, true, false, false, false]);
  });

  it('drops the oldest finished execution, never a running one, past the execution bound', () => {
    const store = new ExecutionStore({ executions: 2 });
    store.add(record(0, 'RUNNING'));
    store.add(record(1));
    store.add(record(2));
    expect(store.list().map((r) => r.name)).toEqual(['e2', 'e0']);
  });

  it('filters by state machine and status', () => {
    const store = new ExecutionStore();
    store.add(record(0, 'FAILED'));
    store.add(record(1));
    expect(store.list({ status: 'FAILED' }).map((r) => r.name)).toEqual(['e0']);
    expect(store.list({ stateMachineArn: 'other' })).toEqual([]);
  });
});
