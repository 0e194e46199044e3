import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { ErrorNames, TRANSIENT_LAMBDA_ERRORS } from '../../../lambdas/shared/errors';

/** Errors worth another attempt: the Lambda service's, a provider's, and a hung call's. */
export const TRANSIENT_TASK_ERRORS = [
  ...TRANSIENT_LAMBDA_ERRORS,
  ErrorNames.ProviderUnavailable,
  sfn.Errors.TIMEOUT,
  // A function that ran out of its own time (Lambda's timeout comes before the task's).
  'Sandbox.Timedout',
] as const;

/** DynamoDB errors worth another attempt when the state machine writes an item itself. */
export const TRANSIENT_DYNAMODB_ERRORS = [
  'DynamoDB.ProvisionedThroughputExceededException',
  'DynamoDB.RequestLimitExceeded',
  'DynamoDB.ThrottlingException',
  'DynamoDB.InternalServerErrorException',
  'DynamoDB.TransactionConflictException',
  sfn.Errors.TIMEOUT,
] as const;

/** SNS errors worth another attempt when publishing directly from the state machine. */
export const TRANSIENT_SNS_ERRORS = [
  'SNS.InternalErrorException',
  'SNS.ThrottledException',
  'SNS.KMSThrottlingException',
  sfn.Errors.TIMEOUT,
] as const;
