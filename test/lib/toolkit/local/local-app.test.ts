import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CfnOutput, CfnResource, Fn, NestedStack, Stack } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { loadLocalApp, LocalApp } from '../../../../lib/toolkit/local/local-app';
import { Harness } from '../../../../lib/toolkit/testing';
import { testApp } from '../../../support/synth';

/** An inline Node.js function that returns the environment variables its event names. */
function echoEnv(scope: Stack | NestedStack, id: string, environment: Record<string, string>) {
  return new lambda.Function(scope, id, {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline(
      'exports.handler = async (e) => Object.fromEntries(e.names.map((n) => [n, process.env[n]]));',
    ),
    environment,
  });
}

function invoke(scope: Stack | NestedStack, id: string, fn: lambda.IFunction) {
  return new tasks.LambdaInvoke(scope, id, { lambdaFunction: fn, payloadResponseOnly: true });
}

/**
 * Three stacks as users write them: a nested stack whose topic and function the parent uses
 * (outputs and parameters across the boundary), a second stack importing the first's export, and
 * values only AWS knows (a VPC's default security group, an imported export nobody makes).
 */
function multiStackApp() {
  const app = testApp();
  const shared = new Stack(app, 'Shared');
  const inner = new NestedStack(shared, 'Inner');
  const topic = new sns.Topic(inner, 'Alerts');
  const vpc = new CfnResource(shared, 'Vpc', {
    type: 'AWS::EC2::VPC',
    properties: { CidrBlock: '10.0.0.0/16' },
  });
  const parentFn = echoEnv(shared, 'Reporter', {
    TOPIC: topic.topicArn,
    CIDR: vpc.getAtt('CidrBlock').toString(),
  });
  // A function inside the nested stack that reads a value of its parent (a nested stack parameter).
  const orders = new sns.Topic(shared, 'Orders');
  const innerFn = echoEnv(inner, 'InnerFn', { PARENT_TOPIC: orders.topicName });
  new sfn.StateMachine(inner, 'InnerFlow', {
    definitionBody: sfn.DefinitionBody.fromChainable(invoke(inner, 'Ask inner', innerFn)),
  });
  const broken = echoEnv(shared, 'Broken', { SG: vpc.getAtt('DefaultSecurityGroup').toString() });
  new sfn.StateMachine(shared, 'Flow', {
    definitionBody: sfn.DefinitionBody.fromChainable(
      invoke(shared, 'Report', parentFn).next(invoke(shared, 'Use broken', broken)),
    ),
  });
  const image = new lambda.DockerImageFunction(shared, 'Imaged', {
    code: lambda.DockerImageCode.fromEcr(ecr.Repository.fromRepositoryName(shared, 'Repo', 'scorer')),
  });
  new sfn.StateMachine(shared, 'ImageFlow', {
    definitionBody: sfn.DefinitionBody.fromChainable(invoke(shared, 'Score', image)),
  });
  new CfnOutput(shared, 'ReporterArn', { value: parentFn.functionArn, exportName: 'ReporterArn' });

  const consumer = new Stack(app, 'Consumer');
  const importedFn = lambda.Function.fromFunctionArn(consumer, 'Imported', Fn.importValue('ReporterArn'));
  const missingFn = lambda.Function.fromFunctionArn(consumer, 'Missing', Fn.importValue('NobodyExportsThis'));
  new sfn.StateMachine(consumer, 'Caller', {
    definitionBody: sfn.DefinitionBody.fromChainable(
      new sfn.Choice(consumer, 'Which?')
        .when(sfn.Condition.booleanEquals('$.missing', true), invoke(consumer, 'Call missing', missingFn))
        .otherwise(invoke(consumer, 'Call imported', importedFn)),
    ),
  });
  // A definition from a file (deployed as an S3 asset), with a substitution from another stack.
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'order-workflow-definition-')), 'flow.json');
  fs.writeFileSync(
    file,
    JSON.stringify({ StartAt: 'Call', States: { Call: { Type: 'Task', Resource: '${FnArn}', End: true } } }),
  );
  new sfn.StateMachine(consumer, 'FromFile', {
    definitionBody: sfn.DefinitionBody.fromFile(file),
    definitionSubstitutions: { FnArn: importedFn.functionArn },
  });
  app.synth();
  return app;
}

describe('loadLocalApp on an app of several stacks', () => {
  let app: LocalApp;
  beforeAll(() => {
    app = loadLocalApp(multiStackApp().outdir);
  });

  it('reads nested stacks: their state machines and functions, with construct paths', () => {
    expect(app.stateMachines.map((m) => m.constructPath).sort()).toEqual([
      'Consumer/Caller/Resource',
      'Consumer/FromFile/Resource',
      'Shared/Flow/Resource',
      'Shared/ImageFlow/Resource',
      'Shared/Inner/InnerFlow/Resource',
    ]);
    expect(app.functions.map((f) => f.name)).toContainEqual(expect.stringMatching(/^InnerFn/));
    expect(app.topicArns).toEqual(
      expect.arrayContaining([expect.stringMatching(/^arn:aws:sns:us-east-1:123456789012:Alerts/)]),
    );
  });

  it('resolves a nested stack output in the parent and a parent value passed to the nested stack', () => {
    const reporter = app.functions.find((f) => f.name.startsWith('Reporter'))!;
    expect(reporter.environment.TOPIC).toMatch(/^arn:aws:sns:us-east-1:123456789012:Alerts/);
    expect(reporter.environment.CIDR).toBe('10.0.0.0/16');
    expect(reporter.unresolved).toBeUndefined();
    const inner = app.functions.find((f) => f.name.startsWith('InnerFn'))!;
    expect(inner.environment.PARENT_TOPIC).toMatch(/^Orders/);
  });

  it('keeps what cannot be resolved locally, naming the resource, property and intrinsic', () => {
    const broken = app.functions.find((f) => f.name.startsWith('Broken'))!;
    expect(broken.unresolved).toMatch(
      /Fn::GetAtt Vpc\.DefaultSecurityGroup \(AWS::EC2::VPC\) is known only once deployed \(at Broken\w+\.Properties\.Environment\.Variables\.SG\.Fn::GetAtt\)/,
    );
    expect(app.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Shared: function Broken\w+: Shared: Fn::GetAtt Vpc\.DefaultSecurityGroup/),
        expect.stringMatching(
          /^Consumer: state machine Caller\w+: Consumer: Fn::ImportValue NobodyExportsThis: no stack of this app exports it \(at Caller\w+\.Properties\.DefinitionString/,
        ),
      ]),
    );
  });
});

describe('running an app of several stacks', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await Harness.start({ app: multiStackApp() });
  });
  afterAll(() => harness.close());

  it('runs a state machine whose function comes from another stack through Fn::ImportValue', async () => {
    const result = await harness
      .stateMachine('Consumer/Caller')
      .run({ missing: false, names: ['TOPIC', 'CIDR'] });
    expect(result).toMatchObject({ status: 'SUCCEEDED', path: ['Which?', 'Call imported'] });
    expect(result.output).toEqual({
      TOPIC: expect.stringMatching(/^arn:aws:sns:us-east-1:123456789012:Alerts/),
      CIDR: '10.0.0.0/16',
    });
  });

  it('runs a definition read from a file asset, its substitution resolved from another stack', async () => {
    const result = await harness.stateMachine('Consumer/FromFile').run({ names: ['CIDR'] });
    expect(result).toMatchObject({ status: 'SUCCEEDED', output: { CIDR: '10.0.0.0/16' } });
  });

  it('fails only the state that uses an unresolvable value, saying which and how to mock it', async () => {
    const result = await harness.stateMachine('Consumer/Caller').run({ missing: true, names: [] });
    expect(result).toMatchObject({
      status: 'FAILED',
      error: 'States.Runtime',
      path: ['Which?', 'Call missing'],
    });
    expect(result.cause).toMatch(
      /state "Call missing": a value this uses cannot be resolved locally: Consumer: Fn::ImportValue NobodyExportsThis: no stack of this app exports it .*Mock the state/,
    );
  });

  it('fails the invocation of a function whose environment cannot be resolved, after the others ran', async () => {
    const result = await harness.stateMachine('Shared/Flow').run({ names: ['TOPIC'] });
    expect(result).toMatchObject({
      status: 'FAILED',
      error: 'LocalRuntime.CannotRun',
      path: ['Report', 'Use broken'],
    });
    expect(result.states[0].output).toEqual({ TOPIC: expect.stringMatching(/:Alerts/) });
    expect(result.cause).toMatch(/cannot run locally: .*Fn::GetAtt Vpc\.DefaultSecurityGroup/);
  });

  it('fails the invocation of a container image function, saying it needs a container runtime', async () => {
    const result = await harness.stateMachine('Shared/ImageFlow').run({});
    expect(result).toMatchObject({ status: 'FAILED', error: 'LocalRuntime.CannotRun', path: ['Score'] });
    expect(result.cause).toMatch(
      /Imaged\w+ cannot run locally: it is a container image function \(PackageType Image\), which needs a container runtime/,
    );
  });

  it('runs a nested stack’s state machine and function, reading a parent’s value', async () => {
    const result = await harness.stateMachine('Shared/Inner/InnerFlow').run({ names: ['PARENT_TOPIC'] });
    expect(result).toMatchObject({
      status: 'SUCCEEDED',
      output: { PARENT_TOPIC: expect.stringMatching(/^Orders/) },
    });
  });
});
