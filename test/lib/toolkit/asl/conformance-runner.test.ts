import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  compareHistories,
  loadCases,
  runConformanceCase,
  runConformanceFile,
} from '../../../../lib/toolkit/asl/conformance-runner';
import { createInterpreter } from '../../../../lib/toolkit/asl/interpreter';
import type { HistoryEvent } from '../../../../lib/toolkit/asl/engine';
import { runtimeExecutor } from '../../../../lib/toolkit/tools/runtime-conformance';
import baseline from './conformance-baseline.json';

/** The corpus recorded on AWS, next to the repository (override with ASL_CONFORMANCE_DIR). */
const CORPUS = process.env.ASL_CONFORMANCE_DIR ?? resolve(__dirname, '../../../../../shared/conformance');

describe('conformance with the cases recorded on AWS', () => {
  it('finds the corpus', () => {
    expect(existsSync(join(CORPUS, 'jsonpath.json'))).toBe(true);
  });

  it.each(['jsonpath.json', 'jsonata.json', 'lambda.json'])(
    '%s: validate accepts every definition AWS ran',
    (file) => {
      const engine = createInterpreter();
      const refused = loadCases(join(CORPUS, file))
        .map((c) => ({ name: c.name, problems: engine.parse(c.definition).problems }))
        .filter((c) => c.problems.length > 0);
      expect(refused).toEqual([]);
    },
  );

  it.each(Object.entries(baseline))('%s: no case that passed stops passing', async (file, passing) => {
    // Through the local runtime, as the endpoint runs executions: engine and runtime regressions both show.
    const report = await runConformanceFile(join(CORPUS, file), { executor: runtimeExecutor() });
    const outputs = new Set(report.cases.filter((c) => c.outputPassed).map((c) => c.id));
    const histories = new Set(report.cases.filter((c) => c.historyPassed).map((c) => c.id));
    const regressions = [
      ...passing.outputs.filter((id) => !outputs.has(id)).map((id) => `output: ${id}`),
      ...passing.histories.filter((id) => !histories.has(id)).map((id) => `history: ${id}`),
    ];
    const details = report.cases
      .filter((c) => regressions.some((r) => r.endsWith(c.id)))
      .map((c) => `${c.id}\n  ${c.problems.join('\n  ')}`);
    expect(details).toEqual([]);
    expect(regressions).toEqual([]);
    expect(report.outputs.passed).toBeGreaterThanOrEqual(passing.outputs.length);
  });
});

describe('the conformance comparison', () => {
  const event = (id: unknown, previousEventId: number, type: string, details?: Record<string, unknown>) => ({
    id,
    previousEventId,
    type,
    ...(details ? { stateEnteredEventDetails: details } : {}),
  });
  const mine = (events: ReturnType<typeof event>[]) =>
    events.map((e) => ({ ...e, timestamp: new Date(0) })) as unknown as HistoryEvent[];

  it('compares JSON text with recorded (parsed) values, and treats <masks> as wildcards', () => {
    const recorded = [
      event(1, 0, 'PassStateEntered', { name: 'A', input: { arn: 'arn:<partition>:x' }, inputDetails: {} }),
    ];
    const same = mine([
      event(1, 0, 'PassStateEntered', { name: 'A', input: '{"arn":"arn:aws:x"}', inputDetails: {} }),
    ]);
    expect(compareHistories(recorded, same)).toBeUndefined();
    const other = mine([
      event(1, 0, 'PassStateEntered', { name: 'A', input: '{"other":1}', inputDetails: {} }),
    ]);
    expect(compareHistories(recorded, other)).toMatch(/input/);
    expect(
      compareHistories(
        recorded,
        mine([event(1, 1, 'PassStateEntered', { name: 'A', input: '{}', inputDetails: {} })]),
      ),
    ).toMatch(/previousEventId/);
  });

  it('matches Parallel branch events (id [0]) as an unordered set, ignoring ParallelStateSucceeded', () => {
    const recorded = [
      event(1, 0, 'ParallelStateStarted'),
      event([0], 0, 'PassStateEntered', { name: 'B' }),
      event([0], 0, 'PassStateEntered', { name: 'A' }),
      event(5, 3, 'ParallelStateExited'),
    ];
    const ours = mine([
      event(1, 0, 'ParallelStateStarted'),
      event(2, 1, 'PassStateEntered', { name: 'A' }),
      event(3, 1, 'PassStateEntered', { name: 'B' }),
      event(4, 3, 'ParallelStateSucceeded'),
      event(5, 3, 'ParallelStateExited'),
    ]);
    expect(compareHistories(recorded, ours)).toBeUndefined();
    const wrong = mine([
      ...ours.slice(0, 2),
      { ...ours[2], stateEnteredEventDetails: { name: 'C' } } as HistoryEvent,
      ...ours.slice(3),
    ]);
    expect(compareHistories(recorded, wrong)).toMatch(/branch event/);
  });

  it('fails a case whose outcome differs', async () => {
    const result = await runConformanceCase(
      {
        name: 'x',
        definition: { StartAt: 'P', States: { P: { Type: 'Pass', Result: 1, End: true } } },
        input: {},
        expectedOutput: 2,
      },
      'x',
    );
    expect(result.outputPassed).toBe(false);
    expect(result.problems[0]).toMatch(/output: expected 2, got 1/);
  });
});
