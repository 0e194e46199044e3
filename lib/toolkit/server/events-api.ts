import { randomUUID } from 'node:crypto';
import { EventBusRecorder, EventsValidationError } from '../local/messaging/event-bus-recorder';
import type { HttpReply } from './lambda-api';

const JSON_TYPE = 'application/x-amz-json-1.1';

/**
 * EventBridge's PutEvents (`X-Amz-Target: AWSEvents.PutEvents`, awsJson1_1), as
 * @aws-sdk/client-eventbridge and botocore send it. Other operations are answered as EventBridge
 * answers one it does not know.
 */
export function handleEventsRequest(events: EventBusRecorder, target: string, body: string): HttpReply {
  const operation = target.slice('AWSEvents.'.length);
  if (operation !== 'PutEvents') {
    return jsonError(
      'UnknownOperationException',
      `The local EventBridge records PutEvents only; ${operation || '(no operation)'} is not served.`,
    );
  }
  let request: unknown;
  try {
    request = body.length === 0 ? {} : JSON.parse(body);
  } catch {
    return jsonError('SerializationException', 'The request body is not valid JSON');
  }
  if (request === null || typeof request !== 'object' || Array.isArray(request)) {
    return jsonError('SerializationException', 'The request body must be a JSON object');
  }
  try {
    const result = events.putEvents(request as Record<string, unknown>);
    return { status: 200, headers: { 'Content-Type': JSON_TYPE }, body: JSON.stringify(result) };
  } catch (error) {
    if (error instanceof EventsValidationError) return jsonError(error.type, error.message);
    throw error;
  }
}

function jsonError(type: string, message: string): HttpReply {
  return {
    status: 400,
    headers: { 'Content-Type': JSON_TYPE, 'x-amzn-RequestId': randomUUID() },
    body: JSON.stringify({ __type: type, message }),
  };
}
