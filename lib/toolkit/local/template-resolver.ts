/**
 * Resolves the CloudFormation intrinsics of a synthesized template into plain values with stable
 * local ARNs. It is the only place that turns a template into plain ASL: the asl-validator test,
 * the local runtime and the tools all go through it.
 *
 * Resolution is per value: what cannot be resolved locally (a lookup needing an account, an
 * attribute only AWS knows) throws a TemplateResolutionError naming the intrinsic and where it is,
 * or, through `resolveLeniently`, becomes an "unresolved" marker inside the value, so the one
 * invocation or state that uses it fails, and everything else runs.
 */
import { evaluateCondition, type Conditions } from './cfn-conditions';
import { TemplateResolutionError, unresolvedMarker } from './unresolved';

export { TemplateResolutionError } from './unresolved';

/** Where the resolved resources pretend to live. */
export interface LocalEnvironment {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  /**
   * Where queue URLs point (`<origin>/<account>/<name>`): the endpoint that serves SQS, since the
   * SDK sends a queue's calls to its URL's host. @default 'http://localhost'
   */
  readonly queueUrlOrigin?: string;
}

export const DEFAULT_LOCAL_ENVIRONMENT: LocalEnvironment = {
  partition: 'aws',
  region: 'us-east-1',
  accountId: '123456789012',
};

export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  /** CDK writes the construct path here (`aws:cdk:path`). */
  readonly Metadata?: Record<string, unknown>;
  /** The name of a condition that decides whether the resource exists. */
  readonly Condition?: string;
}

export interface CfnOutput {
  readonly Value: unknown;
  readonly Export?: { readonly Name: unknown };
}

export interface CfnTemplate {
  readonly Resources?: Record<string, CfnResource>;
  readonly Parameters?: Record<string, { Default?: unknown; Type?: string }>;
  readonly Conditions?: Conditions;
  readonly Mappings?: Record<string, Record<string, Record<string, unknown>>>;
  readonly Outputs?: Record<string, CfnOutput>;
}

/**
 * How a stack's template reaches the rest of its app: its name, the values its parent passes a
 * nested stack, its own nested stacks (for `Outputs.X`), and the other stacks' exports.
 */
export interface StackLinks {
  /** For `AWS::StackName` and `AWS::StackId`. @default 'local' */
  readonly stackName?: string;
  /** A nested stack's parameter as its parent passes it; undefined when the parent does not. */
  readonly parameter?: (name: string) => { readonly value: unknown } | undefined;
  /** The resolver of a nested stack (an AWS::CloudFormation::Stack resource of this template). */
  readonly nestedStack?: (logicalId: string) => TemplateResolver | undefined;
  /** The value another stack of the app exports under `exportName`. */
  readonly importValue?: (exportName: string, where: string) => unknown;
}

/** What a `Ref` to each resource type returns, per CloudFormation's documentation. */
const REF_RETURNS: Record<string, 'name' | 'arn' | 'url'> = {
  'AWS::Lambda::Function': 'name',
  'AWS::DynamoDB::Table': 'name',
  'AWS::DynamoDB::GlobalTable': 'name',
  'AWS::Logs::LogGroup': 'name',
  'AWS::S3::Bucket': 'name',
  'AWS::IAM::Role': 'name',
  'AWS::Events::EventBus': 'name',
  'AWS::SNS::Topic': 'arn',
  'AWS::StepFunctions::StateMachine': 'arn',
  'AWS::StepFunctions::Activity': 'arn',
  'AWS::KMS::Key': 'name',
  'AWS::SQS::Queue': 'url',
  'AWS::CloudFormation::Stack': 'arn',
};

/** The property holding a resource's explicit physical name, by type. */
const NAME_PROPERTY: Record<string, string> = {
  'AWS::Lambda::Function': 'FunctionName',
  'AWS::DynamoDB::Table': 'TableName',
  'AWS::DynamoDB::GlobalTable': 'TableName',
  'AWS::Logs::LogGroup': 'LogGroupName',
  'AWS::S3::Bucket': 'BucketName',
  'AWS::IAM::Role': 'RoleName',
  'AWS::Events::EventBus': 'Name',
  'AWS::SNS::Topic': 'TopicName',
  'AWS::StepFunctions::StateMachine': 'StateMachineName',
  'AWS::StepFunctions::Activity': 'Name',
  'AWS::SQS::Queue': 'QueueName',
};

/** Attributes that are the resource's ARN or its name, whatever the type. */
const ARN_ATTRIBUTES = new Set(['Arn', 'StateMachineArn', 'TopicArn', 'EventBusArn']);
const NAME_ATTRIBUTES = new Set(['Name', 'TopicName', 'QueueName', 'StateMachineName']);

export class TemplateResolver {
  private readonly resources: Record<string, CfnResource>;
  private readonly conditionValues = new Map<string, boolean>();
  /** Set while resolveLeniently runs: an unresolvable intrinsic becomes a marker, not an error. */
  private lenient = false;

  constructor(
    private readonly template: CfnTemplate,
    private readonly env: LocalEnvironment = DEFAULT_LOCAL_ENVIRONMENT,
    private readonly links: StackLinks = {},
  ) {
    this.resources = template.Resources ?? {};
  }

  get environment(): LocalEnvironment {
    return this.env;
  }

  get stackName(): string {
    return this.links.stackName ?? 'local';
  }

  /** Resources of a type, by logical id; those whose Condition is false do not exist. */
  resourcesOfType(type: string): Array<[string, CfnResource]> {
    return Object.entries(this.resources).filter(([id, r]) => r.Type === type && this.exists(id, r));
  }

  /** The physical name a resource gets locally: its explicit name, or its logical id. */
  physicalName(logicalId: string): string {
    const resource = this.resource(logicalId, `Ref ${logicalId}`);
    const nameProperty = NAME_PROPERTY[resource.Type];
    const explicit = nameProperty ? resource.Properties?.[nameProperty] : undefined;
    if (explicit === undefined) return logicalId;
    const resolved = this.resolve(explicit, `${logicalId}.Properties.${nameProperty}`);
    if (typeof resolved !== 'string') {
      throw new TemplateResolutionError(`${nameProperty} of ${logicalId} is not a string`, logicalId);
    }
    return resolved;
  }

  /** The local ARN of a resource. */
  arn(logicalId: string): string {
    const resource = this.resource(logicalId, `Fn::GetAtt ${logicalId}.Arn`);
    const { partition, region, accountId } = this.env;
    const name = this.physicalName(logicalId);
    const prefix = (service: string, withRegion = true) =>
      `arn:${partition}:${service}:${withRegion ? region : ''}:${accountId}`;
    switch (resource.Type) {
      case 'AWS::Lambda::Function':
        return `${prefix('lambda')}:function:${name}`;
      case 'AWS::SNS::Topic':
        return `${prefix('sns')}:${name}`;
      case 'AWS::SQS::Queue':
        return `${prefix('sqs')}:${name}`;
      case 'AWS::StepFunctions::StateMachine':
        return `${prefix('states')}:stateMachine:${name}`;
      case 'AWS::StepFunctions::Activity':
        return `${prefix('states')}:activity:${name}`;
      case 'AWS::DynamoDB::Table':
      case 'AWS::DynamoDB::GlobalTable':
        return `${prefix('dynamodb')}:table/${name}`;
      case 'AWS::Logs::LogGroup':
        return `${prefix('logs')}:log-group:${name}:*`;
      case 'AWS::IAM::Role':
        return `${prefix('iam', false)}:role/${name}`;
      case 'AWS::KMS::Key':
        return `${prefix('kms')}:key/${name}`;
      case 'AWS::S3::Bucket':
        return `arn:${partition}:s3:::${name}`;
      case 'AWS::Events::EventBus':
        return `${prefix('events')}:event-bus/${name}`;
      case 'AWS::CloudFormation::Stack':
        return `${prefix('cloudformation')}:stack/${this.stackName}-${name}/local`;
      default:
        return `${prefix(resource.Type.split('::')[1].toLowerCase())}:${name}`;
    }
  }

  /** Resolves every intrinsic in `value`, recursively; throws what cannot be resolved. */
  resolve(value: unknown, where = ''): unknown {
    if (Array.isArray(value)) {
      return value.map((v, i) => this.resolve(v, `${where}[${i}]`)).filter((v) => v !== undefined);
    }
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 1 && isIntrinsic(entries[0][0])) {
      const [fn, arg] = entries[0];
      return this.evaluate(fn, arg, `${where}.${fn}`);
    }
    const resolved = entries.map(([k, v]) => [k, this.resolve(v, where ? `${where}.${k}` : k)] as const);
    // `Ref: AWS::NoValue` removes the property, as CloudFormation does.
    return Object.fromEntries(resolved.filter(([, v]) => v !== undefined));
  }

  /**
   * Resolves `value`, putting an unresolved marker (see unresolved.ts) where an intrinsic cannot be
   * resolved, so the caller can keep what resolved and fail only where the marker is used.
   */
  resolveLeniently(value: unknown, where = ''): unknown {
    const wasLenient = this.lenient;
    this.lenient = true;
    try {
      return this.resolve(value, where);
    } finally {
      this.lenient = wasLenient;
    }
  }

  /** A stack output's value (for a parent's `Fn::GetAtt <Stack>.Outputs.X`, or an export). */
  output(name: string, where: string): unknown {
    const output = this.template.Outputs?.[name];
    if (!output) {
      throw new TemplateResolutionError(`stack ${this.stackName} has no output ${name}`, where);
    }
    return this.resolve(output.Value, `${this.stackName}.Outputs.${name}.Value`);
  }

  /** This template's exports: each resolvable export name with its output. */
  exports(): Array<{ name: string; output: string }> {
    const found: Array<{ name: string; output: string }> = [];
    for (const [output, { Export }] of Object.entries(this.template.Outputs ?? {})) {
      if (Export === undefined) continue;
      try {
        found.push({ name: String(this.resolve(Export.Name, `Outputs.${output}.Export.Name`)), output });
      } catch (error) {
        if (!(error instanceof TemplateResolutionError)) throw error;
      }
    }
    return found;
  }

  /** Whether a condition of this template holds. */
  condition(name: string, where: string): boolean {
    let value = this.conditionValues.get(name);
    if (value === undefined) {
      const expression = this.template.Conditions?.[name];
      if (expression === undefined) throw new TemplateResolutionError(`no condition named ${name}`, where);
      value = evaluateCondition(expression, {
        resolve: (v, at) => this.resolve(v, at),
        condition: (other, at) => this.condition(other, at),
        where: `Conditions.${name}`,
      });
      this.conditionValues.set(name, value);
    }
    return value;
  }

  private evaluate(fn: string, arg: unknown, where: string): unknown {
    if (!this.lenient) return this.intrinsic(fn, arg, where);
    try {
      return this.intrinsic(fn, arg, where);
    } catch (error) {
      if (error instanceof TemplateResolutionError) {
        return unresolvedMarker(`${this.stackName}: ${error.message}`);
      }
      throw error;
    }
  }

  private intrinsic(fn: string, arg: unknown, where: string): unknown {
    switch (fn) {
      case 'Ref':
        return this.ref(String(arg), where);
      case 'Fn::GetAtt': {
        const [logicalId, attribute] = Array.isArray(arg) ? arg : String(arg).split(/\.(.+)/);
        return this.getAtt(String(logicalId), String(this.resolve(attribute, where)), where);
      }
      case 'Fn::Join': {
        const [separator, parts] = expectArray(arg, 2, where);
        const list = this.resolve(parts, where);
        if (!Array.isArray(list)) throw new TemplateResolutionError('Fn::Join needs a list', where);
        return list.map((p) => String(p)).join(String(separator));
      }
      case 'Fn::Select': {
        const [index, list] = expectArray(arg, 2, where);
        const items = this.resolve(list, where);
        const i = Number(this.resolve(index, where));
        if (!Array.isArray(items) || !(i in items)) {
          throw new TemplateResolutionError(`Fn::Select index ${i} is out of range`, where);
        }
        return items[i];
      }
      case 'Fn::Split': {
        const [separator, source] = expectArray(arg, 2, where);
        return String(this.resolve(source, where)).split(String(separator));
      }
      case 'Fn::Sub':
        return this.sub(arg, where);
      case 'Fn::If': {
        const [name, whenTrue, whenFalse] = expectArray(arg, 3, where);
        return this.resolve(this.condition(String(name), where) ? whenTrue : whenFalse, where);
      }
      case 'Fn::Equals':
      case 'Fn::And':
      case 'Fn::Or':
      case 'Fn::Not':
        return evaluateCondition(
          { [fn]: arg },
          {
            resolve: (v, at) => this.resolve(v, at),
            condition: (name, at) => this.condition(name, at),
            where,
          },
        );
      case 'Fn::FindInMap':
        return this.findInMap(arg, where);
      case 'Fn::Base64':
        return Buffer.from(String(this.resolve(arg, where))).toString('base64');
      case 'Fn::GetAZs': {
        const region = String(this.resolve(arg, where) || this.env.region);
        return ['a', 'b', 'c'].map((zone) => `${region}${zone}`);
      }
      case 'Fn::ToJsonString':
        return JSON.stringify(this.resolve(arg, where));
      case 'Fn::Length': {
        const list = this.resolve(arg, where);
        if (!Array.isArray(list)) throw new TemplateResolutionError('Fn::Length needs a list', where);
        return list.length;
      }
      case 'Fn::ImportValue':
        return this.importValue(arg, where);
      default:
        throw new TemplateResolutionError(`${fn} is not supported locally`, where);
    }
  }

  private ref(name: string, where: string): unknown {
    switch (name) {
      case 'AWS::Partition':
        return this.env.partition;
      case 'AWS::Region':
        return this.env.region;
      case 'AWS::AccountId':
        return this.env.accountId;
      case 'AWS::URLSuffix':
        return 'amazonaws.com';
      case 'AWS::NoValue':
        return undefined;
      case 'AWS::StackName':
        return this.stackName;
      case 'AWS::StackId':
        return `arn:${this.env.partition}:cloudformation:${this.env.region}:${this.env.accountId}:stack/${this.stackName}/local`;
      case 'AWS::NotificationARNs':
        return [];
    }
    const parameter = this.template.Parameters?.[name];
    if (parameter) return this.parameter(name, parameter, where);
    const resource = this.resource(name, where);
    switch (REF_RETURNS[resource.Type]) {
      case 'arn':
        return this.arn(name);
      case 'url':
        return `${this.env.queueUrlOrigin ?? 'http://localhost'}/${this.env.accountId}/${this.physicalName(name)}`;
      default:
        return this.physicalName(name);
    }
  }

  /** A parameter's value: what a parent stack passes, else its default. */
  private parameter(name: string, parameter: { Default?: unknown; Type?: string }, where: string): unknown {
    const passed = this.links.parameter?.(name);
    if (passed) return passed.value;
    if (parameter.Type?.startsWith('AWS::SSM::Parameter::Value')) {
      throw new TemplateResolutionError(
        `parameter ${name} is read from SSM Parameter Store in the account (${String(parameter.Default)})`,
        where,
      );
    }
    if (parameter.Default === undefined) {
      throw new TemplateResolutionError(`parameter ${name} has no default`, where);
    }
    return parameter.Default;
  }

  private getAtt(logicalId: string, attribute: string, where: string): unknown {
    const resource = this.resource(logicalId, where);
    if (ARN_ATTRIBUTES.has(attribute)) return this.arn(logicalId);
    if (NAME_ATTRIBUTES.has(attribute)) return this.physicalName(logicalId);
    if (attribute === 'QueueUrl') return this.ref(logicalId, where);
    if (resource.Type === 'AWS::CloudFormation::Stack' && attribute.startsWith('Outputs.')) {
      const nested = this.links.nestedStack?.(logicalId);
      if (!nested) throw new TemplateResolutionError(`nested stack ${logicalId} has no template here`, where);
      return nested.output(attribute.slice('Outputs.'.length), where);
    }
    // Many attributes echo a property of the same name (a VPC's CidrBlock, a bucket's…).
    const property = resource.Properties?.[attribute];
    if (property !== undefined) return this.resolve(property, `${logicalId}.Properties.${attribute}`);
    throw new TemplateResolutionError(
      `Fn::GetAtt ${logicalId}.${attribute} (${resource.Type}) is known only once deployed`,
      where,
    );
  }

  private importValue(arg: unknown, where: string): unknown {
    const name = String(this.resolve(arg, where));
    if (!this.links.importValue) {
      throw new TemplateResolutionError(`Fn::ImportValue ${name}: no other stack is loaded`, where);
    }
    return this.links.importValue(name, where);
  }

  private findInMap(arg: unknown, where: string): unknown {
    const [map, top, second] = (expectArray(arg, 3, where) as unknown[]).map((v) =>
      String(this.resolve(v, where)),
    );
    const value = this.template.Mappings?.[map]?.[top]?.[second];
    if (value === undefined) {
      throw new TemplateResolutionError(`Fn::FindInMap: mapping ${map} has no ${top}.${second}`, where);
    }
    return value;
  }

  private sub(arg: unknown, where: string): string {
    const [text, variables] = Array.isArray(arg) ? arg : [arg, {}];
    const vars = (this.resolve(variables, where) ?? {}) as Record<string, unknown>;
    return String(text).replace(/\$\{([^}!]+)\}/g, (_, name: string) => {
      if (name in vars) return String(vars[name]);
      if (name.includes('.') && !name.startsWith('AWS::')) {
        const [id, attribute] = name.split(/\.(.+)/);
        return String(this.getAtt(id, attribute, where));
      }
      return String(this.ref(name, where));
    });
  }

  private exists(logicalId: string, resource: CfnResource): boolean {
    if (resource.Condition === undefined) return true;
    try {
      return this.condition(resource.Condition, `${logicalId}.Condition`);
    } catch (error) {
      if (error instanceof TemplateResolutionError) return true;
      throw error;
    }
  }

  private resource(logicalId: string, where: string): CfnResource {
    const resource = this.resources[logicalId];
    if (!resource) throw new TemplateResolutionError(`no resource or parameter named ${logicalId}`, where);
    return resource;
  }
}

function isIntrinsic(key: string): boolean {
  return key === 'Ref' || key.startsWith('Fn::');
}

function expectArray(arg: unknown, length: number, where: string): unknown[] {
  if (!Array.isArray(arg) || arg.length !== length) {
    throw new TemplateResolutionError(`expected a list of ${length}`, where);
  }
  return arg;
}
