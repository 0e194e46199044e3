import { TemplateResolutionError, TemplateResolver } from '../../../../lib/toolkit/local/template-resolver';
import { resolveStateMachines } from '../../../../lib/toolkit/local/state-machine-definitions';

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
      /Fn::ImportValue is not supported locally/,
    );
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
    expect(() => resolveStateMachines(broken)).toThrow(/the definition of Bad is not JSON after resolution/);
  });
});
