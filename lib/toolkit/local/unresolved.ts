/**
 * A value the template resolver could not resolve locally, kept in place as a marker string so
 * that the rest of the value (a state machine's definition, a function's environment) still
 * resolves, and whatever uses the marker fails then, naming the intrinsic and where it is.
 *
 * The marker is plain text without quotes or backslashes: it survives inside a JSON string of a
 * definition being assembled by `Fn::Join`.
 */
/** Thrown when a template uses an intrinsic the resolver cannot turn into a value. */
export class TemplateResolutionError extends Error {
  constructor(message: string, where: string) {
    super(`${message} (at ${where || 'template root'})`);
    this.name = 'TemplateResolutionError';
  }
}

const OPEN = '⟦unresolved: ';
const CLOSE = '⟧';
const MARKER = /⟦unresolved: ([^⟧]*)⟧/;

export function unresolvedMarker(reason: string): string {
  // Quotes, backslashes and control characters would end or break the JSON string it sits in.
  const safe = [...reason].map((c) => (c < ' ' || c === '"' || c === '\\' || c === '⟧' ? "'" : c)).join('');
  return `${OPEN}${safe}${CLOSE}`;
}

/** The reason of the first marker in a value (searched through strings, arrays and objects). */
export function unresolvedIn(value: unknown): string | undefined {
  if (typeof value === 'string') return MARKER.exec(value)?.[1];
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = unresolvedIn(item);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') return unresolvedIn(Object.values(value));
  return undefined;
}

/** Says why a value cannot be used locally. */
export function unresolvedMessage(reason: string): string {
  return `a value this uses cannot be resolved locally: ${reason}`;
}
