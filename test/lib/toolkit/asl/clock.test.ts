import { realClock, VirtualClock } from '../../../../lib/toolkit/asl/clock';

describe('VirtualClock', () => {
  it('wakes concurrent sleeps in the order of their deadlines, without real waiting', async () => {
    const clock = new VirtualClock('2024-01-01T00:00:00Z');
    const woken: string[] = [];
    const nap = (name: string, ms: number) =>
      clock.sleep(ms).then(() => woken.push(`${name}@${clock.now().toISOString()}`));
    const started = Date.now();
    await Promise.all([nap('long', 3_600_000), nap('short', 1_000), nap('mid', 60_000)]);
    expect(woken).toEqual([
      'short@2024-01-01T00:00:01.000Z',
      'mid@2024-01-01T00:01:00.000Z',
      'long@2024-01-01T01:00:00.000Z',
    ]);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('moves only through advance() without autoAdvance', async () => {
    const clock = new VirtualClock(0, { autoAdvance: false });
    let done = false;
    void clock.sleep(5_000).then(() => (done = true));
    await clock.advance(4_999);
    expect(done).toBe(false);
    await clock.advance(1);
    expect(done).toBe(true);
    expect(clock.now().getTime()).toBe(5_000);
  });

  it('rejects an aborted sleep with the reason and forgets it', async () => {
    const clock = new VirtualClock(0, { autoAdvance: false });
    const controller = new AbortController();
    const sleeping = clock.sleep(1_000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(sleeping).rejects.toThrow('stop');
    expect(clock.pending).toBe(0);
  });

  it('holds time while tracked work waits on something else, and lets it run when the work sleeps on the clock', async () => {
    const clock = new VirtualClock(0);
    let timerFired = false;
    void clock.sleep(1_000).then(() => (timerFired = true));
    const tracked = clock.track(async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      const firedDuringRealWork = timerFired;
      await clock.sleep(5_000);
      return firedDuringRealWork;
    });
    expect(await tracked).toBe(false);
    expect(timerFired).toBe(true);
    expect(clock.now().getTime()).toBe(5_000);
  });
});

describe('VirtualClock tracking', () => {
  it('lets time run again once tracked work is abandoned through its signal', async () => {
    const clock = new VirtualClock(0);
    const controller = new AbortController();
    void clock.track(() => new Promise(() => undefined), controller.signal);
    let woken = false;
    void clock.sleep(1_000).then(() => (woken = true));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(woken).toBe(false);
    controller.abort();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(woken).toBe(true);
  });
});

describe('realClock', () => {
  it('sleeps in real time and can be aborted', async () => {
    const started = Date.now();
    await realClock.sleep(20);
    expect(Date.now() - started).toBeGreaterThanOrEqual(15);
    const controller = new AbortController();
    const sleeping = realClock.sleep(10_000, controller.signal);
    controller.abort(new Error('cancelled'));
    await expect(sleeping).rejects.toThrow('cancelled');
  });
});
