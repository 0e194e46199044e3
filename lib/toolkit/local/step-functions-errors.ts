/** The errors the local runtime raises, each under the name the Step Functions API gives it. */
export type StepFunctionsErrorName =
  | 'ConflictException'
  | 'ResourceNotFound'
  | 'StateMachineDoesNotExist'
  | 'StateMachineAlreadyExists'
  | 'StateMachineTypeNotSupported'
  | 'ExecutionDoesNotExist'
  | 'ExecutionAlreadyExists'
  | 'ExecutionNotRedrivable'
  | 'InvalidArn'
  | 'InvalidDefinition'
  | 'InvalidExecutionInput'
  | 'InvalidName'
  | 'InvalidOutput'
  | 'InvalidToken'
  | 'TaskDoesNotExist'
  | 'TaskTimedOut'
  | 'ValidationException'
  | 'ActivityDoesNotExist'
  | 'ActivityWorkerLimitExceeded'
  | 'ResourceNotFound'
  | 'TooManyTags';

/**
 * A request the local runtime refuses, as Step Functions would: `name` is the API's error name
 * (matched by a harness, sent as `__type` by the endpoint), `message` AWS's wording. How it
 * travels (HTTP status, JSON body) is the endpoint's business, not the runtime's.
 */
export class StepFunctionsError extends Error {
  declare readonly name: StepFunctionsErrorName;

  constructor(name: StepFunctionsErrorName, message: string) {
    super(message);
    this.name = name;
  }
}

export const stepFunctionsErrors = {
  stateMachineDoesNotExist: (arn: string) =>
    new StepFunctionsError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`),
  stateMachineAlreadyExists: (arn: string) =>
    new StepFunctionsError('StateMachineAlreadyExists', `State Machine Already Exists: '${arn}'`),
  typeNotSupported: (message: string) => new StepFunctionsError('StateMachineTypeNotSupported', message),
  executionDoesNotExist: (arn: string) =>
    new StepFunctionsError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`),
  executionAlreadyExists: (arn: string) =>
    new StepFunctionsError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`),
  invalidArn: (arn: string, why = 'Invalid Arn') => new StepFunctionsError('InvalidArn', `${why}: '${arn}'`),
  invalidDefinition: (why: string) =>
    new StepFunctionsError('InvalidDefinition', `Invalid State Machine Definition: '${why}'`),
  invalidExecutionInput: (why: string) =>
    new StepFunctionsError('InvalidExecutionInput', `Invalid State Machine Execution Input: '${why}'`),
  invalidName: (name: string) => new StepFunctionsError('InvalidName', `Invalid Name: '${name}'`),
  validation: (message: string) => new StepFunctionsError('ValidationException', message),
  invalidToken: (why: string) => new StepFunctionsError('InvalidToken', `Invalid Token: '${why}'`),
  invalidOutput: (why: string) => new StepFunctionsError('InvalidOutput', `Invalid Output: '${why}'`),
  taskDoesNotExist: (token: string) =>
    new StepFunctionsError('TaskDoesNotExist', `Task Does Not Exist: '${token}'`),
  // As recorded on AWS (LocalStack's test_sfn_api_activities, test_sfn_api_tagging snapshots).
  activityDoesNotExist: (arn: string) =>
    new StepFunctionsError('ActivityDoesNotExist', `Activity Does Not Exist: '${arn}'`),
  resourceNotFound: (arn: string) =>
    new StepFunctionsError('ResourceNotFound', `Resource not found: '${arn}'`),
  activityWorkerLimitExceeded: (message: string) =>
    new StepFunctionsError('ActivityWorkerLimitExceeded', message),
  tooManyTags: (message: string) => new StepFunctionsError('TooManyTags', message),
  conflict: (message: string) => new StepFunctionsError('ConflictException', message),
  // AWS's words for an alias (or another resource) that is not there.
  referencedResourceNotFound: () =>
    new StepFunctionsError('ResourceNotFound', 'Request references a resource that does not exist.'),
  // AWS's words for a token whose task timed out or whose execution ended.
  taskTimedOut: () =>
    new StepFunctionsError('TaskTimedOut', "Task Timed Out: 'Provided task does not exist anymore'"),
};
