import type { LocalFunction } from './lambda/function-runner';

/** Thrown when a FunctionName names no function of the app. */
export class FunctionNotFoundError extends Error {
  constructor(public readonly reference: string) {
    super(`Function not found: ${reference}`);
    this.name = 'ResourceNotFoundException';
  }
}

/**
 * The app's functions, found by any form Lambda accepts for FunctionName: a name, a full or
 * partial ARN (`123456789012:function:name`), each with an optional `:qualifier`.
 */
export class FunctionRegistry {
  private readonly byName = new Map<string, LocalFunction>();

  constructor(functions: readonly LocalFunction[]) {
    for (const fn of functions) this.byName.set(fn.name, fn);
  }

  find(reference: string): LocalFunction {
    const fn = this.byName.get(functionNameOf(reference));
    if (!fn) throw new FunctionNotFoundError(reference);
    return fn;
  }

  has(reference: string): boolean {
    return this.byName.has(functionNameOf(reference));
  }

  list(): LocalFunction[] {
    return [...this.byName.values()];
  }
}

/** `arn:aws:lambda:r:a:function:name:qualifier`, `a:function:name`, `name:qualifier` → `name`. */
export function functionNameOf(reference: string): string {
  const parts = reference.split(':');
  const at = parts.indexOf('function');
  if (at >= 0) return parts[at + 1] ?? '';
  return parts[0];
}
