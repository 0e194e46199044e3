/**
 * Fields some state types have and the others lack, read from any state: for the tools that walk
 * a machine's graph (the cost advisor, the diagram) rather than run one state.
 */
import type { Catcher, Retrier, State, StateMachine, TaskState } from './state-machine';

/** The state's Next, if it has one (Choice, Succeed and Fail have none). */
export function nextOf(state: State): string | undefined {
  return 'Next' in state ? state.Next : undefined;
}

/** Task, Parallel and Map catch errors (with perhaps no catchers); the other states cannot. */
export function catchersOf(state: State): readonly Catcher[] {
  return 'Catch' in state ? state.Catch : [];
}

/** Task, Parallel and Map retry (with perhaps no retriers); the other states cannot. */
export function retriersOf(state: State): readonly Retrier[] {
  return 'Retry' in state ? state.Retry : [];
}

/** The machines a state holds: a Parallel's branches, a Map's item processor; none for the others. */
export function childMachines(state: State): readonly StateMachine[] {
  if (state.Type === 'Parallel') return state.Branches;
  if (state.Type === 'Map') return [state.ItemProcessor];
  return [];
}

/** A task's request as written: its Parameters (JSONPath) or Arguments (JSONata). */
export function taskArguments(task: TaskState): unknown {
  return task.language === 'JSONPath' ? task.Parameters : task.Arguments;
}
