/**
 * Reading data the JSONPath way: a path (`$...` the state's data, `$$...` the context object,
 * `$name...` a variable), an intrinsic function call, or a payload template (Parameters,
 * ResultSelector, ItemSelector, Assign) whose `key.$` fields take one of those two.
 */
import { runtimeError } from './errors';
import { evaluateIntrinsic } from './intrinsic-functions';
import { looksLikeIntrinsic } from './intrinsic-parser';
import { evaluateSegments, JsonPathSyntaxError, parsePath, ParsedPath, PathResult } from './json-path';
import { isObject, JsonObject } from './json';
import { VariableScope } from './variables';

/** What `$`, `$$` and `$name` denote while a field is evaluated. */
export interface DataScope {
  readonly data: unknown;
  readonly context: unknown;
  readonly variables: VariableScope;
  readonly random: () => number;
}

function parseOrFail(text: string): ParsedPath {
  try {
    return parsePath(text);
  } catch (error) {
    if (error instanceof JsonPathSyntaxError) throw runtimeError(error.message);
    throw error;
  }
}

/** Evaluates a path against the scope; a missing value is reported, not thrown. */
export function resolvePath(path: string | ParsedPath, scope: DataScope): PathResult {
  const parsed = typeof path === 'string' ? parseOrFail(path) : path;
  switch (parsed.root.kind) {
    case 'data':
      return evaluateSegments(parsed, scope.data);
    case 'context':
      return evaluateSegments(parsed, scope.context);
    case 'variable': {
      const variable = scope.variables.lookup(parsed.root.name);
      if (!variable.found)
        return { found: false, reason: `The variable '${parsed.root.name}' is not defined` };
      return evaluateSegments(parsed, variable.value);
    }
  }
}

/** A path that must denote a value (InputPath, OutputPath, ItemsPath, ...): States.Runtime if not. */
export function requirePath(path: string, scope: DataScope): unknown {
  const result = resolvePath(path, scope);
  if (!result.found) throw runtimeError(`Invalid path '${path}' : ${result.reason}`);
  return result.value;
}

/** The value of a `key.$` field, or of a `*Path` field that may hold an intrinsic function. */
export function evaluateDynamic(expression: unknown, scope: DataScope, field: string): unknown {
  if (typeof expression !== 'string') {
    throw runtimeError(
      `The value for the field '${field}' must be a STRING that contains a JSONPath but was ${JSON.stringify(expression)}`,
    );
  }
  if (looksLikeIntrinsic(expression)) {
    return evaluateIntrinsic(expression, {
      random: scope.random,
      resolvePath: (path) => {
        const result = resolvePath(path, scope);
        if (!result.found) {
          throw runtimeError(
            `The JsonPath argument for the field '${path.text}' could not be found in the input '${JSON.stringify(scope.data)}'`,
          );
        }
        return result.value;
      },
    });
  }
  const result = resolvePath(expression, scope);
  if (!result.found) {
    throw runtimeError(
      `The JSONPath '${expression}' specified for the field '${field}' could not be found in the input '${JSON.stringify(scope.data)}'`,
    );
  }
  return result.value;
}

/** Evaluates a payload template: `key.$` fields are replaced by what they denote, the rest copied. */
export function evaluateTemplate(template: unknown, scope: DataScope): unknown {
  if (Array.isArray(template)) return template.map((item) => evaluateTemplate(item, scope));
  if (!isObject(template)) return template;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(template)) {
    if (key.endsWith('.$')) out[key.slice(0, -2)] = evaluateDynamic(value, scope, key);
    else out[key] = evaluateTemplate(value, scope);
  }
  return out;
}
