/**
 * The runtime's task tokens (the engine's {@link TaskTokens}): issued to `.waitForTaskToken` tasks,
 * answered through SendTaskSuccess, SendTaskFailure and SendTaskHeartbeat, and refused under the
 * names AWS uses: InvalidToken (not a token this runtime could have made), TaskDoesNotExist
 * (unknown, or already answered: success and failure are single use), TaskTimedOut (its task timed
 * out, failed, or its execution ended), InvalidOutput (output that is not JSON).
 */
import { randomBytes } from 'node:crypto';
import type { IssuedToken, TaskTokens, TaskTokenSignal, TokenRelease } from '../asl/engine';
import { MAX_PAYLOAD_BYTES } from './request-rules';
import { stepFunctionsErrors } from './step-functions-errors';

/** A token: a version mark and 64 random bytes, base64url (opaque, like AWS's, and as unguessable). */
const TOKEN_FORM = /^AQ[A-Za-z0-9_-]{86}$/;
/** The API's limits on SendTaskFailure's fields and on any token. */
const MAX_ERROR = 256;
const MAX_CAUSE = 32_768;
const MAX_TOKEN = 2048;
/** Ended tokens remembered, to tell a timed-out task (TaskTimedOut) from an unknown token; oldest go first. */
const REMEMBERED_ENDS = 10_000;

type Listener = (signal: TaskTokenSignal) => void;

export class TaskTokenKeeper implements TaskTokens {
  private readonly live = new Map<string, Listener>();
  private readonly ended = new Map<string, TokenRelease>();

  issue(listener: Listener): IssuedToken {
    const token = `AQ${randomBytes(64).toString('base64url')}`;
    this.live.set(token, listener);
    return { token, release: (why) => this.end(token, why) };
  }

  /** Tasks waiting on their token now. */
  get waiting(): number {
    return this.live.size;
  }

  /** SendTaskSuccess: `output`, a JSON value, becomes the task's result. */
  succeed(token: string, output: unknown): void {
    requireForm(token);
    this.answer(token, { kind: 'success', output: jsonOutput(output) });
  }

  /** SendTaskFailure: the task fails with this error and cause (its Retry and Catch apply). */
  fail(token: string, error?: string, cause?: string): void {
    requireForm(token);
    requireLength('error', error, MAX_ERROR);
    requireLength('cause', cause, MAX_CAUSE);
    this.answer(token, { kind: 'failure', error, cause });
  }

  /** SendTaskHeartbeat: the task's HeartbeatSeconds count starts again. */
  heartbeat(token: string): void {
    requireForm(token);
    this.listenerOf(token)({ kind: 'heartbeat' });
  }

  private answer(token: string, signal: TaskTokenSignal): void {
    const listener = this.listenerOf(token);
    this.end(token, 'completed');
    listener(signal);
  }

  private listenerOf(token: string): Listener {
    const listener = this.live.get(token);
    if (listener) return listener;
    if (this.ended.get(token) === 'expired') throw stepFunctionsErrors.taskTimedOut();
    throw stepFunctionsErrors.taskDoesNotExist(token);
  }

  private end(token: string, why: TokenRelease): void {
    if (!this.live.delete(token)) return;
    this.ended.set(token, why);
    if (this.ended.size > REMEMBERED_ENDS) this.ended.delete(this.ended.keys().next().value as string);
  }
}

function requireForm(token: string): void {
  requireLength('taskToken', token, MAX_TOKEN);
  if (token.length === 0) {
    throw stepFunctionsErrors.validation(
      "1 validation error detected: Value at 'taskToken' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  }
  if (!TOKEN_FORM.test(token)) throw stepFunctionsErrors.invalidToken('Invalid token');
}

function requireLength(field: string, value: string | undefined, max: number): void {
  if (value !== undefined && value.length > max) {
    throw stepFunctionsErrors.validation(
      `1 validation error detected: Value at '${field}' failed to satisfy constraint: Member must have length less than or equal to ${max}`,
    );
  }
}

/** The output as the task receives it: a JSON value (as JSON text would carry it), within the payload quota. */
function jsonOutput(output: unknown): unknown {
  let text: string | undefined;
  try {
    text = JSON.stringify(output);
  } catch (error) {
    throw stepFunctionsErrors.invalidOutput((error as Error).message);
  }
  if (text === undefined) throw stepFunctionsErrors.invalidOutput(`${typeof output} is not a JSON value`);
  if (Buffer.byteLength(text, 'utf8') > MAX_PAYLOAD_BYTES) {
    throw stepFunctionsErrors.validation(
      `1 validation error detected: Value at 'output' failed to satisfy constraint: Member must have length less than or equal to ${MAX_PAYLOAD_BYTES}`,
    );
  }
  return JSON.parse(text);
}
