/**
 * A callback (`.waitForTaskToken`) task's token and its wait. The token is issued before the
 * request, so that an answer sent while the request still runs (a function that calls
 * SendTaskSuccess before it returns) is kept; after TaskSubmitted the task waits for success or
 * failure, with at most HeartbeatSeconds between heartbeats, measured on the execution's clock.
 */
import { randomUUID } from 'node:crypto';
import type { Clock, IssuedToken, TaskTokens, TaskTokenSignal, TokenRelease } from './engine';
import { linkAbort, newController, SETTLED } from './frame';

type Answer = Exclude<TaskTokenSignal, { kind: 'heartbeat' }>;

/** How the wait ended: the answer sent with the token, a missed heartbeat, or the attempt's end. */
export type CallbackEnd = Answer | { readonly kind: 'heartbeat-timeout' } | { readonly kind: 'aborted' };

/** Without a keeper of tokens (TestState) a token is still made, but only a mock can answer it. */
const UNKEPT: TaskTokens = {
  issue: () => ({ token: randomUUID(), release: () => undefined }),
};

export class CallbackWait {
  private answer?: Answer;
  private beats = 0;
  private wake: () => void = () => undefined;
  private readonly issued: IssuedToken;

  constructor(private readonly tokens: TaskTokens | undefined) {
    this.issued = (tokens ?? UNKEPT).issue((signal) => this.hear(signal));
  }

  get token(): string {
    return this.issued.token;
  }

  /** False when nothing can ever send this token an answer (no keeper of tokens). */
  get answerable(): boolean {
    return this.tokens !== undefined;
  }

  release(why: TokenRelease): void {
    this.issued.release(why);
  }

  /**
   * Resolves with the answer; with `heartbeatSeconds`, with `heartbeat-timeout` once that long
   * passes without a heartbeat (each heartbeat starts the count again); `aborted` once `signal` aborts.
   */
  async until(clock: Clock, heartbeatSeconds: number | undefined, signal: AbortSignal): Promise<CallbackEnd> {
    for (;;) {
      if (this.answer) return this.answer;
      if (signal.aborted) return { kind: 'aborted' };
      const beats = this.beats;
      const round = newController();
      const unlink = linkAbort(signal, round);
      try {
        const outcome = await Promise.race(this.racers(clock, heartbeatSeconds, round.signal));
        if (outcome === 'late' && !this.answer && this.beats === beats) return { kind: 'heartbeat-timeout' };
      } finally {
        unlink();
        round.abort(SETTLED);
      }
    }
  }

  private racers(clock: Clock, heartbeatSeconds: number | undefined, signal: AbortSignal) {
    const woken = new Promise<'woken'>((resolve) => {
      this.wake = () => resolve('woken');
      signal.addEventListener('abort', () => resolve('woken'), { once: true });
    });
    if (heartbeatSeconds === undefined) return [woken];
    const late = clock.sleep(heartbeatSeconds * 1000, signal).then(
      () => 'late' as const,
      () => 'woken' as const,
    );
    return [woken, late];
  }

  private hear(signal: TaskTokenSignal): void {
    if (signal.kind === 'heartbeat') this.beats += 1;
    else this.answer ??= signal;
    this.wake();
  }
}
