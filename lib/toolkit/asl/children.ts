/**
 * Runs the children of a Parallel (branches) or Map (iterations) state, at most `maxConcurrency` at
 * a time (0 = all). Each child gets its own frame: its own history thread starting at the parent's
 * current source, its own variable scope, its own cancellation. The first child to fail cancels the
 * others and its error becomes the parent's (AWS: the branch's error propagates as is).
 *
 * History threads: after a child succeeds, the parent thread continues from the child's last event
 * (a sequential Map's next iteration starts after the previous one's last state); after a failure,
 * from the failed child's last event.
 */
import { StatesError } from './errors';
import { History } from './history';
import { BranchCancelled, childFrame, Frame, linkAbort, newController } from './frame';

export interface ChildHooks {
  onStart?(index: number, frame: Frame): void;
  onSuccess?(index: number, frame: Frame): void;
  onFailure?(index: number, frame: Frame, error: StatesError): void;
  /**
   * A child still running when a sibling failed, now cancelled; `source` is the failed sibling's
   * latest event, which AWS names as the previous event of the abort events.
   */
  onCancelled?(index: number, frame: Frame, source: number): void;
}

/** A limit that may change while the children run (UpdateMapRun on a map run). */
export interface LiveConcurrency {
  readonly maxConcurrency: number;
  onConcurrencyChange(listener: () => void): void;
}

export interface ChildOptions {
  /** At most this many at a time; 0: all. */
  readonly maxConcurrency: number | LiveConcurrency;
  /** Children record into this history instead of the parent's (a distributed Map's child runs). */
  readonly history?: History;
  /** Children start with no variables: a distributed Map's child executions cannot read the outer ones. */
  readonly isolatedVariables?: boolean;
}

export function runChildren(
  parent: Frame,
  count: number,
  body: (index: number, frame: Frame) => Promise<unknown>,
  hooks: ChildHooks,
  options: ChildOptions,
): Promise<unknown[]> {
  const results: unknown[] = new Array(count);
  const separate = options.history !== undefined;
  return new Promise<unknown[]>((resolve, reject) => {
    if (count === 0) return resolve(results);
    const running = new Map<number, { controller: AbortController; frame: Frame }>();
    let next = 0;
    let done = false;

    const fail = (error: unknown, source?: number) => {
      done = true;
      for (const [index, child] of running) {
        if (source !== undefined) {
          // AWS closes what the cancelled child was doing: <Type>StateAborted, then its own abort event.
          const active = child.frame.active;
          if (active) {
            child.frame.history.emit({ source }, `${active}StateAborted`, undefined, undefined, {
              keepSource: true,
            });
          }
          hooks.onCancelled?.(index, child.frame, source);
        }
        child.controller.abort(new BranchCancelled());
      }
      running.clear();
      reject(error);
    };

    const limit = options.maxConcurrency;
    const maxConcurrency = () => (typeof limit === 'number' ? limit : limit.maxConcurrency);
    const launch = () => {
      while (!done && next < count && (maxConcurrency() <= 0 || running.size < maxConcurrency())) {
        const index = next++;
        // A redrive skips the branches and iterations that succeeded (a distributed Map's child
        // executions are not redriven that way: they all run again).
        const journal = separate ? undefined : parent.journal?.child(index);
        if (journal?.output) {
          results[index] = journal.output.output;
          continue;
        }
        const controller = newController();
        const unlink = linkAbort(parent.signal, controller);
        const frame = childFrame(parent, controller, {
          history: options.history,
          isolatedVariables: options.isolatedVariables,
          source: separate ? 0 : parent.thread.source,
          journal,
        });
        running.set(index, { controller, frame });
        hooks.onStart?.(index, frame);
        Promise.resolve()
          .then(() => body(index, frame))
          .then(
            (value) => {
              unlink();
              if (done) return;
              running.delete(index);
              results[index] = value;
              hooks.onSuccess?.(index, frame);
              if (!separate) parent.thread.source = Math.max(parent.thread.source, frame.thread.source);
              launch();
            },
            (error: unknown) => {
              unlink();
              if (done) return;
              running.delete(index);
              if (parent.signal.aborted) return fail(parent.signal.reason);
              if (error instanceof StatesError) {
                hooks.onFailure?.(index, frame, error);
                if (!separate) parent.thread.source = frame.thread.source;
                return fail(error, frame.thread.source);
              }
              fail(error);
            },
          );
      }
      if (!done && running.size === 0 && next >= count) {
        done = true;
        resolve(results);
      }
    };
    if (typeof limit !== 'number') limit.onConcurrencyChange(launch);
    launch();
  });
}
