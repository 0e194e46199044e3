import * as fs from 'node:fs';
import * as path from 'node:path';
import { localFunctionsFromAssembly } from '../../../../../lib/toolkit/local/lambda';
import { TemplateResolver } from '../../../../../lib/toolkit/local/template-resolver';
import { fixtureBundles } from './fixtures';

const fixtures = fixtureBundles();
const assembly = fixtures.root;
const HASH_A = 'a'.repeat(64);
const HASH_B = 'b'.repeat(64);
fs.writeFileSync(
  path.join(assembly, 'Shop.assets.json'),
  JSON.stringify({
    files: {
      [HASH_A]: { source: { path: `asset.${HASH_A}`, packaging: 'zip' } },
      [HASH_B]: { source: { path: `asset.${HASH_B}`, packaging: 'zip' } },
    },
  }),
);

const template = {
  Resources: {
    Topic: { Type: 'AWS::SNS::Topic', Properties: {} },
    Orders: { Type: 'AWS::DynamoDB::Table', Properties: { TableName: 'orders' } },
    PayFunction: {
      Type: 'AWS::Lambda::Function',
      Properties: {
        Code: { S3Bucket: 'cdk-assets', S3Key: `${HASH_A}.zip` },
        Handler: 'index.handler',
        Runtime: 'nodejs24.x',
        Timeout: 10,
        MemorySize: 256,
        Environment: {
          Variables: {
            TOPIC_ARN: { Ref: 'Topic' },
            TABLE_NAME: { Ref: 'Orders' },
            NEXT_FUNCTION: { 'Fn::GetAtt': ['NamedFunction', 'Arn'] },
            STAGE: { 'Fn::Join': ['-', ['shop', { Ref: 'AWS::Region' }]] },
            RETRIES: 3,
            UNSET: { Ref: 'AWS::NoValue' },
          },
        },
      },
    },
    NamedFunction: {
      Type: 'AWS::Lambda::Function',
      Properties: { Code: { S3Key: `${HASH_B}.zip` }, FunctionName: 'ship-it', Handler: 'src/ship.handler' },
    },
    InlineFunction: {
      Type: 'AWS::Lambda::Function',
      Properties: { Code: { ZipFile: 'exports.handler = async () => 1' }, Handler: 'index.handler' },
    },
  },
};

describe('localFunctionsFromAssembly', () => {
  const functions = localFunctionsFromAssembly(assembly, 'Shop', template, new TemplateResolver(template));

  it('writes inline code (ZipFile) where Lambda puts it, index.js, outside the assembly', () => {
    const inline = functions.find((fn) => fn.name === 'InlineFunction')!;
    expect(fs.readFileSync(path.join(inline.directory, 'index.js'), 'utf8')).toBe(
      'exports.handler = async () => 1',
    );
    expect(inline.directory.startsWith(assembly)).toBe(false);
    expect(inline.handler).toBe('index.handler');
  });

  it('finds each bundled function with its bundle folder, name, ARN, handler and limits', () => {
    expect(functions.map((fn) => fn.name)).toEqual(['PayFunction', 'ship-it', 'InlineFunction']);
    expect(functions[0]).toMatchObject({
      arn: 'arn:aws:lambda:us-east-1:123456789012:function:PayFunction',
      directory: path.join(assembly, `asset.${HASH_A}`),
      handler: 'index.handler',
      runtime: 'nodejs24.x',
      timeoutSeconds: 10,
      memoryMb: 256,
    });
    // CloudFormation's defaults when the template says nothing.
    expect(functions[1]).toMatchObject({
      arn: 'arn:aws:lambda:us-east-1:123456789012:function:ship-it',
      handler: 'src/ship.handler',
      runtime: undefined,
      environment: {},
      timeoutSeconds: 3,
      memoryMb: 128,
    });
  });

  it('resolves environment variables to the strings the function sees', () => {
    expect(functions[0].environment).toEqual({
      TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:Topic',
      TABLE_NAME: 'orders',
      NEXT_FUNCTION: 'arn:aws:lambda:us-east-1:123456789012:function:ship-it',
      STAGE: 'shop-us-east-1',
      RETRIES: '3',
    });
  });

  it('uses the resolver it is given (its account and region)', () => {
    const resolver = new TemplateResolver(template, {
      partition: 'aws',
      region: 'eu-west-1',
      accountId: '111111111111',
    });
    const [pay] = localFunctionsFromAssembly(assembly, 'Shop', template, resolver);
    expect(pay.arn).toBe('arn:aws:lambda:eu-west-1:111111111111:function:PayFunction');
    expect(pay.environment.TOPIC_ARN).toBe('arn:aws:sns:eu-west-1:111111111111:Topic');
  });
});
