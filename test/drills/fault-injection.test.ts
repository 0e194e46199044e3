import type { SFNClient } from '@aws-sdk/client-sfn';
import { OrderWorkflowStack } from '../../lib/app/order-workflow-stack';
import { StateNames } from '../../lib/construct/state-names';
import type { InjectedFault } from '../../lib/toolkit/local/fault-injection';
import { LocalService, startLocal } from '../../lib/toolkit/server/start-local';
import { appAssembly } from '../support/app-assemblies';
import { localSfnClient } from '../support/sfn-client';
import { testApp } from '../support/synth';
import { ChargeCounter, DrillOutcome, listedExecutionArns, runOrders, writeDrillSeed } from './support/drill';
import {
  assessSuccessRate,
  ATTEMPTS,
  completesDespiteFaults,
  HAPPY_PATH_TASKS,
  predictedSuccessRate,
} from './support/success-rate';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Fault injection: every task attempt fails transiently 30% of the time, half of the faults
 * before the call and half after it (the call did its work — a charge, a row — and the response
 * was lost). Over 400 executions in four seeds: none hangs or is lost, each succeeds or ends in
 * one of the workflow's named failures, the success rate is what the retry policy predicts, and
 * no order is charged twice. The same drill on the workflow without its retries must fail.
 *
 * Sized for CI: 100 executions a seed (it was 250) still see 1,144 faults, 79 payments replayed
 * after a lost response, and fail when the payment function loses its idempotency (74 orders
 * charged twice); the per-execution check below does not depend on the size.
 */

const FAULT_RATE = 0.3;
const SEEDS = [11, 23, 37, 41];
const EXECUTIONS_PER_SEED = 100;
const EXECUTIONS = SEEDS.length * EXECUTIONS_PER_SEED;
const PREDICTED = predictedSuccessRate(FAULT_RATE, ATTEMPTS, HAPPY_PATH_TASKS.length);
const shouldComplete = (seed: number, executionName: string) =>
  completesDespiteFaults({ rate: FAULT_RATE, seed }, executionName);

const seedFile = writeDrillSeed();
const outdirs: string[] = [];
const assemblyDir = appAssembly('STANDARD');

afterAll(() => {
  for (const dir of [...outdirs, path.dirname(seedFile)]) fs.rmSync(dir, { recursive: true, force: true });
});

interface SeedRun {
  readonly seed: number;
  readonly outcome: DrillOutcome;
  readonly faults: InjectedFault[];
  readonly charges: ChargeCounter;
  readonly listed: Set<string>;
  readonly namedFailures: Set<string>;
}

/** One seed's drill: its own service (faults are fixed at start) on a namespace of its own. */
async function drill(assembly: string, seed: number, executions: number): Promise<SeedRun> {
  const faults: InjectedFault[] = [];
  const charges = new ChargeCounter();
  let service: LocalService | undefined;
  let sfn: SFNClient | undefined;
  try {
    service = await startLocal({
      assemblyDir: assembly,
      port: 0,
      dynamodb: { endpoint: process.env.DYNAMODB_LOCAL_ENDPOINT, seedFile },
      // Retry waits (up to 10 s each) last nothing, as Step Functions Local's WAIT_TIME_SCALE=0
      // makes them; the handlers and timeouts run in real time. (A virtual clock holds time still
      // while any task of the 25 in flight is busy, which serialized the drill.)
      waitTimeScale: 0,
      faults: { rate: FAULT_RATE, seed },
      onFault: (fault) => faults.push(fault),
      onFunctionLog: charges.onFunctionLog,
    });
    sfn = localSfnClient(service.url);
    const machine = service.app.stateMachines[0];
    const orderIds = Array.from({ length: executions }, (_, i) => `drill-${seed}-${i}`);
    const outcome = await runOrders(service, sfn, machine.arn, orderIds, { concurrency: 25 });
    const namedFailures = new Set(
      Object.values(machine.definition.States as Record<string, { Type: string; Error?: string }>)
        .filter((state) => state.Type === 'Fail')
        .map((state) => state.Error!),
    );
    const listed = await listedExecutionArns(sfn, machine.arn);
    return { seed, outcome, faults, charges, listed, namedFailures };
  } finally {
    sfn?.destroy();
    await service?.close();
  }
}

describe('fault injection drill: 30% transient faults on every task, before and after its side effect', () => {
  const runs: SeedRun[] = [];

  beforeAll(async () => {
    for (const seed of SEEDS) runs.push(await drill(assemblyDir, seed, EXECUTIONS_PER_SEED));
  }, 600_000);

  it('injects faults at the stated rate, half of them after the call did its work', () => {
    const faults = runs.flatMap((run) => run.faults);
    const after = faults.filter((fault) => fault.when === 'after');
    expect(faults.length).toBeGreaterThan(1000);
    expect(after.length / faults.length).toBeGreaterThan(0.4);
    expect(after.length / faults.length).toBeLessThan(0.6);
    // A lost response after a charge: the case that could charge twice.
    expect(after.some((fault) => fault.stateName === StateNames.ProcessPayment)).toBe(true);
  });

  it('ends every execution: none hangs, none is lost from ListExecutions', () => {
    for (const run of runs) {
      expect(run.outcome.hung).toEqual([]);
      expect(run.outcome.otherEnds).toEqual([]);
      expect(run.outcome.records).toHaveLength(EXECUTIONS_PER_SEED);
      expect(
        [...run.outcome.records.map((r) => r.executionArn)].filter((arn) => !run.listed.has(arn)),
      ).toEqual([]);
    }
  });

  it('ends every failed execution in one of the workflow’s named failures', () => {
    for (const run of runs) {
      const unnamed = [...run.outcome.failures.keys()].filter((error) => !run.namedFailures.has(error));
      expect(unnamed).toEqual([]);
    }
  });

  it.each(SEEDS.map((seed, i) => [seed, i]))(
    'completes as many orders as the retry policy predicts, seed %i',
    (_seed, i) => {
      const { outcome } = runs[i];
      const assessment = assessSuccessRate(outcome.succeeded, EXECUTIONS_PER_SEED, PREDICTED);
      expect(assessment.message).toMatch(/within tolerance/);
    },
  );

  it('completes exactly the orders whose every task had an attempt left that no fault struck', () => {
    for (const run of runs) {
      const unexpected = run.outcome.records
        .filter((r) => (r.status === 'SUCCEEDED') !== shouldComplete(run.seed, r.name))
        .map((r) => `${r.name}: ${r.status} ${r.error ?? ''} ${r.cause ?? ''}`);
      expect(unexpected).toEqual([]);
    }
  });

  it(`completes as many orders as predicted over all ${EXECUTIONS} executions`, () => {
    const succeeded = runs.reduce((sum, run) => sum + run.outcome.succeeded, 0);
    expect(assessSuccessRate(succeeded, EXECUTIONS, PREDICTED).message).toMatch(/within tolerance/);
  });

  it('never charges an order twice, lost responses after the charge included', () => {
    for (const run of runs) {
      expect(run.charges.unreadable).toEqual([]);
      expect(run.charges.chargedTwice()).toEqual([]);
      // Every completed order was charged, exactly once.
      for (const record of run.outcome.records.filter((r) => r.status === 'SUCCEEDED')) {
        expect([record.name, run.charges.chargesOf(record.name)]).toEqual([record.name, 1]);
      }
    }
  });

  it('replays the first charge to a payment retried after its response was lost', () => {
    const replayed = runs.flatMap((run) =>
      run.faults
        .filter((f) => f.stateName === StateNames.ProcessPayment && f.when === 'after')
        .map((f) => run.outcome.records.find((r) => r.name === f.executionName)!)
        .filter((record) => record.status === 'SUCCEEDED')
        .map((record) => [record.name, run.charges.chargesOf(record.name)]),
    );
    expect(replayed.length).toBeGreaterThan(20);
    expect(replayed.filter(([, charges]) => charges !== 1)).toEqual([]);
  });

  it('reproduces the same faults and outcomes from the same seed', async () => {
    const again = await drill(assemblyDir, SEEDS[0], 40);
    const first = runs[0];
    const key = (f: InjectedFault) => `${f.executionName}/${f.stateName}/${f.retryCount}/${f.when}`;
    const inFirst40 = (name: string) => Number(name.split('-')[2]) < 40;
    const firstFaults = first.faults.filter((f) => inFirst40(f.executionName)).map(key);
    expect(again.faults.map(key).sort()).toEqual(firstFaults.sort());
    const statuses = (records: DrillOutcome['records']) =>
      records.map((r) => `${r.name}:${r.status}:${r.error}`);
    expect(statuses(again.outcome.records).sort()).toEqual(
      statuses(first.outcome.records.filter((r) => inFirst40(r.name))).sort(),
    );
  }, 120_000);
});

describe('fault injection drill without retries', () => {
  it('fails the success-rate check when the workflow’s retries are removed', async () => {
    const app = testApp({ bundle: true });
    new OrderWorkflowStack(app, 'OrderWorkflowStack', { workflow: { retry: { maxAttempts: 0 } } });
    const assembly = app.synth().directory;
    outdirs.push(assembly);
    const run = await drill(assembly, SEEDS[0], 100);
    const assessment = assessSuccessRate(run.outcome.succeeded, 100, PREDICTED);
    expect(assessment.ok).toBe(false);
    expect(assessment.message).toMatch(/OUTSIDE tolerance/);
    // Still no hang and no unnamed failure: without retries, faults end orders by name at once.
    expect(run.outcome.hung).toEqual([]);
  }, 300_000);
});
