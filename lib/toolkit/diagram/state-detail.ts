/**
 * The one short line under a state's name: the Task's service call, the Wait's time, the Fail's
 * error, a Map's items, a Parallel's branches; the type itself for the others.
 */
import type { State, StateOfType } from '../asl/model';
import { resourceLabel } from './resource-label';

export function detailOf(state: State): string {
  switch (state.Type) {
    case 'Task':
      return resourceLabel(state.Resource);
    case 'Wait':
      return waitDetail(state);
    case 'Fail': {
      const error = state.Error ?? ('ErrorPath' in state ? state.ErrorPath : undefined);
      return error !== undefined ? `Fail · ${String(error)}` : 'Fail';
    }
    case 'Map': {
      const items = state.language === 'JSONPath' ? state.ItemsPath : state.Items;
      const concurrency =
        typeof state.MaxConcurrency === 'number' ? `, ${state.MaxConcurrency} at a time` : '';
      return `Map · ${typeof items === 'string' ? `each of ${items}` : 'each item'}${concurrency}`;
    }
    case 'Parallel': {
      const n = state.Branches.length;
      return `Parallel · ${n} branch${n === 1 ? '' : 'es'}`;
    }
    case 'Choice':
    case 'Pass':
    case 'Succeed':
      return state.Type;
  }
}

/** Seconds, a path to them, or a timestamp (or a path to one). */
function waitDetail(state: StateOfType<'Wait'>): string {
  if (state.Seconds !== undefined) return `Wait ${String(state.Seconds)} s`;
  if ('SecondsPath' in state && state.SecondsPath !== undefined) return `Wait ${state.SecondsPath} seconds`;
  const until = state.Timestamp ?? ('TimestampPath' in state ? state.TimestampPath : undefined);
  return until !== undefined ? `Wait until ${until}` : 'Wait';
}
