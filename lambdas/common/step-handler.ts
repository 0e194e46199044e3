import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { WorkflowError } from '../shared';
import { startInvocation } from './logger';

export type StepHandler<Result> = (event: unknown, context?: Context) => Promise<Result>;

/**
 * Wraps a step's work with what every handler does: put the orderId on the invocation's logs
 * and log how the step ended. The error is rethrown untouched: its name is what the state
 * machine's Retry and Catch match.
 */
export function stepHandler<Result>(
  logger: Logger,
  work: (event: unknown, context?: Context) => Promise<Result>,
): StepHandler<Result> {
  return async (event, context) => {
    startInvocation(logger, event, context);
    try {
      return await work(event, context);
    } catch (error) {
      logFailure(logger, error);
      throw error;
    }
  };
}

function logFailure(logger: Logger, error: unknown): void {
  if (error instanceof WorkflowError) {
    // An expected outcome (declined card, refused address, flaky provider): the workflow handles it.
    logger.warn('Step ended with a workflow error', { errorName: error.name, errorMessage: error.message });
  } else {
    logger.error('Step failed unexpectedly', error as Error);
  }
}
