/**
 * TestState's `mock.fieldValidationMode`: a mocked Task result is checked against the response
 * shape of the API the Task calls. STRICT (the default) requires the API's required fields and
 * checks the type of every field it knows; PRESENT checks only the fields present; NONE checks
 * nothing. Fields the API does not have are accepted (as AWS accepts them).
 *
 * Shapes are known for the integrations this project uses: Lambda invoke, SNS publish, DynamoDB
 * getItem / putItem / updateItem / deleteItem, SQS sendMessage. None of their response fields is
 * required in the APIs' models, so for them STRICT checks what PRESENT checks. Any other resource
 * has no shape here: STRICT is treated as PRESENT there, and with no shape nothing is checked.
 * Messages are AWS's: `Mock result schema validation error: Field 'StatusCode' must be a number`.
 */
import { isObject } from './json';
import type { TaskResource } from './model/resource';

type Shape =
  | { kind: 'string' | 'number' | 'boolean' | 'any' }
  | { kind: 'list'; member: Shape }
  | { kind: 'map'; value: Shape }
  | { kind: 'structure'; fields: Record<string, Shape>; required?: readonly string[] }
  /** A DynamoDB AttributeValue: an object with one of S, N, B, SS, NS, BS, M, L, NULL, BOOL. */
  | { kind: 'attribute' };

const string: Shape = { kind: 'string' };
const number: Shape = { kind: 'number' };
const any: Shape = { kind: 'any' };
const structure = (fields: Record<string, Shape>, required: readonly string[] = []): Shape => ({
  kind: 'structure',
  fields,
  required,
});
const attributeMap: Shape = { kind: 'map', value: { kind: 'attribute' } };

const consumedCapacity = structure({
  TableName: string,
  CapacityUnits: number,
  ReadCapacityUnits: number,
  WriteCapacityUnits: number,
  Table: any,
  LocalSecondaryIndexes: any,
  GlobalSecondaryIndexes: any,
});
const itemCollectionMetrics = structure({
  ItemCollectionKey: attributeMap,
  SizeEstimateRangeGB: { kind: 'list', member: number },
});
const writeOutput = structure({
  Attributes: attributeMap,
  ConsumedCapacity: consumedCapacity,
  ItemCollectionMetrics: itemCollectionMetrics,
});

/** Response shapes by `<service>:<action>` (the optimized and the AWS SDK integration alike). */
const SHAPES: Record<string, Shape> = {
  'lambda:invoke': structure({
    ExecutedVersion: string,
    FunctionError: string,
    LogResult: string,
    Payload: any,
    StatusCode: number,
  }),
  'sns:publish': structure({ MessageId: string, SequenceNumber: string }),
  'dynamodb:getItem': structure({ Item: attributeMap, ConsumedCapacity: consumedCapacity }),
  'dynamodb:putItem': writeOutput,
  'dynamodb:updateItem': writeOutput,
  'dynamodb:deleteItem': writeOutput,
  'sqs:sendMessage': structure({
    MD5OfMessageBody: string,
    MD5OfMessageAttributes: string,
    MD5OfMessageSystemAttributes: string,
    MessageId: string,
    SequenceNumber: string,
  }),
};

export type FieldValidationMode = 'STRICT' | 'PRESENT' | 'NONE';

/** The response shape of a Task's Resource, when this project knows it. */
function shapeOf(resource: TaskResource): Shape | undefined {
  if (resource.kind !== 'service' || resource.pattern === 'sync' || resource.pattern === 'sync:2')
    return undefined;
  return SHAPES[`${resource.service}:${resource.action}`];
}

const ATTRIBUTE_TYPES: Record<string, Shape> = {
  S: string,
  N: string,
  B: string,
  BOOL: { kind: 'boolean' },
  NULL: { kind: 'boolean' },
  SS: { kind: 'list', member: string },
  NS: { kind: 'list', member: string },
  BS: { kind: 'list', member: string },
  L: { kind: 'list', member: { kind: 'attribute' } },
  M: attributeMap,
};

/** The first problem with `value` against `shape` (`field` names it), or undefined. */
function check(value: unknown, shape: Shape, field: string, strict: boolean): string | undefined {
  switch (shape.kind) {
    case 'any':
      return undefined;
    case 'string':
    case 'number':
    case 'boolean':
      return typeof value === shape.kind ? undefined : `Field '${field}' must be a ${shape.kind}`;
    case 'list':
      if (!Array.isArray(value)) return `Field '${field}' must be an array`;
      for (const item of value) {
        const problem = check(item, shape.member, field, strict);
        if (problem) return problem;
      }
      return undefined;
    case 'map':
      if (!isObject(value)) return `Field '${field}' must be an object`;
      for (const [key, item] of Object.entries(value)) {
        const problem = check(item, shape.value, key, strict);
        if (problem) return problem;
      }
      return undefined;
    case 'attribute': {
      if (!isObject(value)) return `Field '${field}' must be an object`;
      const types = Object.keys(value);
      if (types.length !== 1 || !(types[0] in ATTRIBUTE_TYPES))
        return `Field '${field}' is not an expected value`;
      return check(value[types[0]], ATTRIBUTE_TYPES[types[0]], types[0], strict);
    }
    case 'structure': {
      if (!isObject(value)) return `Field '${field}' must be an object`;
      if (strict) {
        const missing = (shape.required ?? []).find((name) => value[name] === undefined);
        if (missing) return `Required field '${missing}' is missing`;
      }
      for (const [name, fieldShape] of Object.entries(shape.fields)) {
        if (value[name] === undefined) continue;
        const problem = check(value[name], fieldShape, name, strict);
        if (problem) return problem;
      }
      return undefined;
    }
  }
}

/** AWS's ValidationException message for a mocked result that does not fit, or undefined. */
export function mockResultProblem(
  resource: TaskResource,
  result: unknown,
  mode: FieldValidationMode,
): string | undefined {
  if (mode === 'NONE') return undefined;
  const shape = shapeOf(resource);
  if (!shape) return undefined;
  const problem = isObject(result)
    ? check(result, shape, 'result', mode === 'STRICT')
    : 'The mocked result must be a JSON object';
  return problem ? `Mock result schema validation error: ${problem}` : undefined;
}
