import type { ExecutionOutcome } from '../asl/engine';
import { CaseExecutor, FileReport, runConformanceFile } from '../asl/conformance-runner';
import { createInterpreter } from '../asl/interpreter';
import { LocalRuntime } from '../local/local-runtime';
import { DEFAULT_LOCAL_ENVIRONMENT } from '../local/template-resolver';

/**
 * Runs each conformance case the way the endpoint runs an execution: CreateStateMachine (with its
 * definition validation), StartExecution (with the input's checks), the execution record and its
 * history — through {@link LocalRuntime}, not straight on the engine.
 */
export function runtimeExecutor(): CaseExecutor {
  const engine = createInterpreter();
  return (c, setup) => {
    const runtime = new LocalRuntime({
      engine,
      environment: DEFAULT_LOCAL_ENVIRONMENT,
      taskHandlerFor: () => setup.taskHandler,
      clock: setup.clock,
      random: setup.random,
    });
    const machine = runtime.createStateMachine({
      name: 'conformance',
      definition: c.definition,
      roleArn: 'arn:aws:iam::111111111111:role/snf_role',
    });
    const record = runtime.start({ stateMachine: machine.arn, name: 'case', input: c.input });
    // The history comes from the record, as GetExecutionHistory serves it.
    const done = record.done.then((): ExecutionOutcome => {
      for (const event of record.events ?? []) setup.onEvent(event);
      return record.status === 'SUCCEEDED'
        ? { status: 'SUCCEEDED', output: record.output }
        : { status: record.status as 'FAILED', error: record.error, cause: record.cause };
    });
    return { done, stop: (error, cause) => runtime.stopExecution(record.executionArn, { error, cause }) };
  };
}

/** A case file through the local runtime. */
export function runConformanceThroughRuntime(file: string): Promise<FileReport> {
  return runConformanceFile(file, { executor: runtimeExecutor() });
}
