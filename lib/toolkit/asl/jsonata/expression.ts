/**
 * JSONata in Step Functions: a string field is an expression when it is `{% ... %}` (no white space
 * outside the delimiters); it is evaluated with no context item, `$states` (input, context, and
 * result or errorOutput where the field allows), the workflow variables as `$name`, and AWS's own
 * functions. The library is jsonata 2.0.6, the specification AWS implements (no `??` or `?:`).
 *
 * What an expression gives must be JSON: nothing (undefined) and a function are
 * States.QueryEvaluationError, and so is any error the expression throws, with AWS's causes
 * (`The JSONata expression '<expr>' specified for the field '<field>' returned nothing
 * (undefined).`, `... threw an error during evaluation. <CODE>: <message>`).
 */
import jsonata from 'jsonata';
import { QUERY_EVALUATION_ERROR, StatesError } from '../errors';
import { isObject, JsonObject } from '../json';
import { VariableScope } from '../variables';
import { stepFunctionsFunctions } from './functions';

/** What `$states` and the variables mean while a state's fields are evaluated. */
export interface JsonataScope {
  /** `$states`: input and context always; result or errorOutput where the field allows them. */
  readonly states: JsonObject;
  readonly variables: VariableScope;
  readonly random: () => number;
}

/** Whether a field value is a JSONata expression string. */
export function isExpression(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith('{%') && value.endsWith('%}') && value.length >= 4;
}

/** The expression inside `{% %}`, as AWS quotes it in causes. */
export function expressionText(value: string): string {
  return value.slice(2, -2).trim();
}

const compiled = new Map<string, jsonata.Expression>();

/** Parses an expression (cached); throws the library's error (code S0xxx) when it does not parse. */
export function compile(text: string): jsonata.Expression {
  let expression = compiled.get(text);
  if (!expression) {
    expression = jsonata(text);
    if (compiled.size > 5000) compiled.clear();
    compiled.set(text, expression);
  }
  return expression;
}

/** A States.QueryEvaluationError raised by a field: gets AWS's state prefix, and an EvaluationFailed event. */
export function queryEvaluationError(detail: string, location?: string): StatesError {
  return new StatesError(QUERY_EVALUATION_ERROR, detail, true, { location });
}

function jsonataTypeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** Plain JSON from a JSONata value: sequences become arrays, functions and undefined vanish inside. */
function toJson(value: unknown): unknown {
  const text = JSON.stringify(value);
  return text === undefined ? undefined : JSON.parse(text);
}

function causeOf(error: unknown): string {
  const e = error as { code?: unknown; message?: unknown };
  const message = typeof e?.message === 'string' ? e.message : String(error);
  return typeof e?.code === 'string' ? `. ${e.code}: ${message}` : `: ${message}`;
}

/** Evaluates one `{% %}` string of field `field` (e.g. `Output/result`); the value is JSON. */
export async function evaluateExpression(
  value: string,
  field: string,
  scope: JsonataScope,
): Promise<unknown> {
  const text = expressionText(value);
  const head = `The JSONata expression '${text}' specified for the field '${field}'`;
  let result: unknown;
  try {
    const bindings: Record<string, unknown> = {
      ...scope.variables.all(),
      ...stepFunctionsFunctions(scope.random),
      states: scope.states,
    };
    result = await compile(text).evaluate(undefined, bindings);
  } catch (error) {
    if (error instanceof StatesError) throw error;
    throw queryEvaluationError(`${head} threw an error during evaluation${causeOf(error)}`, field);
  }
  if (result === undefined) throw queryEvaluationError(`${head} returned nothing (undefined).`, field);
  if (typeof result === 'function' || (isObject(result) && result._jsonata_lambda === true)) {
    throw queryEvaluationError(`${head} returned an unsupported result type.`, field);
  }
  return toJson(result);
}

/**
 * Evaluates a field that may be a JSON template (Arguments, Output, Assign, Items, ItemSelector):
 * every `{% %}` string in it, at any depth, is replaced by its value; the rest is copied.
 */
export async function evaluateTemplate(
  template: unknown,
  field: string,
  scope: JsonataScope,
): Promise<unknown> {
  if (isExpression(template)) return evaluateExpression(template, field, scope);
  if (Array.isArray(template)) {
    const out: unknown[] = [];
    for (let i = 0; i < template.length; i++)
      out.push(await evaluateTemplate(template[i], `${field}[${i}]`, scope));
    return out;
  }
  if (!isObject(template)) return template;
  const out: JsonObject = {};
  for (const [key, item] of Object.entries(template))
    out[key] = await evaluateTemplate(item, `${field}/${key}`, scope);
  return out;
}

/**
 * A field that must give a value of one type (Items an array, Condition a boolean, Seconds an
 * integer): AWS's wording for a value of another type.
 */
export function unexpectedType(
  value: string | unknown,
  field: string,
  expected: string,
  actual: unknown,
): StatesError {
  const shown = isExpression(value) ? `The JSONata expression '${expressionText(value)}'` : `The value`;
  return queryEvaluationError(
    `${shown} specified for the field '${field}' returned an unexpected result type. Expected '${expected}', but was '${jsonataTypeName(actual)}' for value: ${JSON.stringify(actual)}`,
    field,
  );
}
