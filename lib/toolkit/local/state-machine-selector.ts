/** What picks one of an app's state machines: the fields a user may name it by. */
export interface SelectableStateMachine {
  readonly name: string;
  readonly arn: string;
  readonly logicalId: string;
  /** `MyStack/Flow/Resource`, from the template's `aws:cdk:path` metadata (absent if not recorded). */
  readonly constructPath?: string;
}

/**
 * Whether `selector` names the machine: its ARN, name or logical id; or whole segments of its
 * construct path — the path itself (`MyStack/Flow`, with or without `/Resource`), the id of the
 * construct that made it (`Flow`), or of a construct around it (`Orders` for a state machine at
 * `MyStack/Orders/StateMachine`). A selector that fits several machines is refused by the caller.
 */
export function namesStateMachine(machine: SelectableStateMachine, selector: string): boolean {
  if (selector === machine.arn || selector === machine.name || selector === machine.logicalId) return true;
  if (!machine.constructPath || selector === '') return false;
  return `/${machine.constructPath}/`.includes(`/${selector.replace(/^\/+|\/+$/g, '')}/`);
}

/** The machines `selector` names (all of them without one); none named is an error listing what exists. */
export function selectStateMachines<T extends SelectableStateMachine>(
  machines: readonly T[],
  selector?: string,
): T[] {
  if (selector === undefined) return [...machines];
  const found = machines.filter((m) => namesStateMachine(m, selector));
  if (found.length === 0) {
    throw new Error(`no state machine ${selector}; the assembly has: ${describe(machines)}`);
  }
  return found;
}

/** The one machine `selector` names, or the app's only one; anything else is an error saying how to pick. */
export function selectStateMachine<T extends SelectableStateMachine>(
  machines: readonly T[],
  selector?: string,
): T {
  const found = selectStateMachines(machines, selector);
  if (found.length === 1) return found[0];
  throw new Error(
    selector === undefined
      ? `the assembly has ${machines.length} state machines (${describe(machines)}): pick one with --state-machine (a construct path, construct id, name or ARN)`
      : `${selector} names ${found.length} state machines (${describe(found)}): pick one by construct path or ARN`,
  );
}

function describe(machines: readonly SelectableStateMachine[]): string {
  return machines.length === 0 ? 'none' : machines.map((m) => m.name).join(', ');
}
