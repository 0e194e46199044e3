import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  IdempotencyPersistenceLayerError,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { PaymentResult, ProviderUnavailableError } from '../shared';
import { dynamoDbClient } from './dynamodb/dynamodb-client';
import { ChargeRequest, PaymentProvider } from './provider-types';

/**
 * One charge per idempotency key across containers and executions: Powertools idempotency keeps
 * each key's result in the idempotency table, so a retried task, a lost response or a duplicate
 * Express execution gets the first charge back instead of charging again.
 */
export class IdempotentPayments {
  private readonly config = new IdempotencyConfig({
    // The order id alone: a retry differs only in `attempt`, and must not count as a new charge.
    eventKeyJmesPath: 'idempotencyKey',
    expiresAfterSeconds: 24 * 60 * 60,
  });
  private readonly chargeOnce: (request: ChargeRequest) => Promise<PaymentResult>;

  /** @param onCharge called when the provider is really asked to charge (not for a replay) */
  constructor(
    provider: PaymentProvider,
    tableName: string,
    onCharge: (request: ChargeRequest) => void = () => undefined,
    client: DynamoDBClient = dynamoDbClient(),
  ) {
    const persistenceStore = new DynamoDBPersistenceLayer({ tableName, awsSdkV3Client: client });
    const charge = (request: ChargeRequest) => {
      onCharge(request);
      return provider.charge(request);
    };
    this.chargeOnce = makeIdempotent(charge, {
      persistenceStore,
      config: this.config,
    });
  }

  /** Lets Powertools expire an in-progress record when the invocation runs out of time. */
  registerContext(context: Context | undefined): void {
    if (context) this.config.registerLambdaContext(context);
  }

  async charge(request: ChargeRequest): Promise<PaymentResult> {
    try {
      return await this.chargeOnce(request);
    } catch (error) {
      // Another attempt with this key is still charging: try again shortly (the state machine retries).
      if (error instanceof IdempotencyAlreadyInProgressError) {
        throw new ProviderUnavailableError(`a charge for ${request.idempotencyKey} is in progress`);
      }
      // The idempotency table failed (throttled, say): retrying is safe, voiding would be wrong.
      if (error instanceof IdempotencyPersistenceLayerError) {
        throw new ProviderUnavailableError(`idempotency records unavailable: ${(error as Error).message}`);
      }
      throw error;
    }
  }
}
