import type { IncomingMessage } from 'node:http';
import { FunctionNotFoundError, FunctionRegistry } from '../local/function-registry';
import type { FunctionRunner } from '../local/lambda/function-runner';
import { errorDocument } from '../local/lambda/local-function';

export interface HttpReply {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

/** `POST /2015-03-31/functions/{FunctionName}/invocations`, as the Lambda API (restJson1) answers it. */
export function matchInvoke(path: string): string | undefined {
  const match = INVOKE_PATH.exec(path);
  if (!match) return undefined;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    // Malformed percent-encoding (`%E0%A4%A`) names no function: ResourceNotFound, not a 500.
    return match[1];
  }
}

export async function invokeFunction(
  deps: { functions: FunctionRegistry; runner: FunctionRunner },
  functionName: string,
  request: IncomingMessage,
  body: string,
): Promise<HttpReply> {
  let fn;
  try {
    fn = deps.functions.find(functionName);
  } catch (error) {
    if (!(error instanceof FunctionNotFoundError)) throw error;
    return lambdaError(404, 'ResourceNotFoundException', `Function not found: ${functionName}`);
  }
  let event: unknown = {};
  if (body.length > 0) {
    try {
      event = JSON.parse(body);
    } catch {
      return lambdaError(400, 'InvalidRequestContentException', 'Could not parse request body into json');
    }
  }
  const invocationType = String(request.headers['x-amz-invocation-type'] ?? 'RequestResponse');
  const headers = { 'Content-Type': 'application/json', 'X-Amz-Executed-Version': '$LATEST' };
  if (invocationType === 'DryRun') return { status: 204, headers, body: '' };
  if (invocationType === 'Event') {
    // Asynchronous invocation: accepted now, run in the background; errors go to its logs.
    void deps.runner.invoke(fn, event).catch(() => undefined);
    return { status: 202, headers, body: '' };
  }
  const result = await deps.runner.invoke(fn, event);
  if (result.ok) return { status: 200, headers, body: JSON.stringify(result.payload ?? null) };
  return {
    status: 200,
    headers: { ...headers, 'X-Amz-Function-Error': 'Unhandled' },
    body: JSON.stringify(errorDocument(result)),
  };
}

function lambdaError(status: number, type: string, message: string): HttpReply {
  return {
    status,
    headers: { 'Content-Type': 'application/json', 'x-amzn-ErrorType': type },
    body: JSON.stringify({ Type: 'User', message, __type: type }),
  };
}
