import aslValidator from 'asl-validator';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { definitionOf, synthWorkflow } from '../../support/synth';
// Synthesized with aws-cdk-lib's CloudFormation validation, as `cdk synth` does: product templates.
import '../../support/cfn-validation';

/** Each type's definition, synthesized once for the tests that read it. */
const definitions = new Map<sfn.StateMachineType, Record<string, unknown>>();
function definitionFor(workflowType: sfn.StateMachineType) {
  if (!definitions.has(workflowType)) {
    definitions.set(workflowType, definitionOf(synthWorkflow({ workflowType }).template).definition);
  }
  return definitions.get(workflowType)!;
}

describe('synthesized definition', () => {
  it.each([sfn.StateMachineType.STANDARD, sfn.StateMachineType.EXPRESS])(
    'is valid Amazon States Language for a %s workflow',
    (workflowType) => {
      const definition = definitionFor(workflowType);
      const result = aslValidator(definition);
      expect(result.errorsText('\n')).toBe('');
      expect(result.isValid).toBe(true);
    },
  );

  it('is caught by the validator when broken, so the check above can fail', () => {
    const definition = definitionFor(sfn.StateMachineType.STANDARD);
    const broken = structuredClone(definition) as { States: Record<string, { Next?: string }> };
    broken.States['Ship Order'].Next = 'No Such State';
    expect(aslValidator(broken).isValid).toBe(false);
  });
});
