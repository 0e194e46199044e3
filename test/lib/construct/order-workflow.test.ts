import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { OrderWorkflow } from '../../../lib/construct/order-workflow';
import { StateNames } from '../../../lib/construct/state-names';
import { definitionOf, statesOf, synthWorkflow, testApp } from '../../support/synth';
// Synthesized with aws-cdk-lib's CloudFormation validation, as `cdk synth` does: product templates.
import '../../support/cfn-validation';

/** Every action of every IAM policy in the template, with its resources. */
function policyStatements(template: Template): Array<{ Action: string | string[]; Resource: unknown }> {
  return Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
    (policy) => policy.Properties.PolicyDocument.Statement,
  );
}

function policyOfRole(template: Template, rolePrefix: string) {
  const policies = template.findResources('AWS::IAM::Policy');
  const [, policy] = Object.entries(policies).find(([, p]) =>
    p.Properties.Roles.some((r: { Ref: string }) => r.Ref.startsWith(rolePrefix)),
  )!;
  return policy.Properties.PolicyDocument.Statement as Array<{
    Action: string | string[];
    Resource: unknown;
  }>;
}

const inlineFunction = (stack: Stack, id: string) =>
  new lambda.Function(stack, id, {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({})'),
  });

describe('OrderWorkflow', () => {
  const { stack, template, workflow } = synthWorkflow();

  it('creates a Standard state machine by default, with tracing and full logging', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: {
        Level: 'ALL',
        IncludeExecutionData: true,
        Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: Match.anyValue() } }],
      },
    });
    expect(definitionOf(template).definition.TimeoutSeconds).toBe(300);
  });

  it('selects Express with a prop', () => {
    const express = synthWorkflow({ workflowType: sfn.StateMachineType.EXPRESS }).template;
    express.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'EXPRESS',
      LoggingConfiguration: Match.objectLike({ Level: 'ALL', IncludeExecutionData: true }),
    });
  });

  it('names the state machine log group under /aws/vendedlogs/states/, unique per construct path', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: Match.stringLikeRegexp('^/aws/vendedlogs/states/TestStack-Workflow-[A-Za-z0-9]+$'),
      RetentionInDays: 30,
    });
    template.hasResource('AWS::Logs::LogGroup', {
      Properties: { LogGroupName: Match.stringLikeRegexp('vendedlogs') },
      DeletionPolicy: 'Delete',
    });
  });

  it('creates the notification topic encrypted with a rotated customer-managed key and TLS-only', () => {
    template.resourceCountIs('AWS::SNS::Topic', 1);
    template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('NotificationTopicKey'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: [
          Match.objectLike({
            Effect: 'Deny',
            Action: 'sns:Publish',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ],
      },
    });
  });

  it('creates six arm64 functions on the newest Node.js runtime with active tracing', () => {
    template.resourceCountIs('AWS::Lambda::Function', 6);
    template.allResourcesProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      Timeout: 5,
      MemorySize: 256,
      LoggingConfig: Match.objectLike({ LogFormat: 'JSON' }),
    });
  });

  it('gives each function its own role with no managed policy', () => {
    template.resourceCountIs('AWS::IAM::Role', 7); // six functions and the state machine
    template.allResourcesProperties('AWS::IAM::Role', { ManagedPolicyArns: Match.absent() });
  });

  it('lets the state machine invoke exactly its six functions and publish to its topic', () => {
    const statements = policyOfRole(template, 'WorkflowStateMachineRole');
    const invoke = statements.filter((s) => s.Action === 'lambda:InvokeFunction');
    const invoked = invoke.flatMap((s) => s.Resource as unknown[]);
    const functionIds = Object.keys(template.findResources('AWS::Lambda::Function'));
    // Each function: its ARN, and its ARN with ":*" (versions and aliases).
    expect(invoked).toHaveLength(2 * functionIds.length);
    for (const id of functionIds) {
      expect(invoked).toContainEqual({ 'Fn::GetAtt': [id, 'Arn'] });
    }
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: 'sns:Publish',
        Resource: { Ref: expect.stringMatching(/NotificationTopic/) },
      }),
    );
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/NotificationTopicKey/), 'Arn'] },
      }),
    );
  });

  it('grants only the out-of-stock function, among the functions, publishing to the topic', () => {
    const publishers = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((p) => JSON.stringify(p.Properties.PolicyDocument).includes('sns:Publish'))
      .map((p) => p.Properties.Roles[0].Ref as string);
    expect(publishers.sort()).toEqual([
      expect.stringMatching(/^WorkflowNotifyOutOfStockRole/),
      expect.stringMatching(/^WorkflowStateMachineRole/),
    ]);
  });

  it('lets a function write its own logs and use only the table actions it needs', () => {
    const actionsOf = (role: string) =>
      policyOfRole(template, role)
        .flatMap((s) => s.Action)
        .sort();
    const logsAndTraces = [
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'xray:PutTelemetryRecords',
      'xray:PutTraceSegments',
    ];
    expect(actionsOf('WorkflowShipOrderRole')).toEqual([...logsAndTraces].sort());
    expect(actionsOf('WorkflowValidateOrderRole')).toEqual(
      [...logsAndTraces, 'dynamodb:BatchGetItem', 'dynamodb:GetItem'].sort(),
    );
    expect(actionsOf('WorkflowStockRole')).toEqual([...logsAndTraces, 'dynamodb:UpdateItem'].sort());
    expect(actionsOf('WorkflowProcessPaymentRole')).toEqual(
      [
        ...logsAndTraces,
        'dynamodb:DeleteItem',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
      ].sort(),
    );
  });

  it('scopes every table grant to whole tables by ARN: no index, no wildcard', () => {
    const tableArn = expect.objectContaining({
      'Fn::GetAtt': [expect.stringMatching(/Table[0-9A-F]{8}$/), 'Arn'],
    });
    const tableArnJoined = {
      'Fn::Join': [
        '',
        [expect.stringMatching(/:table\/$/), { Ref: expect.stringMatching(/Table[0-9A-F]{8}$/) }],
      ],
    };
    for (const statement of policyStatements(template)) {
      if (![statement.Action].flat().some((a) => a.startsWith('dynamodb:'))) continue;
      for (const resource of [statement.Resource].flat()) {
        expect([tableArn, tableArnJoined]).toContainEqual(resource);
      }
    }
    const stock = policyOfRole(template, 'WorkflowStockRole').find(
      (s) => s.Action === 'dynamodb:UpdateItem',
    )!;
    expect([stock.Resource].flat()).toHaveLength(2); // Orders and Inventory, nothing else
  });

  it('creates on-demand, encrypted tables with point-in-time recovery, kept when the stack is deleted', () => {
    const tables = template.findResources('AWS::DynamoDB::Table');
    expect(
      Object.keys(tables)
        .map((id) => id.replace(/[0-9A-F]{8}$/, ''))
        .sort(),
    ).toEqual(['WorkflowIdempotencyTable', 'WorkflowInventoryTable', 'WorkflowOrdersTable']);
    for (const table of Object.values(tables)) {
      expect(table).toMatchObject({
        DeletionPolicy: 'Retain',
        Properties: {
          BillingMode: 'PAY_PER_REQUEST',
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          SSESpecification: { SSEEnabled: true },
        },
      });
    }
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      TimeToLiveSpecification: { AttributeName: 'expiration', Enabled: true },
    });
  });

  it('lets the state machine update only the Orders table', () => {
    const statements = policyOfRole(template, 'WorkflowStateMachineRole');
    const dynamo = statements.filter((s) => [s.Action].flat().some((a) => a.startsWith('dynamodb:')));
    expect(dynamo).toEqual([
      expect.objectContaining({
        Action: 'dynamodb:UpdateItem',
        Resource: {
          'Fn::Join': ['', [expect.any(String), { Ref: expect.stringMatching(/^WorkflowOrdersTable/) }]],
        },
      }),
    ]);
  });

  it('gives the default functions their table names', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          ORDERS_TABLE_NAME: { Ref: Match.stringLikeRegexp('^WorkflowOrdersTable') },
          INVENTORY_TABLE_NAME: { Ref: Match.stringLikeRegexp('^WorkflowInventoryTable') },
        }),
      },
    });
  });

  it('grants no wildcard action anywhere', () => {
    for (const statement of policyStatements(template)) {
      for (const action of [statement.Action].flat()) {
        expect(action).not.toMatch(/\*/);
      }
    }
  });

  it('alarms on failed, timed-out and throttled executions and on each function’s errors and throttles', () => {
    expect(Object.keys(workflow.alarms).sort()).toEqual(
      [
        'ExecutionsFailed',
        'ExecutionsTimedOut',
        'ExecutionsThrottled',
        ...[
          'ValidateOrder',
          'Stock',
          'ProcessPayment',
          'ShipOrder',
          'NotifyOutOfStock',
          'RefundPayment',
        ].flatMap((f) => [`${f}Errors`, `${f}Throttles`]),
      ].sort(),
    );
    template.resourceCountIs('AWS::CloudWatch::Alarm', 15);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ExecutionsFailed',
      Namespace: 'AWS/States',
      Threshold: 1,
      TreatMissingData: 'notBreaching',
    });
  });

  it('sends alarm and OK notifications to the alarm topic it is given', () => {
    const { template: withTopic } = synthWorkflow({}, (stack) => ({
      alarmTopic: new sns.Topic(stack, 'Ops'),
    }));
    withTopic.allResourcesProperties('AWS::CloudWatch::Alarm', {
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^Ops') }],
      OKActions: [{ Ref: Match.stringLikeRegexp('^Ops') }],
    });
  });

  it('builds a dashboard with executions, durations and per-function metrics', () => {
    const dashboard = Object.values(template.findResources('AWS::CloudWatch::Dashboard'))[0];
    const body = JSON.stringify(dashboard.Properties.DashboardBody);
    for (const title of [
      'Executions',
      'Execution duration',
      'Function invocations',
      'Function duration (p99)',
    ]) {
      expect(body).toContain(title);
    }
    expect(body).toContain('ExecutionTime');
  });

  it('invokes a caller’s payment function instead of creating the default one', () => {
    const { template: custom } = synthWorkflow({}, (stack) => ({
      processPaymentFunction: inlineFunction(stack, 'MyPayments'),
    }));
    const machine = definitionOf(custom);
    expect(statesOf(machine)[StateNames.ProcessPayment].Parameters).toMatchObject({
      FunctionName: expect.stringMatching(
        /^arn:aws:lambda:us-east-1:123456789012:function:MyPayments[0-9A-F]{8}$/,
      ),
    });
    expect(
      Object.keys(custom.findResources('AWS::Lambda::Function')).some((id) => /ProcessPayment/.test(id)),
    ).toBe(false);
  });

  it('uses a topic the caller passes and creates none', () => {
    const { template: custom } = synthWorkflow({}, (stack) => ({
      notificationTopic: sns.Topic.fromTopicArn(stack, 'Theirs', 'arn:aws:sns:eu-west-1:111111111111:theirs'),
    }));
    custom.resourceCountIs('AWS::SNS::Topic', 0);
    custom.resourceCountIs('AWS::KMS::Key', 0);
    custom.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ NOTIFICATION_TOPIC_ARN: 'arn:aws:sns:eu-west-1:111111111111:theirs' }),
      },
    });
  });

  it('turns X-Ray tracing off with a prop', () => {
    const { template: untraced } = synthWorkflow({ tracingEnabled: false });
    untraced.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      TracingConfiguration: { Enabled: false },
    });
    untraced.allResourcesProperties('AWS::Lambda::Function', { TracingConfig: Match.absent() });
  });

  it('keeps execution data out of the logs when asked', () => {
    synthWorkflow({ includeExecutionData: false }).template.hasResourceProperties(
      'AWS::StepFunctions::StateMachine',
      {
        LoggingConfiguration: Match.objectLike({ IncludeExecutionData: false }),
      },
    );
  });

  it('applies the removal policy and retention to every log group', () => {
    const { template: retained } = synthWorkflow({
      removalPolicy: RemovalPolicy.RETAIN,
      taskTimeout: Duration.seconds(20),
    });
    const groups = Object.values(retained.findResources('AWS::Logs::LogGroup'));
    expect(groups).toHaveLength(7);
    for (const group of groups) {
      expect(group.DeletionPolicy).toBe('Retain');
      expect(group.Properties.RetentionInDays).toBe(30);
    }
  });

  it('grants StartExecution, and StartSyncExecution for Express, through grantStartExecution', () => {
    const stack = new Stack(testApp(), 'GrantStack');
    const express = new OrderWorkflow(stack, 'Workflow', { workflowType: sfn.StateMachineType.EXPRESS });
    const caller = new iam.Role(stack, 'Caller', { assumedBy: new iam.AccountRootPrincipal() });
    express.grantStartExecution(caller);
    const statements = Template.fromStack(stack).findResources('AWS::IAM::Policy');
    const callerPolicy = Object.values(statements).find((p) =>
      p.Properties.Roles[0].Ref.startsWith('Caller'),
    )!;
    const actions = callerPolicy.Properties.PolicyDocument.Statement.flatMap(
      (s: { Action: string }) => s.Action,
    );
    expect(actions.sort()).toEqual(['states:StartExecution', 'states:StartSyncExecution']);
  });

  it('exposes the state machine metrics', () => {
    // The default workflow synthesized above: metrics add nothing to the template.
    const metric = workflow.metricFailed({ period: Duration.minutes(1) });
    expect(stack.resolve(metric.dimensions)).toEqual({
      StateMachineArn: { Ref: expect.stringMatching(/^WorkflowStateMachine/) },
    });
    expect(metric.metricName).toBe('ExecutionsFailed');
    expect(workflow.metricTime().metricName).toBe('ExecutionTime');
    expect(workflow.metricThrottled().metricName).toBe('ExecutionThrottled');
  });
});
