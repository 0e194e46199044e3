import { StepFunctionsError } from '../local/step-functions-errors';

/**
 * An error as the endpoint sends it: the `__type`, the message and the HTTP status. The SDKs raise
 * a typed exception named after `__type` for a 4xx; they retry a 5xx.
 */
export class ApiError extends Error {
  constructor(
    public readonly type: string,
    message: string,
    public readonly status = 400,
  ) {
    super(message);
    this.name = type;
  }

  /** The runtime's refusals are the caller's fault: 400, as Step Functions answers them. */
  static of(error: StepFunctionsError): ApiError {
    return new ApiError(error.name, error.message, 400);
  }
}

/** The errors only the wire knows: requests that are not API calls, or not well-formed ones. */
export const wireErrors = {
  unknownOperation: (target: string) =>
    new ApiError('UnknownOperationException', `Unknown operation ${target}`),
  serialization: (message: string) => new ApiError('SerializationException', message),
  validation: (message: string) => new ApiError('ValidationException', message),
};
