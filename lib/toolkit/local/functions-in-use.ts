import type { LocalFunction } from './lambda/local-function';

/**
 * The functions a state machine's definition names, by ARN or by name: those its tasks invoke
 * (what `run` starts ahead, lambda/function-runner.ts prewarm). A name that merely appears in the
 * definition starts a function needlessly, never the reverse: a function named only at run time
 * (from the input, say) starts at its first invocation, as every function otherwise does.
 */
export function functionsInUse(
  machine: { readonly definition: unknown },
  functions: readonly LocalFunction[],
): LocalFunction[] {
  const text = JSON.stringify(machine.definition);
  return functions.filter((fn) => text.includes(fn.arn) || text.includes(fn.name));
}
