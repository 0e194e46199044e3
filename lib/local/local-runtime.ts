import { randomUUID } from 'node:crypto';
import type {
  Clock,
  Engine,
  ExecutionOutcome,
  HistoryEvent,
  TestStateRequest,
  TestStateResponse,
} from '../asl/engine';
import { TestStateInvalidDefinition, TestStateValidationError } from '../asl/test-state';
import { nestsDeeperThan } from '../asl/json';
import { ApiError, apiErrors, MAX_INPUT_DEPTH, MAX_PAYLOAD_BYTES } from './api-errors';
import { ExecutionRecord, ExecutionStore, ExecutionStoreLimits, StateMachineType } from './execution-store';
import { MockConfig } from './mock-config';
import type { TaskHandler } from '../asl/engine';
import type { MockSelection } from './task-dispatcher';
import type { LocalEnvironment } from './template-resolver';

/** A state machine the runtime can run: one of the app's, or one created through the API. */
export interface LocalStateMachine {
  readonly arn: string;
  readonly name: string;
  readonly type: StateMachineType;
  definition: Record<string, unknown>;
  roleArn: string;
  readonly creationDate: Date;
  /** True for the app's own machines, read from the cloud assembly. */
  readonly fromApp: boolean;
}

export interface LocalRuntimeOptions {
  readonly engine: Engine;
  readonly environment: LocalEnvironment;
  /** Serves Task states for an execution (optionally under a mock test case). */
  readonly taskHandlerFor: (mock?: MockSelection) => TaskHandler;
  readonly mockConfig?: MockConfig;
  readonly clock?: Clock;
  readonly random?: () => number;
  readonly limits?: ExecutionStoreLimits;
}

export interface StartRequest {
  /** May end in `#TestCase` to run under a mock configuration test case. */
  readonly stateMachineArn: string;
  readonly name?: string;
  readonly input?: string;
}

/** What AWS allows in an execution name: no white space, brackets, wildcards, specials or controls. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what the rule excludes
const NAME = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]{1,80}$/;

/**
 * The local Step Functions: the app's state machines plus any created through the API, their
 * executions (bounded), and the engine that runs them. The endpoint, the CLI and the tests all go
 * through this class; its methods take and return what the Step Functions API does.
 */
export class LocalRuntime {
  private readonly machines = new Map<string, LocalStateMachine>();
  readonly executions: ExecutionStore;

  constructor(
    private readonly options: LocalRuntimeOptions,
    appMachines: ReadonlyArray<{
      arn: string;
      name: string;
      type: StateMachineType;
      definition: Record<string, unknown>;
    }> = [],
  ) {
    this.executions = new ExecutionStore(options.limits);
    for (const m of appMachines) {
      this.machines.set(m.arn, {
        ...m,
        roleArn: this.defaultRoleArn(),
        creationDate: new Date(),
        fromApp: true,
      });
    }
  }

  // ---------------------------------------------------------------------------------- state machines

  listStateMachines(): LocalStateMachine[] {
    return [...this.machines.values()];
  }

  describeStateMachine(arn: string): LocalStateMachine {
    const machine = this.machines.get(this.splitTestCase(arn).arn);
    if (!machine) throw apiErrors.stateMachineDoesNotExist(arn);
    return machine;
  }

  /** CreateStateMachine: any ASL definition, as Step Functions Local accepts it. */
  createStateMachine(request: {
    name?: string;
    definition?: string;
    roleArn?: string;
    type?: string;
  }): LocalStateMachine {
    const name = request.name ?? '';
    if (!/^[A-Za-z0-9_-]{1,80}$/.test(name)) throw apiErrors.invalidName(name);
    const type = this.parseType(request.type);
    const definition = this.parseDefinition(request.definition);
    const arn = `arn:${this.partition}:states:${this.region}:${this.account}:stateMachine:${name}`;
    const existing = this.machines.get(arn);
    if (existing) {
      if (JSON.stringify(existing.definition) === JSON.stringify(definition) && existing.type === type)
        return existing;
      throw apiErrors.stateMachineAlreadyExists(arn);
    }
    const machine: LocalStateMachine = {
      arn,
      name,
      type,
      definition,
      roleArn: request.roleArn ?? this.defaultRoleArn(),
      creationDate: new Date(),
      fromApp: false,
    };
    this.machines.set(arn, machine);
    return machine;
  }

  updateStateMachine(request: { stateMachineArn?: string; definition?: string; roleArn?: string }): Date {
    const machine = this.describeStateMachine(request.stateMachineArn ?? '');
    if (request.definition === undefined && request.roleArn === undefined) {
      throw apiErrors.validation('Either the definition or the roleArn must be specified');
    }
    if (request.definition !== undefined) machine.definition = this.parseDefinition(request.definition);
    if (request.roleArn !== undefined) machine.roleArn = request.roleArn;
    return new Date();
  }

  deleteStateMachine(arn: string): void {
    this.describeStateMachine(arn);
    this.machines.delete(arn);
  }

  // ---------------------------------------------------------------------------------- executions

  /** StartExecution: starts and returns at once; the execution runs in the background. */
  startExecution(request: StartRequest): ExecutionRecord {
    const { machine, testCase } = this.machineFor(request.stateMachineArn);
    const input = this.parseInput(request.input);
    const name = request.name ?? randomUUID();
    if (!NAME.test(name)) throw apiErrors.invalidName(name);
    const executionArn =
      machine.type === 'EXPRESS'
        ? `arn:${this.partition}:states:${this.region}:${this.account}:express:${machine.name}:${name}:${randomUUID()}`
        : `arn:${this.partition}:states:${this.region}:${this.account}:execution:${machine.name}:${name}`;
    const existing = this.executions.get(executionArn);
    if (existing) {
      // AWS: the same name and input on a running execution returns it; anything else is refused.
      if (existing.status === 'RUNNING' && existing.input === input.text) return existing;
      throw apiErrors.executionAlreadyExists(executionArn);
    }
    return this.run(machine, { executionArn, name, input, testCase });
  }

  /** StartSyncExecution: Express only; resolves when the execution ends. */
  async startSyncExecution(request: StartRequest): Promise<ExecutionRecord> {
    const { machine } = this.machineFor(request.stateMachineArn);
    if (machine.type !== 'EXPRESS') {
      throw apiErrors.typeNotSupported('This operation is not supported by this type of state machine');
    }
    const record = this.startExecution(request);
    await record.done;
    return record;
  }

  describeExecution(executionArn: string): ExecutionRecord {
    return this.standardExecution(executionArn);
  }

  /** The execution's history events, oldest first (or newest first with `reverseOrder`). */
  getExecutionHistory(executionArn: string, reverseOrder = false): HistoryEvent[] {
    const record = this.standardExecution(executionArn);
    if (!record.events) {
      throw new ApiError(
        'ExecutionDoesNotExist',
        `The history of '${executionArn}' is no longer kept: the local runtime keeps the full history of the ` +
          `${this.executions.limits.histories} newest executions (summaries of all). See README, "Local runtime".`,
      );
    }
    return reverseOrder ? [...record.events].reverse() : record.events;
  }

  listExecutions(request: { stateMachineArn?: string; statusFilter?: string }): ExecutionRecord[] {
    const machine = this.describeStateMachine(request.stateMachineArn ?? '');
    if (machine.type === 'EXPRESS') {
      throw apiErrors.typeNotSupported('This operation is not supported by this type of state machine');
    }
    const statuses = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE'];
    if (request.statusFilter !== undefined && !statuses.includes(request.statusFilter)) {
      throw apiErrors.validation(
        `1 validation error detected: Value '${request.statusFilter}' at 'statusFilter' failed to satisfy constraint: ` +
          `Member must satisfy enum value set: [${statuses.join(', ')}]`,
      );
    }
    return this.executions.list({
      stateMachineArn: machine.arn,
      status: request.statusFilter as ExecutionRecord['status'] | undefined,
    });
  }

  stopExecution(executionArn: string, error?: string, cause?: string): Date {
    const record = this.standardExecution(executionArn);
    if (record.status === 'RUNNING') record.running?.stop(error, cause);
    return new Date();
  }

  /** Every execution, Express included (the console shows Express runs from these records). */
  allExecutions(): ExecutionRecord[] {
    return this.executions.list();
  }

  /** Resolves when the execution has ended. */
  async waitFor(executionArn: string): Promise<ExecutionRecord> {
    const record = this.executions.get(executionArn);
    if (!record) throw apiErrors.executionDoesNotExist(executionArn);
    await record.done;
    return record;
  }

  /**
   * TestState: one state, run once by the engine (lib/asl/test-state.ts). A Task without a mock is
   * served by the same task handler executions use.
   */
  async testState(request: TestStateRequest): Promise<TestStateResponse> {
    const engine = this.options.engine;
    if (!engine.testState) throw apiErrors.validation('This engine does not support TestState');
    try {
      return await engine.testState(request, {
        taskHandler: this.options.taskHandlerFor(),
        region: this.region,
        account: this.account,
        partition: this.partition,
        random: this.options.random,
      });
    } catch (error) {
      if (error instanceof TestStateInvalidDefinition) {
        throw apiErrors.invalidDefinition(error.problems.map((p) => `${p.message} at ${p.path}`).join(', '));
      }
      if (error instanceof TestStateValidationError) throw apiErrors.validation(error.message);
      throw error;
    }
  }

  // ---------------------------------------------------------------------------------- internals

  private run(
    machine: LocalStateMachine,
    start: { executionArn: string; name: string; input: { text: string; value: unknown }; testCase?: string },
  ): ExecutionRecord {
    const mock = start.testCase
      ? { config: this.options.mockConfig!, stateMachineName: machine.name, testCase: start.testCase }
      : undefined;
    const events: HistoryEvent[] = [];
    const record: ExecutionRecord = {
      executionArn: start.executionArn,
      stateMachineArn: machine.arn,
      stateMachineName: machine.name,
      type: machine.type,
      name: start.name,
      input: start.input.text,
      startDate: this.now(),
      testCase: start.testCase,
      status: 'RUNNING',
      events,
      done: Promise.resolve(),
    };
    const running = this.options.engine.start(machine.definition, {
      input: start.input.value,
      executionArn: start.executionArn,
      executionName: start.name,
      stateMachineArn: machine.arn,
      stateMachineName: machine.name,
      roleArn: machine.roleArn,
      taskHandler: this.options.taskHandlerFor(mock),
      onEvent: (event) => record.events?.push(event),
      clock: this.options.clock,
      random: this.options.random,
    });
    record.running = running;
    // The engine's promise never rejects; should it, the execution still ends, FAILED, with the reason.
    const settled = running.done.catch((error: unknown): ExecutionOutcome => ({
      status: 'FAILED',
      error: 'States.Runtime',
      cause: String(error),
    }));
    record.done = settled.then((outcome) => {
      record.status = outcome.status;
      record.stopDate = this.now();
      if (outcome.status === 'SUCCEEDED') record.output = JSON.stringify(outcome.output ?? null);
      else {
        record.error = outcome.error;
        record.cause = outcome.cause;
      }
      record.running = undefined;
      this.executions.finished(record);
    });
    this.executions.add(record);
    return record;
  }

  private machineFor(stateMachineArn: string) {
    const { arn, testCase } = this.splitTestCase(stateMachineArn);
    const machine = this.machines.get(arn);
    if (!machine) throw apiErrors.stateMachineDoesNotExist(stateMachineArn);
    if (testCase) {
      if (!this.options.mockConfig) {
        throw apiErrors.invalidArn(
          stateMachineArn,
          'A test case was named but no mock configuration is loaded',
        );
      }
      try {
        this.options.mockConfig.requireTestCase(machine.name, testCase);
      } catch (error) {
        throw apiErrors.invalidArn(stateMachineArn, (error as Error).message);
      }
    }
    return { machine, testCase };
  }

  /** Step Functions Local's convention: `<stateMachineArn>#<TestCaseName>`. */
  private splitTestCase(stateMachineArn: string): { arn: string; testCase?: string } {
    const hash = stateMachineArn.indexOf('#');
    return hash < 0
      ? { arn: stateMachineArn }
      : { arn: stateMachineArn.slice(0, hash), testCase: stateMachineArn.slice(hash + 1) };
  }

  private standardExecution(executionArn: string): ExecutionRecord {
    if (/^arn:[\w-]+:states:[\w-]+:\d{12}:express:/.test(executionArn)) {
      throw apiErrors.invalidArn(executionArn, 'Express executions are not supported by this operation');
    }
    const record = this.executions.get(executionArn);
    if (!record) throw apiErrors.executionDoesNotExist(executionArn);
    return record;
  }

  private parseInput(text: string | undefined): { text: string; value: unknown } {
    const input = text ?? '{}';
    if (Buffer.byteLength(input, 'utf8') > MAX_PAYLOAD_BYTES) {
      // AWS's wording, as its clients report it.
      throw apiErrors.validation(
        "1 validation error detected: Value at 'input' failed to satisfy constraint: Member must have size less than or equal to 262144 bytes in UTF-8 encoding",
      );
    }
    let value: unknown;
    try {
      value = JSON.parse(input);
    } catch (error) {
      throw apiErrors.invalidExecutionInput(`${(error as Error).message}`);
    }
    if (nestsDeeperThan(value, MAX_INPUT_DEPTH)) {
      throw apiErrors.invalidExecutionInput(
        `nested deeper than ${MAX_INPUT_DEPTH} levels (the local runtime's limit)`,
      );
    }
    return { text: input, value };
  }

  private parseDefinition(text: string | undefined): Record<string, unknown> {
    if (text === undefined) throw apiErrors.invalidDefinition('definition is required');
    let definition: unknown;
    try {
      definition = JSON.parse(text);
    } catch (error) {
      throw apiErrors.invalidDefinition(`INVALID_JSON_DESCRIPTION: ${(error as Error).message}`);
    }
    const problems = this.options.engine.validate(definition);
    if (problems.length > 0) {
      throw apiErrors.invalidDefinition(problems.map((p) => `${p.message} at ${p.path}`).join(', '));
    }
    return definition as Record<string, unknown>;
  }

  private parseType(type: string | undefined): StateMachineType {
    if (type === undefined || type === 'STANDARD' || type === 'EXPRESS') return type ?? 'STANDARD';
    throw apiErrors.validation(
      `1 validation error detected: Value '${type}' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [STANDARD, EXPRESS]`,
    );
  }

  private now(): Date {
    return this.options.clock?.now() ?? new Date();
  }

  private defaultRoleArn(): string {
    return `arn:${this.partition}:iam::${this.account}:role/order-workflow-local`;
  }

  private get partition() {
    return this.options.environment.partition;
  }
  private get region() {
    return this.options.environment.region;
  }
  private get account() {
    return this.options.environment.accountId;
  }
}
