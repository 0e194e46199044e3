/**
 * Every distinct way through a state machine: from StartAt along Next, each Choice rule and
 * Default, and each Catch, to a Succeed, a Fail, or a state with `End`. A path is the sequence of
 * states entered and how each was left; retries are not part of a path (see path-metrics.ts).
 *
 * Choice branches that cannot be taken on a path are dropped (choice-facts.ts explains the model);
 * paths that enter the same states in the same order are one path (a Catch that goes where Next
 * goes, say). Loops are bounded: a state is entered at most `maxVisits` times on one path, and each
 * loop found is reported. An error no Catch handles also ends an execution; those endings are not
 * enumerated (every Task could end that way).
 */
import { catchersOf, type StateMachine, type StateOfType } from '../../asl/model';
import { PathFacts } from './choice-facts';

/** How a path leaves a state. `no-choice`: no rule matched and there is no Default. */
export type ExitKind = 'next' | 'end' | 'choice' | 'default' | 'catch' | 'no-choice';

/** A state entered on a path, and how the path left it. */
export interface PathStep {
  readonly state: string;
  readonly type: string;
  readonly exit: ExitKind;
  /** The catcher's index (`catch`) or the Choice rule's (`choice`). */
  readonly index?: number;
}

/** One distinct way through the definition. */
export interface WorkflowPath {
  /** Unique within the enumeration: the terminal state, with what led there when several paths end there. */
  readonly id: string;
  readonly steps: readonly PathStep[];
  /** The last state entered. */
  readonly terminal: string;
  readonly status: 'SUCCEEDED' | 'FAILED';
  /** The Fail state's Error (or ErrorPath), or States.NoChoiceMatched. */
  readonly error?: string;
  /** The states whose Catch the path took, in order. */
  readonly caughtAt: readonly string[];
}

/** The paths of a definition, and what the walk found on the way. */
export interface PathEnumeration {
  readonly paths: readonly WorkflowPath[];
  /** Each loop found, as its states with the first repeated last. */
  readonly cycles: readonly (readonly string[])[];
  /** Choice branches dropped because their rule cannot hold (or an earlier one must) on that path. */
  readonly pruned: number;
}

/** How the walk treats loops, Choice rules and size. */
export interface EnumerateOptions {
  /**
   * How many times one state may be entered on a path. 1 follows no loop (each loop is reported);
   * n follows a loop up to n − 1 times around.
   * @default 1
   */
  readonly maxVisits?: number;
  /** Drop Choice branches the path's own writes rule out (choice-facts.ts). @default true */
  readonly prune?: boolean;
  /** Refuse a definition with more distinct paths than this. @default 5000 */
  readonly maxPaths?: number;
}

/** Enumerates the paths of a state machine (or of a branch, an item processor). */
export function enumeratePaths(definition: StateMachine, options: EnumerateOptions = {}): PathEnumeration {
  const walker = new Walker(definition, {
    maxVisits: options.maxVisits ?? 1,
    prune: options.prune ?? true,
    maxPaths: options.maxPaths ?? 5000,
  });
  walker.walk(definition.StartAt, PathFacts.start(definition), [], new Map(), 'StartAt');
  if (walker.found.length === 0) {
    const loops = walker.cycles.map((c) => c.join(' → ')).join('; ');
    throw new Error(
      `no path from "${definition.StartAt}" reaches an end without entering a state more than ` +
        `${options.maxVisits ?? 1} time(s)${loops ? ` (loops: ${loops})` : ''}: raise maxVisits to follow loops`,
    );
  }
  return { paths: nameAll(walker.found), cycles: walker.cycles, pruned: walker.pruned };
}

type Unnamed = Omit<WorkflowPath, 'id'>;

class Walker {
  readonly found: Unnamed[] = [];
  readonly cycles: string[][] = [];
  pruned = 0;
  private readonly seen = new Set<string>();
  private readonly cycleKeys = new Set<string>();

  constructor(
    private readonly definition: StateMachine,
    private readonly options: Required<EnumerateOptions>,
  ) {}

  walk(name: string, facts: PathFacts, steps: PathStep[], visits: Map<string, number>, from: string): void {
    const state = this.definition.States[name];
    if (!state) throw new Error(`${from} goes to "${name}", which is not a state of the definition`);
    const count = visits.get(name) ?? 0;
    if (count >= this.options.maxVisits) return this.loop(name, steps);
    const entered = new Map(visits).set(name, count + 1);
    const go = (step: Omit<PathStep, 'state' | 'type'>, next: string, after: PathFacts) =>
      this.walk(next, after, [...steps, { state: name, type: state.Type, ...step }], entered, `"${name}"`);
    const finish = (step: Omit<PathStep, 'state' | 'type'>, status: Unnamed['status'], error?: string) =>
      this.finish([...steps, { state: name, type: state.Type, ...step }], status, error);

    switch (state.Type) {
      case 'Succeed':
        return finish({ exit: 'end' }, 'SUCCEEDED');
      case 'Fail': {
        const error = state.Error ?? ('ErrorPath' in state ? state.ErrorPath : undefined);
        return finish({ exit: 'end' }, 'FAILED', error ?? 'States.Fail');
      }
      case 'Choice':
        return this.choice(state, facts, go, finish);
      default:
        if (state.End) finish({ exit: 'end' }, 'SUCCEEDED');
        else if (state.Next !== undefined) go({ exit: 'next' }, state.Next, facts.afterSuccess(state));
        else throw new Error(`state "${name}" (${state.Type}) has neither Next nor End`);
        catchersOf(state).forEach((catcher, index) =>
          go({ exit: 'catch', index }, catcher.Next, facts.afterCatch(state, index)),
        );
    }
  }

  private choice(
    state: StateOfType<'Choice'>,
    facts: PathFacts,
    go: (step: Omit<PathStep, 'state' | 'type'>, next: string, after: PathFacts) => void,
    finish: (step: Omit<PathStep, 'state' | 'type'>, status: Unnamed['status'], error?: string) => void,
  ): void {
    // Rules are tried in order: once one surely holds, the later ones and Default cannot be reached.
    let decided = false;
    state.Choices.forEach((rule, index) => {
      const truth = this.options.prune && !decided ? facts.evaluate(rule) : undefined;
      if (decided || truth === false) {
        this.pruned++;
        return;
      }
      go({ exit: 'choice', index }, rule.Next, facts);
      if (truth === true) decided = true;
    });
    if (decided) {
      if (state.Default !== undefined) this.pruned++;
    } else if (state.Default !== undefined) {
      go({ exit: 'default' }, state.Default, facts);
    } else {
      finish({ exit: 'no-choice' }, 'FAILED', 'States.NoChoiceMatched');
    }
  }

  private finish(steps: PathStep[], status: Unnamed['status'], error?: string): void {
    const key = steps.map((s) => s.state).join('\u0000');
    if (this.seen.has(key)) return; // the same states in the same order: one path
    this.seen.add(key);
    if (this.found.length >= this.options.maxPaths) {
      throw new Error(
        `the definition has more than ${this.options.maxPaths} distinct paths: too many to enumerate`,
      );
    }
    const caughtAt = steps.filter((s) => s.exit === 'catch').map((s) => s.state);
    const terminal = steps[steps.length - 1].state;
    this.found.push({ steps, terminal, status, ...(error ? { error } : {}), caughtAt });
  }

  private loop(name: string, steps: PathStep[]): void {
    const start = steps.findIndex((s) => s.state === name);
    const cycle = [...steps.slice(start).map((s) => s.state), name];
    const key = cycle.join('\u0000');
    if (!this.cycleKeys.has(key)) {
      this.cycleKeys.add(key);
      this.cycles.push(cycle);
    }
  }
}

/**
 * Names each path after its terminal state; where several end in the same state, adds the first
 * state whose failure led there, then every decision, then a number, whichever first tells them apart.
 */
function nameAll(paths: Unnamed[]): WorkflowPath[] {
  const byTerminal = new Map<string, Unnamed[]>();
  for (const p of paths) byTerminal.set(terminalLabel(p), [...(byTerminal.get(terminalLabel(p)) ?? []), p]);
  const ids = new Map<Unnamed, string>();
  for (const [label, group] of byTerminal) {
    if (group.length === 1) {
      ids.set(group[0], label);
      continue;
    }
    const namings = [
      (p: Unnamed) =>
        `${label} (${decisions(p).find((d) => d.endsWith(' failed')) ?? decisions(p).join(', ')})`,
      (p: Unnamed) => `${label} (${decisions(p).join(', ')})`,
    ];
    const naming = namings.find((n) => new Set(group.map(n)).size === group.length);
    group.forEach((p, i) => ids.set(p, naming ? naming(p) : `${label} #${i + 1}`));
  }
  return paths.map((p) => ({ id: ids.get(p)!, ...p }));
}

function terminalLabel(path: Unnamed): string {
  return path.error === 'States.NoChoiceMatched' ? `${path.terminal}: no rule matched` : path.terminal;
}

/** The decisions a path took: a state's failure caught, or a Choice branch. */
function decisions(path: Unnamed): string[] {
  return path.steps.flatMap((step, i) => {
    const next = path.steps[i + 1]?.state;
    if (step.exit === 'catch') return [`${step.state} failed`];
    if (step.exit === 'choice' || step.exit === 'default') return [`${step.state} → ${next}`];
    return [];
  });
}
