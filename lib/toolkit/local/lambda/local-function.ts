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
  /**
   * `nodejs24.x`, `python3.12`…: decides how the function runs (see localRuntimeSupport) and, for
   * Node.js, whether callback handlers are allowed (not on 24 and later). Absent: Node.js.
   */
  runtime?: string;
  /** `Image` for a container image function (which cannot run here); absent or `Zip`: a bundle. */
  packageType?: string;
  /** The function's Environment.Variables, resolved to plain strings. */
  environment: Record<string, string>;
  timeoutSeconds: number;
  memoryMb: number;
  /**
   * Why the function cannot run locally: a value of its definition (an environment variable, say)
   * that cannot be resolved, naming the intrinsic and where. Its invocations fail with this.
   */
  unresolved?: string;
}

/** Lambda's outcome of one invocation: the JSON payload, or the error document it returns. */
export type InvokeResult =
  | { ok: true; payload: unknown; logs: string; durationMs: number; initDurationMs?: number }
  | {
      ok: false;
      errorType: string;
      errorMessage: string;
      trace: string[];
      /**
       * The error document exactly as the function's runtime returns it, when it is not
       * {errorType, errorMessage, trace} (Python's: errorMessage, errorType, requestId, stackTrace).
       */
      document?: Record<string, unknown>;
      logs: string;
      durationMs: number;
      initDurationMs?: number;
    };

/** The JSON a failed invocation returns to its caller (Lambda Invoke's body, Step Functions' cause). */
export function errorDocument(result: Extract<InvokeResult, { ok: false }>): Record<string, unknown> {
  return (
    result.document ?? { errorType: result.errorType, errorMessage: result.errorMessage, trace: result.trace }
  );
}
