/**
 * Resolves the CloudFormation intrinsics of a synthesized template (Ref, Fn::GetAtt, Fn::Join,
 * Fn::Sub, Fn::Select, Fn::Split and the pseudo parameters) into plain values with stable local
 * ARNs. It is the only place that turns a template into plain ASL: the asl-validator test, the local
 * runtime and the tools all go through it.
 */

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
}

export interface CfnTemplate {
  readonly Resources?: Record<string, CfnResource>;
  readonly Parameters?: Record<string, { Default?: unknown }>;
}

/** Thrown when a template uses an intrinsic this resolver cannot turn into a value. */
export class TemplateResolutionError extends Error {
  constructor(message: string, where: string) {
    super(`${message} (at ${where || 'template root'})`);
    this.name = 'TemplateResolutionError';
  }
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
  'AWS::KMS::Key': 'name',
  'AWS::SQS::Queue': 'url',
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
  'AWS::SQS::Queue': 'QueueName',
};

export class TemplateResolver {
  private readonly resources: Record<string, CfnResource>;

  constructor(
    private readonly template: CfnTemplate,
    private readonly env: LocalEnvironment = DEFAULT_LOCAL_ENVIRONMENT,
  ) {
    this.resources = template.Resources ?? {};
  }

  /** Resources of a type, by logical id. */
  resourcesOfType(type: string): Array<[string, CfnResource]> {
    return Object.entries(this.resources).filter(([, r]) => r.Type === type);
  }

  /** The physical name a resource gets locally: its explicit name, or its logical id. */
  physicalName(logicalId: string): string {
    const resource = this.resource(logicalId, `Ref ${logicalId}`);
    const nameProperty = NAME_PROPERTY[resource.Type];
    const explicit = nameProperty ? resource.Properties?.[nameProperty] : undefined;
    if (explicit === undefined) return logicalId;
    const resolved = this.resolve(explicit, `${logicalId}.${nameProperty}`);
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
      default:
        return `${prefix(resource.Type.split('::')[1].toLowerCase())}:${name}`;
    }
  }

  /** Resolves every intrinsic in `value`, recursively. */
  resolve(value: unknown, where = ''): unknown {
    if (Array.isArray(value)) return value.map((v, i) => this.resolve(v, `${where}[${i}]`));
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 1 && isIntrinsic(entries[0][0])) {
      const [fn, arg] = entries[0];
      return this.intrinsic(fn, arg, `${where}.${fn}`);
    }
    return Object.fromEntries(entries.map(([k, v]) => [k, this.resolve(v, where ? `${where}.${k}` : k)]));
  }

  private intrinsic(fn: string, arg: unknown, where: string): unknown {
    switch (fn) {
      case 'Ref':
        return this.ref(String(arg), where);
      case 'Fn::GetAtt': {
        const [logicalId, attribute] = Array.isArray(arg) ? arg : String(arg).split(/\.(.+)/);
        return this.getAtt(String(logicalId), String(attribute), where);
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
        return 'local';
    }
    const parameter = this.template.Parameters?.[name];
    if (parameter) {
      if (parameter.Default === undefined) {
        throw new TemplateResolutionError(`parameter ${name} has no default`, where);
      }
      return parameter.Default;
    }
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

  private getAtt(logicalId: string, attribute: string, where: string): unknown {
    const resource = this.resource(logicalId, where);
    if (attribute === 'Arn' || attribute === 'StateMachineArn' || attribute === 'TopicArn') {
      return this.arn(logicalId);
    }
    if (attribute === 'Name' || attribute === 'TopicName' || attribute === 'QueueName') {
      return this.physicalName(logicalId);
    }
    if (attribute === 'QueueUrl') return this.ref(logicalId, where);
    throw new TemplateResolutionError(`Fn::GetAtt ${attribute} of ${resource.Type} is not supported`, where);
  }

  private sub(arg: unknown, where: string): string {
    const [text, variables] = Array.isArray(arg) ? arg : [arg, {}];
    const vars = (this.resolve(variables, where) ?? {}) as Record<string, unknown>;
    return String(text).replace(/\$\{([^}!]+)\}/g, (_, name: string) => {
      if (name in vars) return String(vars[name]);
      if (name.includes('.')) {
        const [id, attribute] = name.split(/\.(.+)/);
        return String(this.getAtt(id, attribute, where));
      }
      return String(this.ref(name, where));
    });
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
