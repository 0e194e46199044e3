/**
 * Clocks for the interpreter: every wait (Wait states, retry intervals, task and execution
 * timeouts) goes through one, so tests can swap real time for a virtual clock that skips ahead.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Clock } from './engine';

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new Error('aborted');
}

/** setTimeout's limit is 2^31-1 ms (24.8 days); longer waits (a Wait state may last a year) chain. */
const MAX_TIMER_MS = 2_147_483_647;

/** Real time: `Date` and `setTimeout`, abortable. */
export const realClock: Clock = {
  now: () => new Date(),
  timer(ms, fire) {
    let timer: NodeJS.Timeout;
    const deadline = Date.now() + Math.max(0, ms);
    const arm = () => {
      const left = deadline - Date.now();
      if (left <= 0) return fire();
      timer = setTimeout(arm, Math.min(left, MAX_TIMER_MS));
    };
    arm();
    return () => clearTimeout(timer);
  },
  sleep(ms, signal) {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(abortReason(signal));
      let timer: NodeJS.Timeout;
      const deadline = Date.now() + Math.max(0, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(abortReason(signal!));
      };
      const arm = () => {
        const left = deadline - Date.now();
        if (left <= 0) {
          signal?.removeEventListener('abort', onAbort);
          return resolve();
        }
        timer = setTimeout(arm, Math.min(left, MAX_TIMER_MS));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      arm();
    });
  },
};

interface Timer {
  readonly due: number;
  readonly seq: number;
  readonly resolve: () => void;
}

/** Work run through {@link VirtualClock.track}: how many of its sleeps are pending. */
interface Tracked {
  sleeping: number;
}

export interface VirtualClockOptions {
  /**
   * Wake pending sleeps on its own, earliest first, whenever nothing else can happen first (see
   * {@link VirtualClock}). With `false`, time moves only through {@link VirtualClock.advance}.
   * @default true
   */
  readonly autoAdvance?: boolean;
}

/**
 * A deterministic clock: sleeping never takes real time. With `autoAdvance` (the default), once
 * the pending promise jobs have run it jumps to the earliest pending sleep and wakes it, so
 * concurrent waits still end in the order their durations say.
 *
 * Time stands still while tracked work (the engine tracks every task handler call) is busy with
 * anything but this clock: a handler awaiting a real Lambda worker does not see its TimeoutSeconds
 * fire early, while a handler that itself sleeps on this clock lets time run on.
 */
export class VirtualClock implements Clock {
  private current: number;
  private readonly timers: Timer[] = [];
  private seq = 0;
  private flushScheduled = false;
  private readonly autoAdvance: boolean;
  private readonly tracked = new Set<Tracked>();
  private readonly context = new AsyncLocalStorage<Tracked>();

  constructor(start: Date | string | number = '2024-01-01T00:00:00.000Z', options: VirtualClockOptions = {}) {
    this.current = new Date(start).getTime();
    this.autoAdvance = options.autoAdvance ?? true;
  }

  now(): Date {
    return new Date(this.current);
  }

  /** Sleeps not yet woken. */
  get pending(): number {
    return this.timers.length;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    const owner = this.context.getStore();
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(abortReason(signal));
      const settle = () => {
        signal?.removeEventListener('abort', onAbort);
        if (owner) owner.sleeping -= 1;
      };
      const onAbort = () => {
        const index = this.timers.indexOf(timer);
        if (index >= 0) this.timers.splice(index, 1);
        settle();
        reject(abortReason(signal!));
      };
      const timer: Timer = {
        due: this.current + Math.max(0, ms),
        seq: this.seq++,
        resolve: () => {
          settle();
          resolve();
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      if (owner) owner.sleeping += 1;
      this.timers.push(timer);
      this.scheduleFlush();
    });
  }

  /**
   * Runs `work` as tracked work: time does not advance on its own while it waits on other things,
   * until it settles or `signal` aborts (an abandoned task must not stop the clock for good).
   */
  async track<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const entry: Tracked = { sleeping: 0 };
    const release = () => {
      if (this.tracked.delete(entry)) this.scheduleFlush();
    };
    if (signal?.aborted) return this.context.run(entry, work);
    this.tracked.add(entry);
    signal?.addEventListener('abort', release, { once: true });
    try {
      return await this.context.run(entry, work);
    } finally {
      signal?.removeEventListener('abort', release);
      release();
    }
  }

  /** Moves time forward by `ms`, waking every sleep due by then, in order. */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    for (;;) {
      const next = this.earliest();
      if (!next || next.due > target) break;
      this.fire(next);
      // Let the woken code run (and perhaps sleep again) before looking at the next timer.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    this.current = Math.max(this.current, target);
  }

  private earliest(): Timer | undefined {
    let best: Timer | undefined;
    for (const timer of this.timers) {
      if (!best || timer.due < best.due || (timer.due === best.due && timer.seq < best.seq)) best = timer;
    }
    return best;
  }

  private fire(timer: Timer) {
    this.timers.splice(this.timers.indexOf(timer), 1);
    this.current = Math.max(this.current, timer.due);
    timer.resolve();
  }

  /** Tracked work that is busy elsewhere (none of its sleeps pending) holds time still. */
  private get held(): boolean {
    for (const entry of this.tracked) if (entry.sleeping === 0) return true;
    return false;
  }

  private scheduleFlush() {
    if (!this.autoAdvance || this.flushScheduled || this.timers.length === 0) return;
    this.flushScheduled = true;
    // setImmediate runs after every pending promise job: by then, all concurrent sleeps are known.
    setImmediate(() => {
      this.flushScheduled = false;
      // Held: the end of the tracked work, or its next sleep, schedules the next flush.
      if (this.held) return;
      const next = this.earliest();
      if (!next) return;
      this.fire(next);
      this.scheduleFlush();
    });
  }
}
