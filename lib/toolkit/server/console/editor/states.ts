/**
 * Where the states of a definition being edited are. A state is named by its path, as
 * ValidateStateMachineDefinition locates problems: `/States/Pay`, `/States/Fan out/Branches[0]/States/Ship`,
 * `/States/Each/ItemProcessor/States/Pick`; a scope (the top level, a branch, an item processor) by
 * the path before its `/States/`. The definition is plain JSON, possibly invalid: nothing here
 * assumes a field has the type ASL says, it only looks.
 *
 * No DOM: the console's editor page bundles this module (see ../editor-bundles.ts) and jest tests it.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** One state of the definition. */
export interface StateRef {
  readonly path: string;
  readonly name: string;
  /** The scope's path: '' for the top level. */
  readonly scope: string;
  readonly state: JsonObject;
}

/** One scope: an object with StartAt and States (the definition, a branch, an item processor). */
export interface ScopeRef {
  readonly path: string;
  readonly scope: JsonObject;
  /** The Parallel or Map state the scope belongs to (absent at the top level). */
  readonly owner?: string;
  /** `Branch 2`, `Item processor`, or `Top level`. */
  readonly label: string;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A deep copy: every edit works on one, so the undo history keeps its own. */
export function clone<T extends Json>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** The states of a scope's object ({} when it has none or they are not an object). */
export function statesOf(scope: JsonObject): JsonObject {
  return isObject(scope.States) ? scope.States : {};
}

/** Every scope of the definition, the top level first, then nested ones depth first. */
export function allScopes(definition: JsonObject): ScopeRef[] {
  const out: ScopeRef[] = [];
  const visit = (scope: JsonObject, path: string, owner: string | undefined, label: string) => {
    out.push({ path, scope, owner, label });
    for (const [name, state] of Object.entries(statesOf(scope))) {
      if (!isObject(state)) continue;
      for (const inner of innerScopes(state, `${path}/States/${name}`)) {
        visit(inner.scope, inner.path, `${path}/States/${name}`, inner.label);
      }
    }
  };
  visit(definition, '', undefined, 'Top level');
  return out;
}

/** A Parallel's branches and a Map's item processor (or legacy Iterator). */
export function innerScopes(state: JsonObject, path: string): ScopeRef[] {
  if (Array.isArray(state.Branches)) {
    return state.Branches.flatMap((branch, i) =>
      isObject(branch) ? [{ path: `${path}/Branches[${i}]`, scope: branch, label: `Branch ${i + 1}` }] : [],
    );
  }
  for (const key of ['ItemProcessor', 'Iterator']) {
    const processor = state[key];
    if (isObject(processor)) return [{ path: `${path}/${key}`, scope: processor, label: 'Item processor' }];
  }
  return [];
}

/** Every state of the definition, nested ones included, in each scope's written order. */
export function allStates(definition: JsonObject): StateRef[] {
  return allScopes(definition).flatMap(({ path, scope }) =>
    Object.entries(statesOf(scope)).flatMap(([name, state]) =>
      isObject(state) ? [{ path: `${path}/States/${name}`, name, scope: path, state }] : [],
    ),
  );
}

export function findState(definition: JsonObject, path: string): StateRef | undefined {
  return allStates(definition).find((s) => s.path === path);
}

export function findScope(definition: JsonObject, path: string): ScopeRef | undefined {
  return allScopes(definition).find((s) => s.path === path);
}

/** The state at `path`, or an error naming it: every edit needs one. */
export function requireState(definition: JsonObject, path: string): StateRef {
  const found = findState(definition, path);
  if (!found) throw new Error(`No state at ${path}`);
  return found;
}

export function statePath(scope: string, name: string): string {
  return `${scope}/States/${name}`;
}

/**
 * State names are unique in the whole state machine (AWS refuses a name used twice, nested
 * scopes included), so a new state is named after its type, numbered past the names in use.
 */
export function uniqueName(definition: JsonObject, base: string): string {
  const taken = new Set(allStates(definition).map((s) => s.name));
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base} ${i}`)) return `${base} ${i}`;
}

/** The state a diagnostic's location (`/States/Pay/Next`) is about: the longest state path it starts with. */
export function stateOfLocation(
  states: readonly StateRef[],
  location: string | undefined,
): string | undefined {
  if (!location?.startsWith('/')) return undefined;
  let best: string | undefined;
  for (const { path } of states) {
    const within = location === path || location.startsWith(`${path}/`);
    if (within && (best === undefined || path.length > best.length)) best = path;
  }
  return best;
}
