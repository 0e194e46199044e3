/**
 * An error the Step Functions (or Lambda) API returns: its `__type`, message and HTTP status. The
 * runtime throws these; the endpoint sends them as AWS does, so the SDK raises typed exceptions.
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
}

export const apiErrors = {
  stateMachineDoesNotExist: (arn: string) =>
    new ApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`),
  executionDoesNotExist: (arn: string) =>
    new ApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`),
  invalidArn: (arn: string, why = 'Invalid Arn') => new ApiError('InvalidArn', `${why}: '${arn}'`),
  invalidExecutionInput: (why: string) =>
    new ApiError('InvalidExecutionInput', `Invalid State Machine Execution Input: '${why}'`),
  invalidDefinition: (why: string) =>
    new ApiError('InvalidDefinition', `Invalid State Machine Definition: '${why}'`),
  invalidName: (name: string) => new ApiError('InvalidName', `Invalid Name: '${name}'`),
  validation: (message: string) => new ApiError('ValidationException', message),
  typeNotSupported: (message: string) => new ApiError('StateMachineTypeNotSupported', message),
  executionAlreadyExists: (arn: string) =>
    new ApiError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`),
  stateMachineAlreadyExists: (arn: string) =>
    new ApiError('StateMachineAlreadyExists', `State Machine Already Exists: '${arn}'`),
  unknownOperation: (target: string) =>
    new ApiError('UnknownOperationException', `Unknown operation ${target}`),
  serialization: (message: string) => new ApiError('SerializationException', message),
};

/** Maximum size of execution input and output, in bytes of UTF-8. */
export const MAX_PAYLOAD_BYTES = 262_144;

/**
 * Deepest execution input the local runtime accepts: a document nested deeper is refused with
 * InvalidExecutionInput. A local limit (AWS documents none; its input fits in 256 KiB, which holds
 * 100,000 levels): copying state data is recursive, and ran out of stack at about 4,000 levels.
 */
export const MAX_INPUT_DEPTH = 1000;
