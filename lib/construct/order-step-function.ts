import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledgeTracingWildcard } from './nag-acknowledgements';
import { DEFAULT_ARCHITECTURE, DEFAULT_RUNTIME, handlerBundleDir } from './bundling';

/** Properties of an {@link OrderStepFunction}. */
export interface OrderStepFunctionProps {
  /** Folder under lambdas/ holding the handler's `index.ts`, e.g. `process-payment`. */
  readonly step: string;
  /** What the function does, shown in the Lambda console. */
  readonly description: string;
  /**
   * Memory in MB; CPU is allotted in proportion.
   * @default 256
   */
  readonly memorySize?: number;
  /**
   * How long one invocation may run.
   * @default Duration.seconds(5)
   */
  readonly timeout?: Duration;
  /**
   * Environment variables besides the Powertools ones.
   * @default - none
   */
  readonly environment?: Record<string, string>;
  /**
   * Active X-Ray tracing.
   * @default true
   */
  readonly tracing?: boolean;
  /**
   * How long the function's logs are kept.
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * What happens to the log group when the stack is deleted.
   * @default RemovalPolicy.DESTROY
   */
  readonly logRemovalPolicy?: RemovalPolicy;
}

/** The default timeout of a step's function. */
export const DEFAULT_FUNCTION_TIMEOUT = Duration.seconds(5);

/**
 * One of the workflow's default functions: the handler in `lambdas/<step>/`, on arm64 and the
 * newest Node.js runtime, with a role of its own that may write to its own log group and nothing
 * else until a grant says so. Its code is the bundle the package ships (`dist/handlers/<step>`,
 * built by esbuild at build time), so synthesizing needs neither esbuild nor the handlers' sources.
 */
export class OrderStepFunction extends Construct {
  /** The function. */
  public readonly function: lambda.Function;
  /** Its execution role: starts empty but for log writing, so every other permission is a visible grant. */
  public readonly role: iam.Role;
  /** Where its logs go. */
  public readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: OrderStepFunctionProps) {
    super(scope, id);

    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.DESTROY,
    });

    // Not AWSLambdaBasicExecutionRole: that managed policy may write to any log group.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of the ${props.step} step`,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new lambda.Function(this, 'Function', {
      code: lambda.Code.fromAsset(handlerBundleDir(props.step)),
      handler: 'index.handler',
      description: props.description,
      runtime: DEFAULT_RUNTIME,
      architecture: DEFAULT_ARCHITECTURE,
      memorySize: props.memorySize ?? 256,
      timeout: props.timeout ?? DEFAULT_FUNCTION_TIMEOUT,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      tracing: props.tracing === false ? lambda.Tracing.DISABLED : lambda.Tracing.ACTIVE,
      environment: {
        POWERTOOLS_SERVICE_NAME: `order-workflow-${props.step}`,
        ...props.environment,
      },
    });
    if (props.tracing !== false) acknowledgeTracingWildcard(this.role);
  }
}
