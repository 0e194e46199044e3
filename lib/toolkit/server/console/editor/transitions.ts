/**
 * A state's transitions, as the editor connects them: its Next (or End), each Choice rule's Next,
 * the Choice's Default, each Catch's Next. A transition's target is a state of the same scope,
 * named as ASL names it.
 */
import { isObject, Json, JsonObject } from './states';

export type Transition =
  | { readonly kind: 'next' }
  | { readonly kind: 'choice'; readonly index: number }
  | { readonly kind: 'default' }
  | { readonly kind: 'catch'; readonly index: number };

/** The states that end their scope by their type: they have neither Next nor End. */
export const TERMINAL_TYPES = new Set(['Succeed', 'Fail']);

/** A state's transitions with their current targets (undefined: End, or none). */
export function transitionsOf(state: JsonObject): Array<{ transition: Transition; target?: string }> {
  const out: Array<{ transition: Transition; target?: string }> = [];
  if (state.Type === 'Choice') {
    rules(state).forEach((rule, index) =>
      out.push({ transition: { kind: 'choice', index }, target: stringOr(rule.Next) }),
    );
    out.push({ transition: { kind: 'default' }, target: stringOr(state.Default) });
  } else if (!TERMINAL_TYPES.has(String(state.Type))) {
    out.push({ transition: { kind: 'next' }, target: stringOr(state.Next) });
  }
  catchers(state).forEach((catcher, index) =>
    out.push({ transition: { kind: 'catch', index }, target: stringOr(catcher.Next) }),
  );
  return out;
}

/**
 * Points one transition at `target`, in place. No target: Next becomes `End: true`, a Default is
 * removed; a Choice rule or a Catch keeps no Next (the diagnostics then say it needs one).
 */
export function setTarget(state: JsonObject, transition: Transition, target: string | undefined): void {
  switch (transition.kind) {
    case 'next':
      if (target === undefined) {
        delete state.Next;
        state.End = true;
      } else {
        delete state.End;
        state.Next = target;
      }
      return;
    case 'default':
      assign(state, 'Default', target);
      return;
    case 'choice':
      assign(ruleAt(rules(state), transition.index, 'Choice rule'), 'Next', target);
      return;
    case 'catch':
      assign(ruleAt(catchers(state), transition.index, 'Catch'), 'Next', target);
      return;
  }
}

/** Renames every transition of `state` that targets `from` (StartAt is the scope's: see edits.ts). */
export function retarget(state: JsonObject, from: string, to: string): void {
  for (const { transition, target } of transitionsOf(state)) {
    if (target === from) setTarget(state, transition, to);
  }
}

/**
 * Removes the transitions of `state` that target `removed`: a Next then goes where the removed
 * state went (`then`, or End), a Choice rule or Catch is dropped, a Default removed.
 */
export function detach(state: JsonObject, removed: string, then: string | undefined): void {
  if (state.Next === removed) setTarget(state, { kind: 'next' }, then);
  if (state.Default === removed) delete state.Default;
  if (Array.isArray(state.Choices)) state.Choices = state.Choices.filter((r) => !targets(r, removed));
  if (Array.isArray(state.Catch)) {
    state.Catch = state.Catch.filter((c) => !targets(c, removed));
    if (state.Catch.length === 0) delete state.Catch;
  }
}

/** A short label of a transition, for the form and its accessible names. */
export function transitionLabel(transition: Transition): string {
  switch (transition.kind) {
    case 'next':
      return 'Next';
    case 'default':
      return 'Default';
    case 'choice':
      return `Rule ${transition.index + 1}`;
    case 'catch':
      return `Catch ${transition.index + 1}`;
  }
}

function rules(state: JsonObject): JsonObject[] {
  return Array.isArray(state.Choices) ? state.Choices.filter(isObject) : [];
}

function catchers(state: JsonObject): JsonObject[] {
  return Array.isArray(state.Catch) ? state.Catch.filter(isObject) : [];
}

function ruleAt(list: JsonObject[], index: number, what: string): JsonObject {
  const rule = list[index];
  if (!rule) throw new Error(`${what} ${index + 1} does not exist`);
  return rule;
}

function assign(object: JsonObject, key: string, value: Json | undefined): void {
  if (value === undefined) delete object[key];
  else object[key] = value;
}

function targets(value: Json, name: string): boolean {
  return isObject(value) && value.Next === name;
}

function stringOr(value: Json | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
