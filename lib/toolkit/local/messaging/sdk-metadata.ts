import { randomUUID } from 'node:crypto';

/**
 * The optimized integrations' answers carry the Java SDK v1's HTTP metadata. Returns it for a JSON
 * answer of `contentType`, with its request id (which the failure causes quote too).
 */
export function sdkHttpMetadata(answer: unknown, contentType: string, requestId = randomUUID()) {
  const headers = {
    'Content-Length': String(Buffer.byteLength(JSON.stringify(answer))),
    'Content-Type': contentType,
    Date: new Date().toUTCString(),
    connection: 'keep-alive',
    'x-amzn-RequestId': requestId,
  };
  return {
    SdkHttpMetadata: {
      AllHttpHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
      HttpHeaders: headers,
      HttpStatusCode: 200,
    },
    SdkResponseMetadata: { RequestId: requestId },
  };
}

/**
 * How the two kinds of integration name a service's error: the optimized one after the Java SDK v1
 * (`SQS.QueueDoesNotExistException`, unmodeled codes as `SQS.AmazonSQSException`), the AWS SDK one
 * after the Java SDK v2 (`Sqs.QueueDoesNotExistException`, `Sqs.SqsException`); each with that
 * SDK's exception message as the cause.
 */
export interface ErrorFlavour {
  readonly prefix: string;
  readonly unmodeled: string;
  cause(message: string, code: string): string;
}

export function optimizedFlavour(prefix: string, serviceName: string): ErrorFlavour {
  return {
    prefix,
    unmodeled: `Amazon${serviceName}Exception`,
    cause: (message, code) =>
      `${message} (Service: Amazon${serviceName}; Status Code: 400; Error Code: ${code}; Request ID: ${randomUUID()}; Proxy: null)`,
  };
}

export function sdkFlavour(serviceName: string): ErrorFlavour {
  return {
    prefix: serviceName,
    unmodeled: `${serviceName}Exception`,
    cause: (message) => `${message} (Service: ${serviceName}, Status Code: 400, Request ID: ${randomUUID()})`,
  };
}
