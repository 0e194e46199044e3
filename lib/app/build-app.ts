import { App, Validations } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { OrderWorkflowStack } from './order-workflow-stack';

/** Reads `-c workflowType=STANDARD|EXPRESS`, refusing anything else by name. */
export function workflowTypeFromContext(app: App): sfn.StateMachineType {
  const raw = app.node.tryGetContext('workflowType') ?? 'STANDARD';
  const value = String(raw).toUpperCase();
  if (value !== 'STANDARD' && value !== 'EXPRESS') {
    throw new Error(
      `Context workflowType must be STANDARD or EXPRESS, got "${raw}" (cdk deploy -c workflowType=EXPRESS).`,
    );
  }
  return value === 'EXPRESS' ? sfn.StateMachineType.EXPRESS : sfn.StateMachineType.STANDARD;
}

/** Builds the deployable app, with cdk-nag's AwsSolutions checks as a policy-validation plugin. */
export function buildApp(app: App = new App()): { app: App; stack: OrderWorkflowStack } {
  const workflowType = workflowTypeFromContext(app);
  const stack = new OrderWorkflowStack(app, 'OrderWorkflowStack', {
    description: `Order-processing workflow on AWS Step Functions (${workflowType})`,
    workflow: { workflowType },
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}
