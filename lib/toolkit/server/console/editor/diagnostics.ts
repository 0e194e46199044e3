/**
 * ValidateStateMachineDefinition's diagnostics placed on the states they concern, by their
 * `location` (`/States/Pay/Next`): the diagram marks those states, the form lists their problems.
 */
import { allStates, JsonObject, stateOfLocation } from './states';

export interface Diagnostic {
  readonly severity: 'ERROR' | 'WARNING';
  readonly code: string;
  readonly message: string;
  readonly location?: string;
}

export interface PlacedDiagnostics {
  /** State path → its diagnostics. */
  readonly byState: Map<string, Diagnostic[]>;
  /** Those about the definition as a whole (StartAt, bad JSON, a field of no state). */
  readonly general: Diagnostic[];
}

export function placeDiagnostics(
  definition: JsonObject | undefined,
  diagnostics: readonly Diagnostic[],
): PlacedDiagnostics {
  const states = definition ? allStates(definition) : [];
  const byState = new Map<string, Diagnostic[]>();
  const general: Diagnostic[] = [];
  for (const diagnostic of diagnostics) {
    const path = stateOfLocation(states, diagnostic.location);
    if (path === undefined) general.push(diagnostic);
    else byState.set(path, [...(byState.get(path) ?? []), diagnostic]);
  }
  return { byState, general };
}

/** True when the definition may run: no ERROR (warnings do not stop a run, as on AWS). */
export function runnable(diagnostics: readonly Diagnostic[]): boolean {
  return !diagnostics.some((d) => d.severity === 'ERROR');
}
