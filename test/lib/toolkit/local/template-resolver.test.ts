import { TemplateResolutionError, TemplateResolver } from '../../../../lib/toolkit/local/template-resolver';
import { resolveStateMachines } from '../../../../lib/toolkit/local/state-machine-definitions';
import { unresolvedIn } from '../../../../lib/toolkit/local/unresolved';

const template = {
  Parameters: { Stage: { Default: 'dev' }, Required: {} },
  Resources: {
    PayFn: { Type: 'AWS::Lambda::Function', Properties: {} },
    NamedFn: {
      Type: 'AWS::Lambda::Function',
      Properties: { FunctionName: { 'Fn::Join': ['-', ['pay', { Ref: 'Stage' }]] } },
    },
    Topic: { Type: 'AWS::SNS::Topic', Properties: {} },
    Orders: { Type: 'AWS::DynamoDB::Table', Properties: { TableName: 'orders' } },
    Queue: { Type: 'AWS::SQS::Queue', Properties: {} },
    Machine: {
      Type: 'AWS::StepFunctions::StateMachine',
      Properties: {
        StateMachineType: 'EXPRESS',
        DefinitionString: {
          'Fn::Join': [
            '',
            [
              '{"StartAt":"Pay","States":{"Pay":{"Type":"Task","Resource":"arn:',
              { Ref: 'AWS::Partition' },
              ':states:::lambda:invoke","Parameters":{"FunctionName":"',
              { 'Fn::GetAtt': ['PayFn', 'Arn'] },
              '","Topic":"',
              { Ref: 'Topic' },
              '","Table":"${TableName}"},"End":true}}}',
            ],
          ],
        },
        DefinitionSubstitutions: { TableName: { Ref: 'Orders' } },
      },
    },
  },
};

describe('TemplateResolver', () => {
  const resolver = new TemplateResolver(template);

  it('resolves Ref by resource type: a function name, a topic ARN, a table name, a queue URL', () => {
    expect(resolver.resolve({ Ref: 'PayFn' })).toBe('PayFn');
    expect(resolver.resolve({ Ref: 'Topic' })).toBe('arn:aws:sns:us-east-1:123456789012:Topic');
    expect(resolver.resolve({ Ref: 'Orders' })).toBe('orders');
    expect(resolver.resolve({ Ref: 'Queue' })).toBe('http://localhost/123456789012/Queue');
  });

  it('uses an explicit physical name, itself resolved', () => {
    expect(resolver.resolve({ 'Fn::GetAtt': ['NamedFn', 'Arn'] })).toBe(
      'arn:aws:lambda:us-east-1:123456789012:function:pay-dev',
    );
  });

  it('resolves pseudo parameters, parameter defaults, Fn::Sub, Fn::Select and Fn::Split', () => {
    expect(
      resolver.resolve({ 'Fn::Sub': 'arn:${AWS::Partition}:x:${AWS::Region}:${AWS::AccountId}:${Stage}' }),
    ).toBe('arn:aws:x:us-east-1:123456789012:dev');
    expect(resolver.resolve({ 'Fn::Sub': ['${A}-${PayFn.Arn}', { A: 'a' }] })).toBe(
      'a-arn:aws:lambda:us-east-1:123456789012:function:PayFn',
    );
    expect(resolver.resolve({ 'Fn::Select': [1, { 'Fn::Split': [',', 'a,b,c'] }] })).toBe('b');
  });

  it('names the unknown resource and where it was referenced', () => {
    expect(() => resolver.resolve({ Nested: { Ref: 'Missing' } }, 'Root')).toThrow(
      new TemplateResolutionError('no resource or parameter named Missing', 'Root.Nested.Ref'),
    );
  });

  it('refuses a parameter without a default and an unsupported intrinsic', () => {
    expect(() => resolver.resolve({ Ref: 'Required' })).toThrow(/parameter Required has no default/);
    expect(() => resolver.resolve({ 'Fn::ImportValue': 'x' })).toThrow(
      /Fn::ImportValue x: no other stack is loaded/,
    );
    expect(() => resolver.resolve({ 'Fn::Cidr': ['10.0.0.0/16', 2, 8] }, 'Net')).toThrow(
      new TemplateResolutionError('Fn::Cidr is not supported locally', 'Net.Fn::Cidr'),
    );
  });
});

describe('TemplateResolver: conditions, mappings and the rest of the intrinsics', () => {
  const resolver = new TemplateResolver(
    {
      Parameters: {
        Stage: { Default: 'prod' },
        Version: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/cdk-bootstrap/version' },
      },
      Conditions: {
        IsProd: { 'Fn::Equals': [{ Ref: 'Stage' }, 'prod'] },
        IsDev: { 'Fn::Not': [{ Condition: 'IsProd' }] },
        Either: { 'Fn::Or': [{ Condition: 'IsDev' }, { 'Fn::And': [{ Condition: 'IsProd' }, true] }] },
      },
      Mappings: { Sizes: { prod: { Memory: 1024 } } },
      Resources: {
        Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.1.0.0/16' } },
        DevOnly: { Type: 'AWS::SNS::Topic', Condition: 'IsDev' },
        Always: { Type: 'AWS::SNS::Topic' },
      },
    },
    undefined,
    { stackName: 'Shop' },
  );

  it('evaluates Fn::If on conditions built of Equals, Not, And, Or and Condition', () => {
    expect(resolver.resolve({ 'Fn::If': ['IsProd', 'big', 'small'] })).toBe('big');
    expect(resolver.resolve({ 'Fn::If': ['IsDev', 'x', { Ref: 'AWS::NoValue' }] })).toBeUndefined();
    expect(resolver.condition('Either', 'test')).toBe(true);
  });

  it('leaves out resources whose condition is false', () => {
    expect(resolver.resourcesOfType('AWS::SNS::Topic').map(([id]) => id)).toEqual(['Always']);
  });

  it('resolves FindInMap, Base64, GetAZs, ToJsonString, Length, the stack name and echoed attributes', () => {
    expect(resolver.resolve({ 'Fn::FindInMap': ['Sizes', { Ref: 'Stage' }, 'Memory'] })).toBe(1024);
    expect(resolver.resolve({ 'Fn::Base64': 'hi' })).toBe('aGk=');
    expect(resolver.resolve({ 'Fn::Select': [1, { 'Fn::GetAZs': '' }] })).toBe('us-east-1b');
    expect(resolver.resolve({ 'Fn::ToJsonString': { a: { Ref: 'Stage' } } })).toBe('{"a":"prod"}');
    expect(resolver.resolve({ 'Fn::Length': [1, 2, 3] })).toBe(3);
    expect(resolver.resolve({ 'Fn::Sub': '${AWS::StackName}-${Vpc.CidrBlock}' })).toBe('Shop-10.1.0.0/16');
  });

  it('names what only an account knows: an SSM parameter, an attribute set at deployment', () => {
    expect(() => resolver.resolve({ Ref: 'Version' }, 'X')).toThrow(
      /parameter Version is read from SSM Parameter Store in the account \(\/cdk-bootstrap\/version\) \(at X.Ref\)/,
    );
    expect(() => resolver.resolve({ 'Fn::GetAtt': ['Vpc', 'DefaultSecurityGroup'] }, 'Y')).toThrow(
      /Fn::GetAtt Vpc.DefaultSecurityGroup \(AWS::EC2::VPC\) is known only once deployed/,
    );
  });

  it('resolves leniently: an unresolvable part becomes a marker naming it, the rest resolves', () => {
    const value = resolver.resolveLeniently(
      {
        'Fn::Join': ['', ['"', { 'Fn::GetAtt': ['Vpc', 'DefaultSecurityGroup'] }, '" in ', { Ref: 'Stage' }]],
      },
      'Env.SG',
    ) as string;
    expect(value).toMatch(
      /^"⟦unresolved: Shop: Fn::GetAtt Vpc.DefaultSecurityGroup .*\(at Env.SG.Fn::Join.*\)⟧" in prod$/,
    );
    expect(unresolvedIn({ deep: [value] })).toMatch(/^Shop: Fn::GetAtt Vpc.DefaultSecurityGroup/);
    expect(unresolvedIn({ deep: ['fine'] })).toBeUndefined();
  });
});

describe('resolveStateMachines', () => {
  it('turns a DefinitionString into plain ASL with local ARNs and substitutions applied', () => {
    const [machine] = resolveStateMachines(template);
    expect(machine).toMatchObject({
      logicalId: 'Machine',
      name: 'Machine',
      arn: 'arn:aws:states:us-east-1:123456789012:stateMachine:Machine',
      type: 'EXPRESS',
    });
    expect(machine.definition).toEqual({
      StartAt: 'Pay',
      States: {
        Pay: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: {
            FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:PayFn',
            Topic: 'arn:aws:sns:us-east-1:123456789012:Topic',
            Table: 'orders',
          },
          End: true,
        },
      },
    });
  });

  it('says which state machine is not JSON after resolution', () => {
    const broken = {
      Resources: {
        Bad: { Type: 'AWS::StepFunctions::StateMachine', Properties: { DefinitionString: '{oops' } },
      },
    };
    const problems: string[] = [];
    expect(resolveStateMachines(broken, undefined, problems)).toEqual([]);
    expect(problems).toEqual([expect.stringMatching(/the definition of Bad is not JSON after resolution/)]);
  });
});
