import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ShopStack } from '../../examples/shop-stack';
import { testApp } from '../support/synth';
// Synthesized with aws-cdk-lib's CloudFormation validation, as `cdk synth` does: product templates.
import '../support/cfn-validation';

describe('examples/shop-stack.ts (the README example)', () => {
  it('synthesizes an Express workflow that invokes the caller’s payment function', () => {
    const app: App = testApp();
    const template = Template.fromStack(new ShopStack(app, 'Shop'));
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', { StateMachineType: 'EXPRESS' });
    template.resourceCountIs('AWS::Lambda::Function', 5);
    expect(JSON.stringify(template.toJSON())).toContain('function:acme-payments-charge');
  });
});
