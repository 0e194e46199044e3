/**
 * What a Task's `Resource` names, read once: the only code in the repository that parses a Resource
 * ARN. The interpreter (history events, callback tokens), validation, TestState's mock shapes, the
 * task dispatcher, fault injection, the cost advisor and the diagram all read the result.
 *
 * The forms (Step Functions developer guide, "Integrating services"):
 * - a Lambda function, the legacy form: `arn:<p>:lambda:<region>:<account>:function:<name>[:<qualifier>]`;
 * - an optimized integration: `arn:<p>:states:::<service>:<action>[.sync | .sync:2 | .waitForTaskToken]`;
 * - an AWS SDK integration: `arn:<p>:states:::aws-sdk:<service>:<action>[.waitForTaskToken]`;
 * - an activity: `arn:<p>:states:<region>:<account>:activity:<name>`;
 * - anything else is unrecognized (validation only asks for an ARN; the dispatcher refuses it).
 */

/**
 * How Step Functions waits for a service integration: the call's response (request-response), the
 * job's end (`.sync`, or `.sync:2` whose output is JSON instead of a string), or a callback with the
 * task token (`.waitForTaskToken`).
 */
export type IntegrationPattern = 'request-response' | 'sync' | 'sync:2' | 'waitForTaskToken';

/** The names a service task's history events carry (`taskScheduledEventDetails` and the rest). */
export interface HistoryNames {
  /** `lambda` for `...:lambda:invoke`, `aws-sdk:glue` for `...:aws-sdk:glue:startJobRun`. */
  readonly resourceType: string;
  /** `invoke`, `invoke.waitForTaskToken`, `startJobRun`, ... */
  readonly resource: string;
}

interface ResourceBase extends HistoryNames {
  /** The Resource as written. */
  readonly arn: string;
}

/** A Lambda function ARN used directly as the Resource: recorded as LambdaFunction* events. */
export interface LambdaFunctionResource extends ResourceBase {
  readonly kind: 'lambda-function';
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly functionName: string;
  /** A version or alias (`...:function:pay:live`), if any. */
  readonly qualifier?: string;
}

/** `arn:<p>:states:::<service>:<action>...` or `arn:<p>:states:::aws-sdk:<service>:<action>...`. */
export interface ServiceIntegrationResource extends ResourceBase {
  readonly kind: 'service';
  readonly partition: string;
  /** True for the AWS SDK integrations (`aws-sdk:<service>:<action>`). */
  readonly sdk: boolean;
  /** `lambda`, `sns`, `dynamodb`, `states`, `glue`, ... (the SDK integration's service id). */
  readonly service: string;
  /** The API action without the pattern suffix: `invoke`, `publish`, `startExecution`, ... */
  readonly action: string;
  readonly pattern: IntegrationPattern;
}

/** `arn:<p>:states:<region>:<account>:activity:<name>`: a worker polls for the task. */
export interface ActivityResource extends ResourceBase {
  readonly kind: 'activity';
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly activityName: string;
}

/** Any other string. */
export interface UnrecognizedResource extends ResourceBase {
  readonly kind: 'unrecognized';
}

export type TaskResource =
  LambdaFunctionResource | ServiceIntegrationResource | ActivityResource | UnrecognizedResource;

const LAMBDA_FUNCTION = /^arn:([^:]+):lambda:([^:]*):([^:]*):function:([^:]+)(?::(.+))?$/;
const SERVICE = /^arn:([^:]+):states:::(aws-sdk:)?([\w-]+):(\w+)(\.sync(?::2)?|\.waitForTaskToken)?$/;
const ACTIVITY = /^arn:([^:]+):states:([^:]*):([^:]*):activity:(.+)$/;
/** What follows `arn:<p>:states:<region>:<account>:` in a Step Functions ARN. */
const STATES_TAIL = /^arn:[^:]+:states:[^:]*:[^:]*:(.+)$/;

const PATTERNS: Record<string, IntegrationPattern> = {
  '.sync': 'sync',
  '.sync:2': 'sync:2',
  '.waitForTaskToken': 'waitForTaskToken',
};

/** Classifies a Task's (or an ItemReader's, a ResultWriter's) Resource. Never throws. */
export function classifyResource(arn: string): TaskResource {
  const lambda = LAMBDA_FUNCTION.exec(arn);
  if (lambda) {
    const [, partition, region, account, functionName, qualifier] = lambda;
    return {
      kind: 'lambda-function',
      arn,
      partition,
      region,
      account,
      functionName,
      ...(qualifier !== undefined ? { qualifier } : {}),
      // AWS names the function ARN itself in LambdaFunctionScheduled.
      resourceType: 'lambda',
      resource: arn,
    };
  }
  const names = historyNames(arn);
  const service = SERVICE.exec(arn);
  if (service) {
    const [, partition, sdk, name, action, suffix] = service;
    return {
      kind: 'service',
      arn,
      partition,
      sdk: sdk !== undefined,
      service: name,
      action,
      pattern: suffix === undefined ? 'request-response' : PATTERNS[suffix],
      ...names,
    };
  }
  const activity = ACTIVITY.exec(arn);
  if (activity) {
    const [, partition, region, account, activityName] = activity;
    return { kind: 'activity', arn, partition, region, account, activityName, ...names };
  }
  return { kind: 'unrecognized', arn, ...names };
}

/**
 * The history's resourceType / resource: what follows `arn:<p>:states:<region>:<account>:`, cut at
 * its last colon (`aws-sdk:glue` / `startJobRun`, as AWS records it). The same cut applies to
 * every form, so `...:states:startExecution.sync:2` gives `states:startExecution.sync` / `2`.
 */
function historyNames(arn: string): HistoryNames {
  const integration = STATES_TAIL.exec(arn)?.[1] ?? arn;
  const cut = integration.lastIndexOf(':');
  return cut > 0
    ? { resourceType: integration.slice(0, cut), resource: integration.slice(cut + 1) }
    : { resourceType: integration, resource: integration };
}

/** A callback task: Step Functions puts a task token in `$$.Task.Token` and waits for it. */
export function waitsForTaskToken(resource: TaskResource): boolean {
  return resource.kind === 'service' && resource.pattern === 'waitForTaskToken';
}
