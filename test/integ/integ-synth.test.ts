import { Template } from 'aws-cdk-lib/assertions';
import { testApp } from '../support/synth';
import { buildIntegApp } from './integ.order-workflow';
// Synthesized with aws-cdk-lib's CloudFormation validation, as `cdk synth` does: product templates.
import '../support/cfn-validation';

/** integ-runner cannot read this aws-cdk-lib's assemblies (schema 55 > 53): check that the test synthesizes. */
describe('integ.order-workflow (integ-tests-alpha)', () => {
  const { app } = buildIntegApp(testApp());
  const assembly = app.synth();

  it('synthesizes the stack under test and an assertions stack', () => {
    const names = assembly.stacks.map((s) => s.stackName).sort();
    expect(names).toEqual([
      'OrderWorkflowInteg',
      expect.stringMatching(/^OrderWorkflowIntegTestDefaultTestDeployAssert/),
    ]);
  });

  it('starts both example orders and waits for their outcomes', () => {
    const assertions = assembly.stacks.find((s) => s.stackName.startsWith('OrderWorkflowIntegTest'))!;
    const template = Template.fromJSON(assertions.template);
    const calls = Object.values(
      template.findResources('Custom::DeployAssert@SdkCallStepFunctionsstartExecution'),
    );
    expect(calls).toHaveLength(2);
    const waiters = template.findResources('AWS::StepFunctions::StateMachine');
    expect(Object.keys(waiters)).toHaveLength(2);
    expect(JSON.stringify(template.toJSON())).toContain('OrderValidationFailed');
  });
});
