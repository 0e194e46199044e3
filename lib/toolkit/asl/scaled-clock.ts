/**
 * Step Functions Local's WAIT_TIME_SCALE: Wait states and retry intervals last `scale` times their
 * time (0 skips them, 0.5 halves them) while the clock itself stays real, so timestamps, task
 * timeouts and heartbeats keep their meaning.
 */
import { realClock } from './clock';
import type { Clock } from './engine';

/** A scale must be a finite number of at least 0; anything else is refused with what was given. */
export function validateWaitTimeScale(scale: number): void {
  if (typeof scale !== 'number' || !Number.isFinite(scale) || scale < 0) {
    throw new Error(
      `the wait time scale must be a number of at least 0 (0 skips waits, 0.5 halves them), not ${scale}`,
    );
  }
}

/** `base` with its Wait-state and retry sleeps scaled by `scale`. */
export function scaledClock(scale: number, base: Clock = realClock): Clock {
  validateWaitTimeScale(scale);
  const inner = base.scaleWait?.bind(base);
  return {
    now: () => base.now(),
    sleep: (ms, signal) => base.sleep(ms, signal),
    timer: base.timer?.bind(base),
    track: base.track?.bind(base),
    scaleWait: (ms) => (inner ? inner(ms) : ms) * scale,
  };
}
