import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { TaskFailure, TaskInvocation } from '../../asl/engine';
import type { ServiceIntegrationResource } from '../../asl/model';

/** The optimized integration: four actions, answered with the SDK's HTTP metadata added. */
const OPTIMIZED_ACTIONS: ReadonlySet<string> = new Set(['getItem', 'putItem', 'updateItem', 'deleteItem']);
/** The AWS SDK integration: any action (an API name in camel case), answered with the plain response. */
const SDK_ACTION = /^[a-z][A-Za-z0-9]*$/;

/** Whether a `dynamodb` (or `aws-sdk:dynamodb`) resource names an action served here. */
export function isDynamoDbAction(resource: ServiceIntegrationResource): boolean {
  return resource.sdk ? SDK_ACTION.test(resource.action) : OPTIMIZED_ACTIONS.has(resource.action);
}

/**
 * Both integrations name errors `<service>.<exception>`, but differently: the optimized one after
 * the Java SDK v1 (`DynamoDB.`, unmodeled codes such as ValidationException become
 * AmazonDynamoDBException), the AWS SDK one after the Java SDK v2 (`DynamoDb.`, DynamoDbException).
 * The causes are those SDKs' exception messages.
 */
const FLAVOURS = {
  optimized: {
    prefix: 'DynamoDB',
    unmodeled: 'AmazonDynamoDBException',
    cause: (message: string, status: number, code: string, requestId: string) =>
      `${message} (Service: AmazonDynamoDBv2; Status Code: ${status}; Error Code: ${code}; Request ID: ${requestId}; Proxy: null)`,
  },
  sdk: {
    prefix: 'DynamoDb',
    unmodeled: 'DynamoDbException',
    cause: (message: string, status: number, _code: string, requestId: string) =>
      `${message} (Service: DynamoDb, Status Code: ${status}, Request ID: ${requestId})`,
  },
};

/**
 * Serves a DynamoDB Task against the local DynamoDB: the state's Parameters are the API request
 * (DynamoDB JSON, binary values as base64) and the result is what Step Functions returns.
 */
export async function callDynamoDb(
  client: DynamoDBClient | undefined,
  task: TaskInvocation,
  resource: ServiceIntegrationResource,
): Promise<unknown> {
  if (resource.service !== 'dynamodb' || !isDynamoDbAction(resource)) {
    throw new Error(`not a DynamoDB resource: ${resource.arn}`);
  }
  const { action } = resource;
  const optimized = !resource.sdk;
  if (!client) {
    throw new TaskFailure(
      'States.Runtime',
      `state "${task.stateName}" calls ${task.resource}, but no DynamoDB Local runs for this app: it starts ` +
        'with the app when the app has DynamoDB tables (Java 17+ needed), or give startLocal a ' +
        'dynamodb.endpoint (order-workflow start --dynamodb-endpoint). Or mock the state (--mock-config).',
    );
  }
  const sdk = (await import('@aws-sdk/client-dynamodb')) as unknown as Record<string, unknown>;
  const Command = sdk[`${action[0].toUpperCase()}${action.slice(1)}Command`] as
    (new (input: unknown) => Parameters<DynamoDBClient['send']>[0]) | undefined;
  if (typeof Command !== 'function') {
    throw new TaskFailure('States.Runtime', `state "${task.stateName}": DynamoDB has no action ${action}`);
  }
  const flavour = optimized ? FLAVOURS.optimized : FLAVOURS.sdk;
  const command = new Command(toSdk(task.input ?? {}));
  let headers: Record<string, string> = {};
  command.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      headers = (result.response as { headers?: Record<string, string> }).headers ?? {};
      return result;
    },
    { step: 'deserialize', name: 'stepFunctionsHttpHeaders' },
  );
  let response: Record<string, unknown>;
  try {
    response = (await client.send(command, { abortSignal: task.signal })) as unknown as Record<
      string,
      unknown
    >;
  } catch (error) {
    throw failure(error, flavour, sdk.DynamoDBServiceException as new () => Error, task.signal);
  }
  const { $metadata, ...output } = response as { $metadata: { requestId?: string } };
  const result = fromSdk(output) as Record<string, unknown>;
  if (!optimized) return result;
  return { ...result, ...httpMetadata(headers, $metadata.requestId ?? '') };
}

function failure(
  error: unknown,
  flavour: (typeof FLAVOURS)['optimized'],
  serviceException: new () => Error,
  signal: AbortSignal,
) {
  if (signal.aborted || !(error instanceof Error)) return error;
  const metadata = (error as { $metadata?: { httpStatusCode?: number; requestId?: string } }).$metadata;
  if (!(error instanceof serviceException) || !metadata?.httpStatusCode) {
    // No answer from DynamoDB Local: what the Java SDKs call a client exception.
    return new TaskFailure(
      `${flavour.prefix}.SdkClientException`,
      `Unable to execute HTTP request: ${error.message}`,
    );
  }
  // A modeled exception has a class of its own; any other code comes as the service's base class.
  const modeled = Object.getPrototypeOf(error) !== serviceException.prototype;
  const name = modeled ? error.name.replace(/(?<!Exception)$/, 'Exception') : flavour.unmodeled;
  const cause = flavour.cause(error.message, metadata.httpStatusCode, error.name, metadata.requestId ?? '');
  return new TaskFailure(`${flavour.prefix}.${name}`, cause);
}

/** The HTTP headers the optimized integration reports, spelled as AWS's responses spell them. */
const REPORTED_HEADERS: Record<string, string> = {
  connection: 'Connection',
  'content-length': 'Content-Length',
  'content-type': 'Content-Type',
  date: 'Date',
  server: 'Server',
  'x-amz-crc32': 'x-amz-crc32',
  'x-amzn-requestid': 'x-amzn-RequestId',
};

function httpMetadata(headers: Record<string, string>, requestId: string) {
  const reported: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const spelled = REPORTED_HEADERS[name.toLowerCase()];
    if (spelled) reported[spelled] = value;
  }
  return {
    SdkHttpMetadata: {
      AllHttpHeaders: Object.fromEntries(Object.entries(reported).map(([k, v]) => [k, [v]])),
      HttpHeaders: reported,
      HttpStatusCode: 200,
    },
    SdkResponseMetadata: { RequestId: requestId },
  };
}

/** Step Functions passes binary attribute values as base64 text; the SDK wants bytes. */
function toSdk(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toSdk);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  if (entries.length === 1) {
    const [[type, inner]] = entries;
    if (type === 'B' && typeof inner === 'string') return { B: Buffer.from(inner, 'base64') };
    if (type === 'BS' && Array.isArray(inner) && inner.every((b) => typeof b === 'string')) {
      return { BS: inner.map((b: string) => Buffer.from(b, 'base64')) };
    }
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, toSdk(v)]));
}

/** The SDK's bytes and dates back to JSON as Step Functions writes them: base64, ISO 8601. */
function fromSdk(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(fromSdk);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromSdk(v)]));
}
