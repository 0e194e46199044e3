/**
 * One activity's hand-off between the tasks that wait for a worker and the workers that poll
 * (GetActivityTask): first come, first served on both sides, each task handed to exactly one
 * worker. Node runs one callback at a time, so a hand-off is a single step: a task leaves the queue
 * and a poll is answered together, or neither happens.
 */

/** What a worker receives: the token it answers with, and the task's input as JSON text. */
export interface ActivityTaskHandoff {
  readonly taskToken: string;
  readonly input: string;
}

/** A task waiting for a worker: resolved with the worker's name once one takes it. */
interface WaitingTask extends ActivityTaskHandoff {
  readonly take: (workerName: string | undefined) => void;
}

/** A worker's poll, waiting for a task. */
interface Poll {
  readonly workerName?: string;
  readonly answer: (task: ActivityTaskHandoff | undefined) => void;
}

export class ActivityQueue {
  private readonly tasks: WaitingTask[] = [];
  private readonly polls: Poll[] = [];

  /** Polls waiting now. */
  get pollers(): number {
    return this.polls.length;
  }

  /** Tasks waiting for a worker now. */
  get waiting(): number {
    return this.tasks.length;
  }

  /**
   * Queues a task until a worker takes it: resolves with the worker's name (undefined when it gave
   * none). Once `signal` aborts (the task timed out, its execution stopped) it leaves the queue and
   * the promise rejects with the signal's reason.
   */
  offer(task: ActivityTaskHandoff, signal: AbortSignal): Promise<string | undefined> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      const waiting: WaitingTask = {
        ...task,
        take: (workerName) => {
          signal.removeEventListener('abort', leave);
          resolve(workerName);
        },
      };
      const leave = () => {
        remove(this.tasks, waiting);
        reject(signal.reason);
      };
      signal.addEventListener('abort', leave, { once: true });
      const poll = this.polls.shift();
      if (poll) this.handOff(waiting, poll);
      else this.tasks.push(waiting);
    });
  }

  /**
   * A worker's poll: the oldest waiting task at once, or the next one offered within `waitMs`;
   * undefined when none came, or once `signal` aborts (the worker went away).
   */
  poll(
    workerName: string | undefined,
    waitMs: number,
    signal?: AbortSignal,
  ): Promise<ActivityTaskHandoff | undefined> {
    return new Promise((resolve) => {
      const task = this.tasks.shift();
      if (task) return this.handOff(task, { workerName, answer: resolve });
      if (signal?.aborted) return resolve(undefined);
      const poll: Poll = {
        workerName,
        answer: (handed) => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', giveUp);
          resolve(handed);
        },
      };
      const giveUp = () => {
        remove(this.polls, poll);
        poll.answer(undefined);
      };
      const timer = setTimeout(giveUp, waitMs);
      signal?.addEventListener('abort', giveUp, { once: true });
      this.polls.push(poll);
    });
  }

  /** Answers every waiting poll with no task (the activity was deleted: their next poll is refused). */
  endPolls(): void {
    for (const poll of this.polls.splice(0)) poll.answer(undefined);
  }

  private handOff(task: WaitingTask, poll: Poll): void {
    poll.answer({ taskToken: task.taskToken, input: task.input });
    task.take(poll.workerName);
  }
}

function remove<T>(list: T[], item: T): void {
  const at = list.indexOf(item);
  if (at >= 0) list.splice(at, 1);
}
