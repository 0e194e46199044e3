/**
 * What the function runner's parts share: a function to run and the outcome of one invocation.
 * A leaf module, so that the runner, its execution environments and the Lambda environment
 * variables depend on it rather than on each other.
 */

/** A synthesized Lambda function, ready to run locally (see localFunctionsFromAssembly). */
export interface LocalFunction {
  name: string;
  arn: string;
  /** The bundle: an asset folder of the cloud assembly, standing in for /var/task. */
  directory: string;
  /** `index.handler`, `src/app.handler`… */
  handler: string;
  /** `nodejs24.x`…; decides whether callback handlers are allowed (not on 24 and later). */
  runtime?: string;
  /** The function's Environment.Variables, resolved to plain strings. */
  environment: Record<string, string>;
  timeoutSeconds: number;
  memoryMb: number;
  /**
   * Why the function cannot run locally: a value of its definition (an environment variable, say)
   * that cannot be resolved, naming the intrinsic and where. Its invocations fail with this.
   */
  unresolved?: string;
  /** `Image`: a container image function, which cannot run here (its invocations fail saying so). */
  packageType?: 'Image';
}

/** Lambda's outcome of one invocation: the JSON payload, or the error document it returns. */
export type InvokeResult =
  | { ok: true; payload: unknown; logs: string; durationMs: number; initDurationMs?: number }
  | {
      ok: false;
      errorType: string;
      errorMessage: string;
      trace: string[];
      logs: string;
      durationMs: number;
      initDurationMs?: number;
    };
