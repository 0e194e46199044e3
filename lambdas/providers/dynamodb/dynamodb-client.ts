import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

let client: DynamoDBClient | undefined;

/**
 * One client per container, created on first use: the SDK (left to the Lambda runtime) is loaded
 * only by the functions that use DynamoDB. `AWS_ENDPOINT_URL_DYNAMODB` points it at DynamoDB Local.
 */
export function dynamoDbClient(): DynamoDBClient {
  return (client ??= new DynamoDBClient({}));
}

/** A required table name from the environment, or a clear error naming the variable. */
export function tableFromEnvironment(variable: string): string {
  const name = process.env[variable];
  if (!name) throw new Error(`${variable} is not set: the function needs its table's name`);
  return name;
}
