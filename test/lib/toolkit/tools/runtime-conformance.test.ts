import * as path from 'node:path';
import { runConformanceThroughRuntime } from '../../../../lib/toolkit/tools/runtime-conformance';

const ACTIVITY_CASES = path.join(__dirname, '..', '..', '..', 'conformance', 'activities', 'activities.json');

describe('conformance through the runtime', () => {
  it('replays the activity case recorded on AWS: no such activity, States.Runtime before scheduling', async () => {
    const report = await runConformanceThroughRuntime(ACTIVITY_CASES);
    expect(report.cases.flatMap((c) => c.problems)).toEqual([]);
    expect(report.outputs).toEqual({ passed: 1, total: 1 });
    expect(report.histories).toEqual({ passed: 1, total: 1 });
  });
});
