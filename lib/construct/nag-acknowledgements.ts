import { Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';

/**
 * Acknowledgements of cdk-nag AwsSolutions findings that this construct cannot fix, each on the
 * policy that raises it and with its reason. They use aws-cdk-lib's own `Validations` API, so the
 * construct does not depend on cdk-nag; an app that runs cdk-nag sees them as suppressed.
 * The ids carry the `AwsSolutions::` plugin prefix, as synth prints them after "Acknowledge with".
 */
const IAM5 = 'AwsSolutions::AwsSolutions-IAM5';

/** X-Ray's PutTraceSegments and PutTelemetryRecords have no resource-level permissions. */
export function acknowledgeTracingWildcard(role: iam.IRole): void {
  acknowledge(
    policyOf(role),
    `${IAM5}[Resource::*]`,
    'X-Ray trace upload supports no resource-level permissions.',
  );
}

/**
 * The state machine's role: X-Ray and CloudWatch Logs delivery need `Resource: *`, and the
 * LambdaInvoke task grants each function's `<arn>:*` so that versions and aliases can be invoked.
 */
export function acknowledgeStateMachineWildcards(
  role: iam.IRole,
  functions: readonly lambda.IFunction[],
): void {
  const policy = policyOf(role);
  acknowledge(
    policy,
    `${IAM5}[Resource::*]`,
    'X-Ray trace upload and CloudWatch Logs log delivery (logs:*LogDelivery*, DescribeLogGroups, ...) ' +
      'support no resource-level permissions.',
  );
  for (const fn of functions) {
    acknowledge(
      policy,
      `${IAM5}[Resource::${nagResourceName(Stack.of(role), fn.functionArn)}:*]`,
      'Invoking this one function, any version or alias of it (the grant CDK LambdaInvoke makes).',
    );
  }
}

function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

/** The role's default policy, which raises the findings; the role itself when it has none yet. */
function policyOf(role: iam.IRole): IConstruct {
  return role.node.tryFindChild('DefaultPolicy') ?? role;
}

/** How cdk-nag prints a resource in a finding id: `<LogicalId.Arn>` for a GetAtt, the text otherwise. */
function nagResourceName(stack: Stack, value: string): string {
  const resolved = stack.resolve(value) as unknown;
  if (typeof resolved === 'string') return resolved;
  const getAtt = (resolved as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt'];
  if (getAtt) return `<${getAtt[0]}.${getAtt[1]}>`;
  return JSON.stringify(resolved);
}
