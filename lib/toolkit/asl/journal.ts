/**
 * What an execution completed, kept so that RedriveExecution can continue it: per thread of control
 * (the execution, a Parallel branch, an inline Map iteration) the states it completed in order
 * (output, next state, variables assigned) and, once the thread ended well, its output. A redrive
 * walks the same program again: a completed state is replayed from here (no events, nothing run),
 * the first state that did not complete runs again, and within a Parallel or Map that failed only
 * the branches and iterations that did not succeed run again.
 *
 * Children are found by position, not by name: the n-th step of a thread, then the child's index.
 * A step's children are taken over by the redrive's first attempt at that step only; a Retry of the
 * step after that starts all of them afresh, as a retry does in any run.
 */
import type { ExecutionJournal } from './engine';

/** A state a thread completed. */
export interface JournalStep {
  readonly name: string;
  readonly output: unknown;
  /** Where the thread went next; undefined when the state ended the thread. */
  readonly next?: string;
  /** The variables the state assigned on exit. */
  readonly assigned?: Record<string, unknown>;
}

/** The children (branches or iterations) one step started, by index, and the step's name. */
interface StepChildren {
  readonly name: string;
  readonly journals: Map<number, ThreadJournal>;
}

export class ThreadJournal implements ExecutionJournal {
  readonly kind = 'execution-journal' as const;
  private readonly steps: JournalStep[] = [];
  /** The thread's output, once it ended successfully (a branch or iteration a redrive skips). */
  private ended?: { readonly output: unknown };
  /** The next recorded step a redrive replays. */
  private cursor = 0;
  /** The state running now, not yet completed: the owner of the children it starts. */
  private live?: string;
  private readonly children = new Map<number, StepChildren>();
  /** Steps whose children the next attempt takes over (set by a redrive, used once each). */
  private resumable = new Set<number>();

  /** The recorded step standing for `name` at this point of the thread, if the thread completed it. */
  replay(name: string): JournalStep | undefined {
    const step = this.steps[this.cursor];
    if (step?.name === name) {
      this.cursor++;
      return step;
    }
    // The thread runs live from here: what was recorded past this point no longer applies.
    this.steps.length = this.cursor;
    for (const index of this.children.keys()) if (index > this.cursor) this.children.delete(index);
    this.live = name;
    return undefined;
  }

  record(step: JournalStep): void {
    this.steps.push(step);
    this.cursor = this.steps.length;
    this.live = undefined;
  }

  end(output: unknown): void {
    this.ended = { output };
  }

  /** The thread's output, if it ended successfully. */
  get output(): { readonly output: unknown } | undefined {
    return this.ended;
  }

  /**
   * The journal of child `index` of the state running now (called once per child per attempt;
   * index 0 opens a new attempt). A redrive's first attempt gets the journals of the failed run.
   */
  child(index: number): ThreadJournal {
    const at = this.steps.length;
    let entry = this.children.get(at);
    if (index === 0 || !entry || entry.name !== this.live) {
      const resumed = this.resumable.delete(at) && entry?.name === this.live;
      if (!resumed || !entry) {
        entry = { name: this.live ?? '', journals: new Map() };
        this.children.set(at, entry);
      }
    }
    let journal = entry.journals.get(index);
    if (!journal) {
      journal = new ThreadJournal();
      entry.journals.set(index, journal);
    }
    return journal;
  }

  /** Readies the journal (and its children's) for a redrive: replay from the start. */
  prepareRedrive(): void {
    this.cursor = 0;
    this.live = undefined;
    this.resumable = new Set(this.children.keys());
    for (const { journals } of this.children.values()) {
      for (const journal of journals.values()) journal.prepareRedrive();
    }
  }
}

/** The engine's own journal behind the seam's opaque type, or a clear error for any other. */
export function threadJournal(journal: ExecutionJournal): ThreadJournal {
  if (!(journal instanceof ThreadJournal)) {
    throw new TypeError(
      'A redrive needs the journal this engine kept for the execution (RunningExecution.journal)',
    );
  }
  return journal;
}
