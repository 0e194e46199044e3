/**
 * ValidateStateMachineDefinition: a definition's problems, as the engine's parser finds them
 * (lib/toolkit/asl/validate.ts), in AWS's result shape: `{ result: OK | FAIL, diagnostics:
 * [{ severity, code, message, location }], truncated }`. Unlike CreateStateMachine, bad JSON is a
 * diagnostic (INVALID_JSON_DESCRIPTION), not an error. Shapes and messages follow AWS's recorded
 * answers (LocalStack's test_sfn_api_validation snapshot).
 */
import type { Engine } from '../asl/engine';
import { isObject } from '../asl/json';
import { enumError } from './request-rules';
import { stepFunctionsErrors } from './step-functions-errors';

export type DiagnosticSeverity = 'ERROR' | 'WARNING';

export interface ValidationDiagnostic {
  readonly severity: DiagnosticSeverity;
  readonly code: string;
  readonly message: string;
  /** A JSON pointer into the definition (`/States/Pay/Next`), or Jackson's position for bad JSON. */
  readonly location?: string;
}

export interface ValidationRequest {
  /** The definition as JSON text, as the API carries it. */
  readonly definition: string;
  /** @default 'STANDARD' */
  readonly type?: string;
  /** The least severity reported: ERROR reports errors only, WARNING both. @default 'ERROR' */
  readonly severity?: string;
  /** At most this many diagnostics (1–100; 0 means the default). @default 100 */
  readonly maxResults?: number;
}

export interface ValidationResult {
  readonly result: 'OK' | 'FAIL';
  readonly diagnostics: ValidationDiagnostic[];
  readonly truncated: boolean;
}

const MAX_RESULTS = 100;
const SEVERITIES = ['ERROR', 'WARNING'];
const TYPES = ['STANDARD', 'EXPRESS'];

export function validateStateMachineDefinition(request: ValidationRequest, engine: Engine): ValidationResult {
  const { type, severity, maxResults } = requireOptions(request);
  const all = diagnosticsOf(request.definition, type, engine);
  const reported = all.filter((d) => severity === 'WARNING' || d.severity === 'ERROR');
  return {
    result: all.some((d) => d.severity === 'ERROR') ? 'FAIL' : 'OK',
    diagnostics: reported.slice(0, maxResults),
    truncated: reported.length > maxResults,
  };
}

function requireOptions(request: ValidationRequest) {
  const type = request.type ?? 'STANDARD';
  if (!TYPES.includes(type)) throw enumError('type', type, TYPES);
  const severity = request.severity ?? 'ERROR';
  if (!SEVERITIES.includes(severity)) throw enumError('severity', severity, SEVERITIES);
  const max = request.maxResults ?? 0;
  if (!Number.isInteger(max) || max < 0 || max > MAX_RESULTS) {
    throw stepFunctionsErrors.validation(
      `1 validation error detected: Value '${max}' at 'maxResults' failed to satisfy constraint: ` +
        (max < 0
          ? 'Member must have value greater than or equal to 0'
          : `Member must have value less than or equal to ${MAX_RESULTS}`),
    );
  }
  return { type, severity, maxResults: max === 0 ? MAX_RESULTS : max };
}

function diagnosticsOf(text: string, type: string, engine: Engine): ValidationDiagnostic[] {
  if (text.trim() === '') return [notAnObject()];
  let definition: unknown;
  try {
    definition = JSON.parse(text);
  } catch (error) {
    return [invalidJson(text, error as Error)];
  }
  if (!isObject(definition)) return [notAnObject()];
  const problems = engine.parse(definition).problems.map(diagnosticOfProblem);
  return type === 'EXPRESS' ? [...problems, ...expressProblems(definition)] : problems;
}

const notAnObject = (): ValidationDiagnostic => ({
  severity: 'ERROR',
  code: 'SCHEMA_VALIDATION_FAILED',
  message: 'Definition must be a valid JSON object',
});

/**
 * A parse problem's message is `<CODE>: <message> at <location>` (lib/toolkit/asl/model's
 * DefinitionProblem); AWS's diagnostic carries the three apart.
 */
function diagnosticOfProblem(problem: { path: string; message: string }): ValidationDiagnostic {
  const colon = problem.message.indexOf(': ');
  const code = /^[A-Z_]+$/.test(problem.message.slice(0, colon)) ? problem.message.slice(0, colon) : '';
  let message = code ? problem.message.slice(colon + 2) : problem.message;
  const suffix = ` at ${problem.path}`;
  if (problem.path && message.endsWith(suffix)) message = message.slice(0, -suffix.length);
  return {
    severity: 'ERROR',
    code: code || 'SCHEMA_VALIDATION_FAILED',
    message,
    location: problem.path || undefined,
  };
}

/**
 * JSON AWS cannot read, reported as its parser (Jackson) reports it. A document that starts with
 * a word that is not a JSON literal gets Jackson's exact wording; other faults carry the local
 * parser's message with Jackson's form of the position when the local parser gives one.
 */
function invalidJson(text: string, error: Error): ValidationDiagnostic {
  const leading = /^(\s*)([A-Za-z_$][A-Za-z0-9_$]*)/.exec(text);
  if (leading && !['true', 'false', 'null'].includes(leading[2])) {
    const location = jacksonLocation(text, leading[1].length + leading[2].length);
    return {
      severity: 'ERROR',
      code: 'INVALID_JSON_DESCRIPTION',
      location,
      message:
        `Unrecognized token '${leading[2]}': was expecting (JSON String, Number, Array, Object or token ` +
        `'null', 'true' or 'false')\n at ${location}`,
    };
  }
  const position = /at position (\d+)/.exec(error.message);
  const location = position ? jacksonLocation(text, Number(position[1])) : undefined;
  return {
    severity: 'ERROR',
    code: 'INVALID_JSON_DESCRIPTION',
    location,
    message: location ? `${error.message}\n at ${location}` : error.message,
  };
}

/** Jackson's position text: the source (shortened past 500 characters), a 1-based line and column. */
function jacksonLocation(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  const source =
    text.length > 500 ? `${text.slice(0, 500)}"[truncated ${text.length - 500} chars]` : `${text}"`;
  return `[Source: (String)"${source}; line: ${before.length}, column: ${before[before.length - 1].length + 1}]`;
}

/**
 * CreateStateMachine's (and UpdateStateMachine's) refusal of an Express definition that waits for a
 * callback or a job, in InvalidDefinition's `<CODE>: <message> at <location>` form.
 */
export function requireExpressIntegrations(type: string, definition: Record<string, unknown>): void {
  if (type !== 'EXPRESS') return;
  const problems = expressProblems(definition);
  if (problems.length > 0) {
    throw stepFunctionsErrors.invalidDefinition(
      problems.map((p) => `${p.code}: ${p.message} at ${p.location}`).join(', '),
    );
  }
}

/** Express machines cannot wait for a callback (nor, as AWS documents, run a `.sync` job). */
function expressProblems(machine: Record<string, unknown>, path = ''): ValidationDiagnostic[] {
  const states = isObject(machine.States) ? machine.States : {};
  return Object.entries(states).flatMap(([name, state]) => {
    if (!isObject(state)) return [];
    const at = `${path}/States/${name}`;
    const nested = [
      ...(Array.isArray(state.Branches) ? state.Branches : []).map(
        (b, i) => [b, `${at}/Branches[${i}]`] as const,
      ),
      ...[state.ItemProcessor, state.Iterator].map(
        (p, i) => [p, `${at}/${i === 0 ? 'ItemProcessor' : 'Iterator'}`] as const,
      ),
    ].flatMap(([sub, subPath]) => (isObject(sub) ? expressProblems(sub, subPath) : []));
    const pattern =
      typeof state.Resource === 'string' ? /\.(waitForTaskToken|sync)(:\d+)?$/.exec(state.Resource) : null;
    if (!pattern) return nested;
    const suffix = pattern[1] === 'sync' ? '.sync' : '.waitForTaskToken';
    return [
      {
        severity: 'ERROR' as const,
        code: 'SCHEMA_VALIDATION_FAILED',
        message: `Express state machine does not support '${suffix}' service integration `,
        location: `${at}/Resource`,
      },
      ...nested,
    ];
  });
}
