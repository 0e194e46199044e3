import { VirtualClock } from '../../../../lib/toolkit/asl/clock';
import type { TaskHandler } from '../../../../lib/toolkit/asl/engine';
import { scaledClock } from '../../../../lib/toolkit/asl/scaled-clock';
import { run } from './helpers';

const LAMBDA = 'arn:aws:states:::lambda:invoke';

describe('a wait-time scale (Step Functions Local’s WAIT_TIME_SCALE)', () => {
  /** Runs on a virtual clock seen through the scale; returns the virtual milliseconds taken. */
  async function elapsed(scale: number, definition: unknown, taskHandler?: TaskHandler) {
    const virtual = new VirtualClock();
    const started = virtual.now().getTime();
    const result = await run(
      definition,
      {},
      { clock: scaledClock(scale, virtual) as VirtualClock, taskHandler },
    );
    return { outcome: result.outcome, ms: virtual.now().getTime() - started };
  }
  const waitTen = { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 10, End: true } } };

  it('halves a Wait state with 0.5 and skips it with 0', async () => {
    expect((await elapsed(0.5, waitTen)).ms).toBe(5_000);
    expect((await elapsed(0, waitTen)).ms).toBe(0);
    expect((await elapsed(1, waitTen)).ms).toBe(10_000);
  });

  it('scales retry intervals', async () => {
    let calls = 0;
    const { outcome, ms } = await elapsed(
      0.5,
      {
        StartAt: 'T',
        States: {
          T: {
            Type: 'Task',
            Resource: LAMBDA,
            End: true,
            Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 4, MaxAttempts: 2, BackoffRate: 2 }],
          },
        },
      },
      async () => {
        calls += 1;
        if (calls < 3) throw Object.assign(new Error('busy'), { name: 'Busy' });
        return 'ok';
      },
    );
    expect(outcome).toMatchObject({ status: 'SUCCEEDED' });
    expect(ms).toBe((4_000 + 8_000) / 2);
  });

  it('leaves task timeouts as they are: a scale of 0 must not time every task out', async () => {
    const definition = {
      StartAt: 'T',
      States: { T: { Type: 'Task', Resource: LAMBDA, TimeoutSeconds: 5, End: true } },
    };
    const virtual = new VirtualClock();
    const clock = scaledClock(0, virtual);
    const slow = await run(
      definition,
      {},
      {
        clock: clock as VirtualClock,
        taskHandler: (task) => clock.sleep(6_000, task.signal).then(() => 'late'),
      },
    );
    expect(slow.outcome).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
    const quick = await run(
      definition,
      {},
      {
        clock: clock as VirtualClock,
        taskHandler: (task) => clock.sleep(4_000, task.signal).then(() => 'in time'),
      },
    );
    expect(quick.outcome).toMatchObject({ status: 'SUCCEEDED', output: 'in time' });
  });

  it('refuses a negative or non-numeric scale', () => {
    expect(() => scaledClock(-1)).toThrow('the wait time scale must be a number of at least 0');
    expect(() => scaledClock(Number.NaN)).toThrow(/not NaN$/);
  });
});
