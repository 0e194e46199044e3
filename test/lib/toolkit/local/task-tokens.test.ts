import type { TaskTokenSignal } from '../../../../lib/toolkit/asl/engine';
import { TaskTokenKeeper } from '../../../../lib/toolkit/local/task-tokens';

describe('task tokens', () => {
  function issued() {
    const keeper = new TaskTokenKeeper();
    const heard: TaskTokenSignal[] = [];
    const { token, release } = keeper.issue((signal) => heard.push(signal));
    return { keeper, heard, token, release };
  }
  const refusal = (name: string) => expect.objectContaining({ name });

  it('issues opaque, distinct tokens', () => {
    const keeper = new TaskTokenKeeper();
    const a = keeper.issue(() => undefined).token;
    const b = keeper.issue(() => undefined).token;
    expect(a).not.toBe(b);
    expect(a).toMatch(/^AQ[\w-]{86}$/);
  });

  it('passes success, failure and heartbeats to the waiting task', () => {
    const { keeper, heard, token } = issued();
    keeper.heartbeat(token);
    keeper.heartbeat(token);
    keeper.succeed(token, { ok: 1 });
    expect(heard).toEqual([
      { kind: 'heartbeat' },
      { kind: 'heartbeat' },
      { kind: 'success', output: { ok: 1 } },
    ]);
    const other = issued();
    other.keeper.fail(other.token, 'E', 'C');
    expect(other.heard).toEqual([{ kind: 'failure', error: 'E', cause: 'C' }]);
  });

  it('is single use: a second answer or a heartbeat after it is TaskDoesNotExist', () => {
    const { keeper, token } = issued();
    keeper.succeed(token, 1);
    expect(() => keeper.succeed(token, 2)).toThrow(refusal('TaskDoesNotExist'));
    expect(() => keeper.fail(token, 'E')).toThrow(refusal('TaskDoesNotExist'));
    expect(() => keeper.heartbeat(token)).toThrow(refusal('TaskDoesNotExist'));
    expect(keeper.waiting).toBe(0);
  });

  it('answers TaskTimedOut for the token of a task that expired, whatever came later', () => {
    const { keeper, token, release } = issued();
    release('expired');
    release('completed');
    expect(() => keeper.succeed(token, 1)).toThrow(refusal('TaskTimedOut'));
    expect(() => keeper.heartbeat(token)).toThrow(
      expect.objectContaining({ message: "Task Timed Out: 'Provided task does not exist anymore'" }),
    );
  });

  it('tells an unknown token (TaskDoesNotExist) from a malformed one (InvalidToken)', () => {
    const keeper = new TaskTokenKeeper();
    const unknown = new TaskTokenKeeper().issue(() => undefined).token;
    expect(() => keeper.succeed(unknown, 1)).toThrow(refusal('TaskDoesNotExist'));
    expect(() => keeper.succeed('not-a-token', 1)).toThrow(refusal('InvalidToken'));
    expect(() => keeper.heartbeat('')).toThrow(refusal('ValidationException'));
    expect(() => keeper.heartbeat('x'.repeat(2049))).toThrow(refusal('ValidationException'));
  });

  it('refuses output that is not JSON (InvalidOutput) and leaves the task waiting', () => {
    const { keeper, heard, token } = issued();
    expect(() => keeper.succeed(token, undefined)).toThrow(refusal('InvalidOutput'));
    expect(() => keeper.succeed(token, { n: BigInt(1) })).toThrow(refusal('InvalidOutput'));
    expect(() => keeper.succeed(token, 'x'.repeat(262_144))).toThrow(refusal('ValidationException'));
    expect(heard).toEqual([]);
    keeper.succeed(token, { at: new Date(0) });
    expect(heard).toEqual([{ kind: 'success', output: { at: '1970-01-01T00:00:00.000Z' } }]);
  });

  it('refuses an error or cause longer than the API allows', () => {
    const { keeper, token } = issued();
    expect(() => keeper.fail(token, 'e'.repeat(257))).toThrow(refusal('ValidationException'));
    expect(() => keeper.fail(token, 'E', 'c'.repeat(32_769))).toThrow(refusal('ValidationException'));
    expect(() => keeper.fail(token)).not.toThrow();
  });
});
