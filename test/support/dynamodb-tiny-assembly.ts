import * as path from 'node:path';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { testApp } from './synth';

/**
 * A cloud assembly with one table, synthesized in well under a second: an Express machine that
 * puts `{ id, note }` (optimized dynamodb:putItem), has a function read it back through the SDK
 * (the function's environment must point it at the same DynamoDB Local and namespace), then gets
 * it (dynamodb:getItem).
 */
export function synthDynamoDbTinyAssembly(): string {
  const app = testApp();
  const stack = new Stack(app, 'TinyTables');
  const table = new dynamodb.Table(stack, 'Notes', {
    partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const readItem = new lambda.Function(stack, 'ReadItem', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromAsset(
      path.join(__dirname, '..', 'lib', 'toolkit', 'local', 'dynamodb', 'fixtures', 'read-item'),
    ),
    environment: { TABLE_NAME: table.tableName },
  });
  table.grantReadData(readItem);
  const key = { id: tasks.DynamoAttributeValue.fromString(sfn.JsonPath.stringAt('$.id')) };
  const definition = new tasks.DynamoPutItem(stack, 'Put note', {
    table,
    item: { ...key, note: tasks.DynamoAttributeValue.fromString(sfn.JsonPath.stringAt('$.note')) },
    resultPath: sfn.JsonPath.DISCARD,
  })
    .next(
      new tasks.LambdaInvoke(stack, 'Read note in a function', {
        lambdaFunction: readItem,
        payload: sfn.TaskInput.fromObject({ 'id.$': '$.id' }),
        payloadResponseOnly: true,
        resultPath: '$.function',
      }),
    )
    .next(
      new tasks.DynamoGetItem(stack, 'Get note', {
        table,
        key,
        resultSelector: { 'note.$': '$.Item.note.S' },
        resultPath: '$.stored',
      }),
    );
  new sfn.StateMachine(stack, 'PutThenGet', {
    stateMachineType: sfn.StateMachineType.EXPRESS,
    timeout: Duration.minutes(1),
    definitionBody: sfn.DefinitionBody.fromChainable(definition),
  });
  return app.synth().directory;
}
