import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { AddressInfo } from 'node:net';
import { FunctionRunner, findPython } from '../../../../../../lib/toolkit/local/lambda';
import { PYTHON_CANDIDATES } from '../../../../../../lib/toolkit/local/lambda/python/python-interpreter';
import { testNamespace } from '../../../../../support/dynamodb-test-local';
import { expectOk, fixtureBundles, localFunction, snsStandIn } from '../fixtures';

const fixtures = fixtureBundles();

const { server: sns, published } = snsStandIn();
beforeAll(() => new Promise<void>((resolve) => sns.listen(0, '127.0.0.1', resolve)));
afterAll(() => new Promise((resolve) => sns.close(resolve)));

const dir = fixtures.bundle('py-boto3', {
  'app.py': `
import os
import boto3, botocore

sns = boto3.client("sns")
table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])

def lambda_handler(event, context):
    table.put_item(Item={"pk": event["orderId"], "quantity": 2})
    item = table.get_item(Key={"pk": event["orderId"]})["Item"]
    message_id = sns.publish(TopicArn=os.environ["TOPIC_ARN"], Message="order " + event["orderId"])["MessageId"]
    return {"item": item, "messageId": message_id, "botocore": botocore.__version__}
`,
});

/** Every candidate python3 here that has boto3: Debian's (botocore 1.29) and a newer one, where present. */
const interpreters = [
  ...new Map(
    PYTHON_CANDIDATES.map((candidate) => findPython([candidate]).interpreter)
      .filter((interpreter) => interpreter?.boto3)
      .map((interpreter) => [interpreter?.executable, interpreter]),
  ).values(),
];

describe('boto3 in a Python function', () => {
  it('has at least one interpreter to run on', () => expect(interpreters.length).toBeGreaterThan(0));

  it.each(
    interpreters.map((interpreter) => [
      `${interpreter?.executable} (botocore ${interpreter?.botocore})`,
      interpreter,
    ]),
  )(
    'reaches the local SNS and DynamoDB through AWS_ENDPOINT_URL_<SERVICE> on %s',
    async (_name, interpreter) => {
      const namespace = testNamespace('eu-west-1');
      const tableName = `py-orders-${Date.now()}`;
      await namespace.client.send(
        new CreateTableCommand({
          TableName: tableName,
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
      const { port } = sns.address() as AddressInfo;
      const runner = new FunctionRunner({
        pythonCandidates: [interpreter?.executable as string],
        baseEnvironment: {
          AWS_REGION: namespace.region,
          AWS_ACCESS_KEY_ID: namespace.accessKeyId, // DynamoDB Local keeps tables per access key
          AWS_ENDPOINT_URL_SNS: `http://127.0.0.1:${port}`,
          AWS_ENDPOINT_URL_DYNAMODB: namespace.endpoint,
        },
      });
      try {
        const fn = localFunction('py-boto3', dir, {
          runtime: 'python3.11',
          handler: 'app.lambda_handler',
          timeoutSeconds: 20,
          environment: { TABLE_NAME: tableName, TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:orders' },
        });
        const result = expectOk(await runner.invoke(fn, { orderId: 'o-1' }));
        expect(result.payload).toEqual({
          item: { pk: 'o-1', quantity: 2 }, // boto3's Decimal('2') returned as a number
          messageId: 'local-message-1',
          botocore: interpreter?.botocore,
        });
        expect(published.at(-1)).toMatchObject({
          Action: 'Publish',
          TopicArn: 'arn:aws:sns:eu-west-1:123456789012:orders',
          Message: 'order o-1',
          authorization: expect.stringContaining(`Credential=${namespace.accessKeyId}/`),
        });
      } finally {
        await runner.close();
      }
    },
  );
});
