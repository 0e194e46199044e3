/**
 * An SQS error as AWS names it: SQS answers JSON with `__type` (the `type` here) and the older query
 * code in its `x-amzn-query-error` header (`code`); the query protocol sends only `code`. `modeled`
 * errors have an exception class of their own in the SDKs (QueueDoesNotExistException), the others
 * arrive as the SDK's generic exception.
 */
export class SqsError extends Error {
  constructor(
    public readonly type: string,
    public readonly code: string,
    message: string,
    public readonly modeled: boolean,
  ) {
    super(message);
    this.name = type;
  }
}

/** SQS's own texts (recorded on AWS), for the errors SendMessage and SendMessageBatch give. */
export const sqsErrors = {
  queueDoesNotExist: () =>
    new SqsError(
      'QueueDoesNotExist',
      'AWS.SimpleQueueService.NonExistentQueue',
      'The specified queue does not exist.',
      true,
    ),
  missingParameter: (name: string) =>
    new SqsError(
      'MissingRequiredParameterException',
      'MissingParameter',
      `The request must contain the parameter ${name}.`,
      false,
    ),
  invalidParameterValue: (message: string) =>
    new SqsError('InvalidParameterValueException', 'InvalidParameterValue', message, false),
  invalidValue: (name: string, value: unknown, reason: string) =>
    sqsErrors.invalidParameterValue(
      `Value ${String(value)} for parameter ${name} is invalid. Reason: ${reason}`,
    ),
  invalidMessageContents: () =>
    new SqsError(
      'InvalidMessageContents',
      'InvalidMessageContents',
      'Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF',
      true,
    ),
  emptyBatch: () =>
    new SqsError(
      'EmptyBatchRequest',
      'AWS.SimpleQueueService.EmptyBatchRequest',
      'There should be at least one SendMessageBatchRequestEntry in the request.',
      true,
    ),
  tooManyEntries: (count: number) =>
    new SqsError(
      'TooManyEntriesInBatchRequest',
      'AWS.SimpleQueueService.TooManyEntriesInBatchRequest',
      `Maximum number of entries per request are 10. You have sent ${count}.`,
      true,
    ),
  idsNotDistinct: (id: string) =>
    new SqsError(
      'BatchEntryIdsNotDistinct',
      'AWS.SimpleQueueService.BatchEntryIdsNotDistinct',
      `Id ${id} repeated.`,
      true,
    ),
  invalidBatchEntryId: () =>
    new SqsError(
      'InvalidBatchEntryId',
      'AWS.SimpleQueueService.InvalidBatchEntryId',
      'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.',
      true,
    ),
  batchTooLong: (bytes: number) =>
    new SqsError(
      'BatchRequestTooLong',
      'AWS.SimpleQueueService.BatchRequestTooLong',
      `Batch requests cannot be longer than 1048576 bytes. You have sent ${bytes} bytes.`,
      true,
    ),
};
