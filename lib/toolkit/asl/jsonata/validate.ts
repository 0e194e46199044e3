/**
 * Definition-time checks of a JSONata state's expressions, as CreateStateMachine makes them: every
 * `{% %}` string must parse under JSONata 2.0.6 (`INVALID_JSONATA_EXPRESSION: <parser message>`,
 * so `??` and `?:` are refused as on AWS), and must not read the context item at its top level,
 * which Step Functions leaves empty (`UNSUPPORTED_JSONATA_EXPRESSION: Reference to 'x' at the top
 * level is not supported.`): data comes from `$states` and variables.
 */
import { isObject } from '../json';
import { compile, expressionText, isExpression } from './expression';

export interface JsonataProblem {
  readonly code: 'INVALID_JSONATA_EXPRESSION' | 'UNSUPPORTED_JSONATA_EXPRESSION';
  readonly message: string;
  readonly path: string;
}

/** Parts of an expression evaluated against something other than the top-level context item. */
const RELATIVE = new Set(['stages', 'predicate', 'group', 'terms', 'update', 'delete', 'body']);

/** Names read from the (empty) top-level context item: `foo`, `$`, `$$`. */
function topLevelReferences(node: unknown, top: boolean, found: Set<string>): void {
  if (Array.isArray(node)) {
    for (const item of node) topLevelReferences(item, top, found);
    return;
  }
  if (!isObject(node)) return;
  if (node.type === 'variable' && (node.value === '' || node.value === '$') && top) {
    found.add(node.value === '' ? '$' : '$$');
  }
  if (node.type === 'path' && Array.isArray(node.steps)) {
    const [first, ...rest] = node.steps as unknown[];
    if (isObject(first) && first.type === 'name' && top) found.add(String(first.value));
    topLevelReferences(first, top, found);
    topLevelReferences(rest, false, found);
    for (const [key, value] of Object.entries(node)) {
      if (key !== 'steps') topLevelReferences(value, false, found);
    }
    return;
  }
  for (const [key, value] of Object.entries(node)) {
    if (typeof value === 'object') topLevelReferences(value, top && !RELATIVE.has(key), found);
  }
}

/** Problems of one expression string found at `path` (e.g. `/States/A/Output/v`). */
export function checkExpression(value: string, path: string): JsonataProblem[] {
  let ast: unknown;
  try {
    ast = compile(expressionText(value)).ast();
  } catch (error) {
    const message = (error as { message?: string }).message ?? String(error);
    return [{ code: 'INVALID_JSONATA_EXPRESSION', message, path }];
  }
  const found = new Set<string>();
  topLevelReferences(ast, true, found);
  return [...found].map((name) => ({
    code: 'UNSUPPORTED_JSONATA_EXPRESSION' as const,
    message: `Reference to '${name}' at the top level is not supported.`,
    path,
  }));
}

/** Every `{% %}` string in a field's value, at any depth. */
export function checkJsonataField(value: unknown, path: string): JsonataProblem[] {
  if (isExpression(value)) return checkExpression(value, path);
  if (Array.isArray(value)) return value.flatMap((item, i) => checkJsonataField(item, `${path}[${i}]`));
  if (!isObject(value)) return [];
  return Object.entries(value).flatMap(([key, item]) => checkJsonataField(item, `${path}/${key}`));
}
