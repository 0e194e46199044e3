/**
 * Variables (`Assign`; read as `$name` in both query languages). A Map iteration or Parallel branch reads
 * the variables of its enclosing scope, but what it assigns stays inside it: hence a chain of scopes.
 */
export class VariableScope {
  private readonly values = new Map<string, unknown>();

  constructor(private readonly parent?: VariableScope) {}

  lookup(name: string): { found: true; value: unknown } | { found: false } {
    if (this.values.has(name)) return { found: true, value: this.values.get(name) };
    return this.parent ? this.parent.lookup(name) : { found: false };
  }

  /** Assigns all at once: the values were all computed from the variables as they were before. */
  assign(values: Record<string, unknown>): void {
    for (const [name, value] of Object.entries(values)) this.values.set(name, value);
  }

  /** Every variable visible here (inner scopes shadow outer ones): JSONata binds them as `$name`. */
  all(): Record<string, unknown> {
    const outer = this.parent ? this.parent.all() : {};
    return { ...outer, ...Object.fromEntries(this.values) };
  }

  child(): VariableScope {
    return new VariableScope(this);
  }
}
