import { TaskFailure, TaskInvocation } from '../../asl/engine';
import type { ServiceIntegrationResource } from '../../asl/model';
import { ErrorFlavour, optimizedFlavour, sdkFlavour, sdkHttpMetadata } from './sdk-metadata';
import { SqsError } from './sqs-errors';
import type { SendMessageResult, SqsRecorder } from './sqs-recorder';

/** The optimized integration has SendMessage only; the AWS SDK one has the batch too. */
export function isSqsAction(resource: ServiceIntegrationResource): boolean {
  return (
    resource.service === 'sqs' &&
    (resource.action === 'sendMessage' || (resource.sdk && resource.action === 'sendMessageBatch'))
  );
}

const OPTIMIZED = optimizedFlavour('SQS', 'SQS');
const SDK = sdkFlavour('Sqs');

/**
 * Serves an SQS Task against the recorded queues. The optimized integration answers in SQS's names
 * (`MD5OfMessageBody`) with the SDK's HTTP metadata, and sends a MessageBody that is not text as
 * its JSON; the AWS SDK one answers in the Java SDK v2's names (`Md5OfMessageBody`), nothing added.
 */
export function callSqs(
  sqs: SqsRecorder,
  task: TaskInvocation,
  resource: ServiceIntegrationResource,
): unknown {
  const request = (task.input ?? {}) as Record<string, unknown>;
  const flavour = resource.sdk ? SDK : OPTIMIZED;
  try {
    if (!resource.sdk) {
      const result = sqs.sendMessage(withBodyAsText(request));
      return sortedKeys({ ...result, ...sdkHttpMetadata(result, 'application/x-amz-json-1.0') });
    }
    if (resource.action === 'sendMessage') return sdkCasing(sqs.sendMessage(request));
    const batch = sqs.sendMessageBatch(request);
    return { Failed: batch.Failed, Successful: batch.Successful.map(sdkCasing) };
  } catch (error) {
    if (error instanceof SqsError) throw taskFailure(error, flavour);
    throw error;
  }
}

/** Step Functions writes a MessageBody given as JSON (an object, a number) as its JSON text. */
function withBodyAsText(request: Record<string, unknown>): Record<string, unknown> {
  const body = request.MessageBody;
  return body === undefined || body === null || typeof body === 'string'
    ? request
    : { ...request, MessageBody: JSON.stringify(body) };
}

/** `MD5OfMessageBody` as the Java SDK v2 spells its member, PascalCased: `Md5OfMessageBody`. */
function sdkCasing<T extends SendMessageResult>(result: T): Record<string, unknown> {
  return Object.fromEntries(Object.entries(result).map(([k, v]) => [k.replace(/^MD5Of/, 'Md5Of'), v]));
}

function sortedKeys(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function taskFailure(error: SqsError, flavour: ErrorFlavour): TaskFailure {
  const name = error.modeled ? `${error.type}Exception` : flavour.unmodeled;
  return new TaskFailure(`${flavour.prefix}.${name}`, flavour.cause(error.message, error.code));
}
