/**
 * The editor's graphical edits, as pure functions: each takes a definition and returns a new one
 * (the argument is never changed, so the undo history can keep it), and the path of the state the
 * edit is about, which the page then selects.
 */
import {
  clone,
  findScope,
  isObject,
  Json,
  JsonObject,
  requireState,
  statePath,
  statesOf,
  uniqueName,
} from './states';
import { choiceRuleTemplate, QueryLanguage, scopeWith, stateTemplate, StateTypeName } from './templates';
import { detach, retarget, setTarget, TERMINAL_TYPES, Transition } from './transitions';

export interface Edited {
  readonly definition: JsonObject;
  /** The state to select after the edit (absent when none is left to select). */
  readonly path?: string;
}

/** Where a new state goes: after a state, at the start of a scope (branch, item processor), or unconnected. */
export type Placement = { readonly after: string } | { readonly into: string } | { readonly top: true };

/** The query language a state's fields are written in: its own, else the definition's. */
export function languageOf(definition: JsonObject, state?: JsonObject): QueryLanguage {
  const own = state?.QueryLanguage ?? definition.QueryLanguage;
  return own === 'JSONata' ? 'JSONata' : 'JSONPath';
}

/**
 * Adds a state of `type`. After a state: it takes over that state's Next (after a Choice: a new
 * rule goes to it). Into a scope: it becomes the scope's StartAt, going on to the old one. Top
 * (nothing selected): the first state of an empty workflow, else a state nothing goes to yet.
 */
export function addState(definition: JsonObject, type: StateTypeName, where: Placement): Edited {
  const next = clone(definition);
  const name = uniqueName(next, type);
  const inner = type === 'Parallel' || type === 'Map' ? uniqueName(withName(next, name), 'Pass') : '';
  const scopePath =
    'after' in where ? requireState(next, where.after).scope : 'into' in where ? where.into : '';
  const scope = findScope(next, scopePath)?.scope;
  if (!scope) throw new Error(`No scope at ${scopePath || 'the top level'}`);
  const state = stateTemplate(type, languageOf(next), inner);
  let then: string | undefined;
  if ('after' in where) then = linkAfter(next, requireState(next, where.after).state, name);
  else if ('into' in where || !(typeof scope.StartAt === 'string' && scope.StartAt in statesOf(scope))) {
    then = typeof scope.StartAt === 'string' && scope.StartAt in statesOf(scope) ? scope.StartAt : undefined;
    scope.StartAt = name;
  }
  if (type === 'Choice') {
    if (then !== undefined) state.Default = then;
  } else if (!TERMINAL_TYPES.has(type)) setTarget(state, { kind: 'next' }, then);
  scope.States = { ...statesOf(scope), [name]: state };
  return { definition: next, path: statePath(scopePath, name) };
}

/** Points `state` at the new state `name`; returns where `state` used to go (the new state's Next). */
function linkAfter(definition: JsonObject, state: JsonObject, name: string): string | undefined {
  if (TERMINAL_TYPES.has(String(state.Type))) {
    throw new Error(`A ${state.Type} state ends its branch: nothing can follow it`);
  }
  if (state.Type === 'Choice') {
    const rules = Array.isArray(state.Choices) ? state.Choices : [];
    state.Choices = [...rules, choiceRuleTemplate(languageOf(definition, state), name)];
    return undefined;
  }
  const before = typeof state.Next === 'string' ? state.Next : undefined;
  setTarget(state, { kind: 'next' }, name);
  return before;
}

/** Deletes a state; whatever went to it goes where it went (a Next), or is dropped (a rule, a Catch). */
export function deleteState(definition: JsonObject, path: string): Edited {
  const next = clone(definition);
  const { name, scope: scopePath, state } = requireState(next, path);
  const scope = findScope(next, scopePath)!.scope;
  const then = typeof state.Next === 'string' && state.Next !== name ? state.Next : undefined;
  const states = statesOf(scope);
  delete states[name];
  for (const other of Object.values(states)) if (isObject(other)) detach(other, name, then);
  if (scope.StartAt === name) scope.StartAt = then ?? Object.keys(states)[0] ?? '';
  const selected = scope.StartAt ? statePath(scopePath, String(scope.StartAt)) : undefined;
  return { definition: next, path: selected && selected !== path ? selected : undefined };
}

/** Renames a state; every transition to it (and StartAt) follows. Names are unique in the machine. */
export function renameState(definition: JsonObject, path: string, newName: string): Edited {
  const next = clone(definition);
  const { name, scope: scopePath } = requireState(next, path);
  if (newName === name) return { definition: next, path };
  requireNewName(next, newName);
  const scope = findScope(next, scopePath)!.scope;
  // Rebuilt in the same order: the code view keeps the state where it was.
  scope.States = Object.fromEntries(
    Object.entries(statesOf(scope)).map(([key, value]) => [key === name ? newName : key, value]),
  );
  for (const other of Object.values(scope.States)) if (isObject(other)) retarget(other, name, newName);
  if (scope.StartAt === name) scope.StartAt = newName;
  return { definition: next, path: statePath(scopePath, newName) };
}

/** Connects one transition of a state to `target` (a state of its scope), or to End / nothing. */
export function connect(
  definition: JsonObject,
  path: string,
  transition: Transition,
  target: string | undefined,
): Edited {
  const next = clone(definition);
  setTarget(requireState(next, path).state, transition, target);
  return { definition: next, path };
}

/** Sets (or, with undefined, removes) one field of a state: Comment, Resource, Seconds, Retry, ... */
export function setField(definition: JsonObject, path: string, key: string, value: Json | undefined): Edited {
  const next = clone(definition);
  const { state } = requireState(next, path);
  if (value === undefined) delete state[key];
  else state[key] = value;
  return { definition: next, path };
}

/** Sets one field of the definition itself (Comment, QueryLanguage, TimeoutSeconds). */
export function setTopField(definition: JsonObject, key: string, value: Json | undefined): JsonObject {
  const next = clone(definition);
  if (value === undefined) delete next[key];
  else next[key] = value;
  return next;
}

/** Appends to a state's list field (Choices, Retry, Catch) the item given. */
export function appendItem(definition: JsonObject, path: string, key: string, item: JsonObject): Edited {
  const next = clone(definition);
  const { state } = requireState(next, path);
  state[key] = [...(Array.isArray(state[key]) ? state[key] : []), item];
  return { definition: next, path };
}

/** Removes item `index` of a state's list field; an empty Retry or Catch goes (Choices stays, AWS needs it). */
export function removeItem(definition: JsonObject, path: string, key: string, index: number): Edited {
  const next = clone(definition);
  const { state } = requireState(next, path);
  const list = Array.isArray(state[key]) ? state[key].filter((_, i) => i !== index) : [];
  if (list.length === 0 && key !== 'Choices') delete state[key];
  else state[key] = list;
  return { definition: next, path };
}

/** Sets one field of item `index` of a state's list field (a rule's Next, a retrier's MaxAttempts). */
export function setItemField(
  definition: JsonObject,
  path: string,
  location: { readonly list: string; readonly index: number },
  key: string,
  value: Json | undefined,
): Edited {
  const next = clone(definition);
  const { state } = requireState(next, path);
  const list = state[location.list];
  const item = Array.isArray(list) ? list[location.index] : undefined;
  if (!isObject(item)) throw new Error(`${location.list} ${location.index + 1} does not exist`);
  if (value === undefined) delete item[key];
  else item[key] = value;
  return { definition: next, path };
}

/** Replaces a Choice rule's condition (every field but Next, which the rule keeps). */
export function setRuleCondition(
  definition: JsonObject,
  path: string,
  index: number,
  condition: JsonObject,
): Edited {
  const next = clone(definition);
  const { state } = requireState(next, path);
  const rule = Array.isArray(state.Choices) ? state.Choices[index] : undefined;
  if (!isObject(rule)) throw new Error(`Choice rule ${index + 1} does not exist`);
  const { Next: _ignored, ...fields } = condition;
  (state.Choices as Json[])[index] = rule.Next === undefined ? fields : { ...fields, Next: rule.Next };
  return { definition: next, path };
}

/** Adds a branch (one Pass state) to a Parallel. */
export function addBranch(definition: JsonObject, path: string): Edited {
  const next = clone(definition);
  const { state } = requireState(next, path);
  const branches = Array.isArray(state.Branches) ? state.Branches : [];
  state.Branches = [...branches, scopeWith(uniqueName(next, 'Pass'))];
  return { definition: next, path };
}

function requireNewName(definition: JsonObject, name: string): void {
  if (name.trim() === '') throw new Error('A state needs a name');
  if (name.length > 80) throw new Error('A state name has at most 80 characters');
  if (uniqueName(definition, name) !== name) throw new Error(`A state named "${name}" already exists`);
}

/** The definition with one more name taken, so a Parallel's inner Pass is not named as the Parallel. */
function withName(definition: JsonObject, name: string): JsonObject {
  return { ...definition, States: { ...statesOf(definition), [name]: { Type: 'Pass' } } } as JsonObject;
}

export type { Transition };
export { transitionsOf, transitionLabel } from './transitions';
