/**
 * What a path has written into the state's data, enough to decide the Choice rules that test it.
 *
 * Without this, every Choice branch looks reachable from every path: in the order workflow "Which
 * Failure?" would send a declined payment on to "Shipping Failed". The model is deliberately
 * small and errs towards "unknown" (both branches kept):
 *
 * - A field some state of the definition writes (a ResultPath, a Catch's ResultPath) is taken to be
 *   absent until a state on the path writes it. The assumption: the execution input and a result
 *   that replaces the whole document (`ResultPath: "$"`) do not carry the fields the workflow
 *   writes itself.
 * - A Catch writes an error whose `Error` is one of its ErrorEquals names, or, for `States.ALL` and
 *   the other wildcards, any name but those earlier catchers of the state took. An error name the
 *   definition catches by name (not `States.*`) is taken to come only from the states that catch it
 *   by name: a wildcard elsewhere does not see it (PaymentDeclined is Process Payment's, not Ship
 *   Order's).
 * - Only `IsPresent` and `StringEquals` on such an error's `Error` are decided, with And/Or/Not
 *   over them; every other rule (data the path cannot know, JSONata `Condition`) is unknown.
 */
import {
  catchersOf,
  type Catcher,
  type ChoiceCondition,
  type JsonataChoiceRule,
  type State,
  type StateMachine,
} from '../../asl/model';

/** A field a state wrote: a value the path cannot know, or a caught error with what its name can be. */
type Fact = { readonly kind: 'value' } | { readonly kind: 'error'; oneOf?: string[]; noneOf: string[] };

/** Three-valued: true, false, or not decidable from the path. */
export type Truth = boolean | undefined;

/** Written fields by path (`payment`, `error`, `` for the whole document), immutable per step. */
export class PathFacts {
  private constructor(
    private readonly owned: ReadonlySet<string>,
    private readonly written: ReadonlyMap<string, Fact>,
    /** Error names caught by name, with the states that catch each. */
    private readonly namedErrors: ReadonlyMap<string, ReadonlySet<State>>,
  ) {}

  /** The facts at the start of `definition`: nothing written yet. */
  static start(definition: StateMachine): PathFacts {
    // JSONata states have no ResultPath and their Choice rules are expressions: nothing to decide.
    const jsonata = definition.QueryLanguage === 'JSONata';
    return new PathFacts(jsonata ? new Set() : ownedFields(definition), new Map(), namedErrors(definition));
  }

  /** After `state` succeeded and passed its result on. */
  afterSuccess(state: State): PathFacts {
    if (replacesOutput(state)) return this.with('', undefined, true);
    if (!producesResult(state)) return this;
    const resultPath = resultPathOf(state);
    if (resultPath === null) return this;
    return this.with(field(resultPath ?? '$'), { kind: 'value' });
  }

  /** After `state`'s catcher number `index` caught an error. */
  afterCatch(state: State, index: number): PathFacts {
    const catchers = catchersOf(state);
    const catcher = catchers[index];
    if (catcher.ResultPath === null) return this;
    const othersErrors = [...this.namedErrors]
      .filter(([, states]) => !states.has(state))
      .map(([name]) => name);
    return this.with(field(catcher.ResultPath ?? '$'), caughtError(catchers, index, othersErrors));
  }

  /** Whether a Choice rule holds, fails, or cannot be told (a JSONata Condition never can). */
  evaluate(rule: ChoiceCondition | JsonataChoiceRule): Truth {
    if ('Condition' in rule) return undefined;
    if ('And' in rule) return all(rule.And.map((c) => this.evaluate(c)));
    if ('Or' in rule) return any(rule.Or.map((c) => this.evaluate(c)));
    if ('Not' in rule) return not(this.evaluate(rule.Not));
    const variable = field(rule.Variable);
    if (variable === undefined) return undefined;
    const { operator, value } = rule;
    if (operator === 'IsPresent' && typeof value === 'boolean') {
      const present = this.presence(variable);
      return present === undefined ? undefined : present === value;
    }
    if (operator === 'StringEquals' && typeof value === 'string') return this.errorNameIs(variable, value);
    return undefined;
  }

  private with(path: string | undefined, fact: Fact | undefined, clearAll = false): PathFacts {
    // An unparseable ResultPath: we no longer know what the document holds, so forget everything.
    if (path === undefined) return new PathFacts(new Set(), new Map(), this.namedErrors);
    const written = new Map(clearAll ? [] : this.written);
    for (const key of written.keys()) if (isWithin(key, path)) written.delete(key);
    // A value replacing the whole document is assumed to carry none of the fields the workflow writes.
    if (fact && !(path === '' && fact.kind === 'value')) written.set(path, fact);
    return new PathFacts(this.owned, written, this.namedErrors);
  }

  private presence(variable: string): Truth {
    if (this.written.has(variable)) return true;
    for (const [key, fact] of this.written) {
      if (!isWithin(variable, key)) continue;
      if (fact.kind === 'value') return undefined; // inside a value we cannot see
      // A caught error's output is exactly { Error, Cause }.
      return variable === join(key, 'Error') || variable === join(key, 'Cause');
    }
    for (const owned of this.owned) if (isWithin(variable, owned)) return false;
    return undefined;
  }

  private errorNameIs(variable: string, name: string): Truth {
    for (const [key, fact] of this.written) {
      if (fact.kind !== 'error' || variable !== join(key, 'Error')) continue;
      if (fact.noneOf.includes(name)) return false;
      if (!fact.oneOf) return undefined;
      if (!fact.oneOf.includes(name)) return false;
      return fact.oneOf.length === 1 ? true : undefined;
    }
    return undefined;
  }
}

/**
 * What a catcher knows of the error it caught: its names, minus those earlier catchers took; a
 * wildcard, any name but those and the ones other states own.
 */
function caughtError(catchers: readonly Catcher[], index: number, othersErrors: string[]): Fact {
  const earlier = catchers
    .slice(0, index)
    .flatMap((c) => c.ErrorEquals)
    .filter((name) => !name.startsWith('States.'));
  const names = catchers[index].ErrorEquals;
  // States.ALL, States.TaskFailed and the like match errors by kind, not by one name.
  if (names.some((name) => name.startsWith('States.'))) {
    return { kind: 'error', noneOf: [...new Set([...earlier, ...othersErrors])] };
  }
  return { kind: 'error', oneOf: names.filter((n) => !earlier.includes(n)), noneOf: earlier };
}

function namedErrors(definition: StateMachine): Map<string, Set<State>> {
  const named = new Map<string, Set<State>>();
  for (const state of Object.values(definition.States)) {
    for (const name of catchersOf(state).flatMap((c) => c.ErrorEquals)) {
      if (!name.startsWith('States.')) named.set(name, new Set([...(named.get(name) ?? []), state]));
    }
  }
  return named;
}

/** Every field some state of the definition (nested ones included) writes with a ResultPath. */
function ownedFields(definition: StateMachine): Set<string> {
  const owned = new Set<string>();
  for (const state of Object.values(definition.States)) {
    const paths = [resultPathOf(state), ...catchersOf(state).map((c) => c.ResultPath)];
    for (const p of paths) {
      const f = typeof p === 'string' ? field(p) : undefined;
      if (f) owned.add(f); // not '' (the whole document)
    }
  }
  return owned;
}

/** Whether the state's output is not its input with the result placed in it: OutputPath, or Output. */
function replacesOutput(state: State): boolean {
  if (state.language === 'JSONata') return 'Output' in state && state.Output !== undefined;
  return 'OutputPath' in state && state.OutputPath !== undefined && state.OutputPath !== '$';
}

/**
 * Whether the state places a result: Task, Parallel and Map do, a Pass with a Result or Parameters
 * does; Choice, Wait and Succeed pass their input on, and Fail has no output.
 */
function producesResult(state: State): boolean {
  if (state.Type === 'Pass') {
    return state.language === 'JSONPath' && (state.Result !== undefined || state.Parameters !== undefined);
  }
  return state.Type === 'Task' || state.Type === 'Parallel' || state.Type === 'Map';
}

/** A JSONPath state's ResultPath as written: undefined means `$`, null that the result is dropped. */
function resultPathOf(state: State): string | null | undefined {
  return 'ResultPath' in state ? state.ResultPath : undefined;
}

/** `$.a.b` → `a.b`, `$` → ``; anything but plain dotted names → undefined. */
function field(path: string): string | undefined {
  if (path === '$') return '';
  const match = /^\$((?:\.[A-Za-z_][A-Za-z0-9_-]*)+)$/.exec(path);
  return match ? match[1].slice(1) : undefined;
}

function isWithin(path: string, ancestor: string): boolean {
  return ancestor === '' || path === ancestor || path.startsWith(`${ancestor}.`);
}

function join(parent: string, child: string): string {
  return parent === '' ? child : `${parent}.${child}`;
}

function all(values: Truth[]): Truth {
  if (values.includes(false)) return false;
  return values.every((v) => v === true) ? true : undefined;
}

function any(values: Truth[]): Truth {
  if (values.includes(true)) return true;
  return values.every((v) => v === false) ? false : undefined;
}

function not(value: Truth): Truth {
  return value === undefined ? undefined : !value;
}
