import { randomUUID } from 'node:crypto';
import { SqsError, sqsErrors } from '../local/messaging/sqs-errors';
import type { SqsRecorder } from '../local/messaging/sqs-recorder';
import type { HttpReply } from './lambda-api';
import { escapeXml, queryRequestOf, queryResponse, QUERY_ACTIONS } from './sqs-query';

const JSON_TYPE = 'application/x-amz-json-1.0';

type Operation = (sqs: SqsRecorder, request: Record<string, unknown>) => unknown;

/** What the local SQS serves: sending, and finding a queue's URL by its name. */
const OPERATIONS: Record<string, Operation> = {
  SendMessage: (sqs, request) => sqs.sendMessage(request),
  SendMessageBatch: (sqs, request) => sqs.sendMessageBatch(request),
  GetQueueUrl: (sqs, request) => getQueueUrl(sqs, request),
};

/**
 * SQS's JSON protocol (`X-Amz-Target: AmazonSQS.<Op>`, awsJson1_0), which @aws-sdk/client-sqs and
 * botocore speak today. Errors carry SQS's `__type` and its query code in `x-amzn-query-error`, as
 * SQS sends them, so an SDK raises the same typed exception (QueueDoesNotExist) as on AWS.
 */
export function handleSqsJson(sqs: SqsRecorder, target: string, body: string): HttpReply {
  const operation = target.slice('AmazonSQS.'.length);
  let request: unknown;
  try {
    request = body.length === 0 ? {} : JSON.parse(body);
  } catch {
    return jsonError(400, 'SerializationException', 'The request body is not valid JSON');
  }
  if (request === null || typeof request !== 'object' || Array.isArray(request)) {
    return jsonError(400, 'SerializationException', 'The request body must be a JSON object');
  }
  try {
    const result = serve(sqs, operation, request as Record<string, unknown>);
    return { status: 200, headers: { 'Content-Type': JSON_TYPE }, body: JSON.stringify(result) };
  } catch (error) {
    if (!(error instanceof SqsError)) throw error;
    return jsonError(400, `com.amazonaws.sqs#${error.type}`, error.message, `${error.code};Sender`);
  }
}

/**
 * SQS's query protocol (a form body `Action=SendMessage&QueueUrl=...`, answered in XML), which older
 * SDKs still speak: botocore before its JSON switch (Debian 12's python3-boto3, say) and the AWS SDK
 * for JavaScript v2. `path` is the request's: such clients may send to the queue URL itself.
 */
export function handleSqsQuery(sqs: SqsRecorder, form: URLSearchParams, path: string): HttpReply {
  const action = form.get('Action') ?? '';
  const requestId = randomUUID();
  try {
    const result = serve(sqs, action, queryRequestOf(action, form, path));
    return {
      status: 200,
      headers: { 'Content-Type': 'text/xml' },
      body: queryResponse(action, result, requestId),
    };
  } catch (error) {
    if (!(error instanceof SqsError)) throw error;
    // The query protocol's text for an unknown queue is the older one.
    const message =
      error.type === 'QueueDoesNotExist'
        ? 'The specified queue does not exist for this wsdl version.'
        : error.message;
    return queryError(error.code, message, requestId);
  }
}

/** Whether a form body is an SQS query request (the endpoint's other form API is SNS's). */
export function isSqsQuery(form: URLSearchParams): boolean {
  return QUERY_ACTIONS.has(form.get('Action') ?? '');
}

function serve(sqs: SqsRecorder, operation: string, request: Record<string, unknown>): unknown {
  const served = Object.hasOwn(OPERATIONS, operation) ? OPERATIONS[operation] : undefined;
  if (!served) {
    throw new SqsError(
      'UnsupportedOperation',
      'AWS.SimpleQueueService.UnsupportedOperation',
      `The local SQS records messages sent (SendMessage, SendMessageBatch) and answers GetQueueUrl; ${operation || '(no operation)'} is not served.`,
      true,
    );
  }
  return served(sqs, request);
}

function getQueueUrl(sqs: SqsRecorder, request: Record<string, unknown>) {
  const name = request.QueueName;
  const queue = sqs.queues().find((q) => q.name === name);
  if (!queue) throw sqsErrors.queueDoesNotExist();
  return { QueueUrl: queue.url };
}

function jsonError(status: number, type: string, message: string, queryError?: string): HttpReply {
  return {
    status,
    headers: {
      'Content-Type': JSON_TYPE,
      'x-amzn-RequestId': randomUUID(),
      ...(queryError ? { 'x-amzn-query-error': queryError } : {}),
    },
    body: JSON.stringify({ __type: type, message }),
  };
}

function queryError(code: string, message: string, requestId: string): HttpReply {
  return {
    status: 400,
    headers: { 'Content-Type': 'text/xml' },
    body:
      `<?xml version="1.0"?><ErrorResponse xmlns="http://queue.amazonaws.com/doc/2012-11-05/"><Error><Type>Sender</Type>` +
      `<Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message><Detail/></Error>` +
      `<RequestId>${requestId}</RequestId></ErrorResponse>`,
  };
}
