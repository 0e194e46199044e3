import { randomUUID } from 'node:crypto';
import type {
  Clock,
  Engine,
  ExecutionOutcome,
  ExecutionStatus,
  HistoryEvent,
  TaskHandler,
  TestStateRequest,
  TestStateResponse,
  StateMachine,
} from '../asl/engine';
import { buildStateMachine } from '../asl/model/build';
import { TestStateInvalidDefinition, TestStateValidationError } from '../asl/test-state';
import { ExecutionRecord, ExecutionStore, ExecutionStoreLimits, StateMachineType } from './execution-store';
import type { MockConfig } from './mock-config';
import {
  executionInput,
  requireExecutionName,
  requireStateMachineName,
  requireStateMachineType,
  requireStatusFilter,
} from './request-rules';
import { StepFunctionsError, stepFunctionsErrors } from './step-functions-errors';
import { MapRunStore } from './map-runs';
import { LocalActivities, withActivities } from './activities';
import { withStepFunctions } from './nested-executions';
import { ResourceTags, Tag } from './tags';
import {
  matchesRedriveFilter,
  RedriveFilter,
  Redrives,
  RedriveSource,
  RedriveView,
  reopenForRedrive,
  requireRedriveFilter,
} from './redrive';
import type { MockSelection } from './task-dispatcher';
import { TaskTokenKeeper } from './task-tokens';
import type { LocalEnvironment } from './template-resolver';
import {
  requireExpressIntegrations,
  validateStateMachineDefinition,
  ValidationRequest,
  ValidationResult,
} from './validate-definition';
import { StateMachineVersioning, withVersionDetails } from './versioning';

/** A state machine the runtime can run: one of the app's, or one created through the API. */
export interface LocalStateMachine {
  readonly arn: string;
  readonly name: string;
  readonly type: StateMachineType;
  definition: Record<string, unknown>;
  /** The definition, parsed once: every execution starts from it. */
  model: StateMachine;
  roleArn: string;
  readonly creationDate: Date;
  /** True for the app's own machines, read from the cloud assembly. */
  readonly fromApp: boolean;
  /** Set by each UpdateStateMachine that changes something (absent until then, as on AWS). */
  revisionId?: string;
  updateDate?: Date;
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
  /** How long GetActivityTask waits for a task. @default 60 s, as AWS */
  readonly activityPollSeconds?: number;
}

/** Which state machine an execution runs, and under which mock test case. */
export interface ExecutionTarget {
  /** The state machine's ARN. */
  readonly stateMachine: string;
  /** A test case of the mock configuration: its mocked responses serve the Task states. */
  readonly testCase?: string;
  /**
   * The mock configuration `testCase` is read from, for this execution only (the test harness's
   * inline mocks). @default the runtime's
   */
  readonly mockConfig?: MockConfig;
}

export interface StartRequest extends ExecutionTarget {
  /** The execution input, a JSON value. @default {} */
  readonly input?: unknown;
  /** @default a random UUID */
  readonly name?: string;
}

export interface CreateStateMachineRequest {
  readonly name: string;
  /** The ASL definition, a JSON value; validated as CreateStateMachine validates it. */
  readonly definition: unknown;
  /** @default 'STANDARD' */
  readonly type?: StateMachineType;
  /** @default a local role's ARN */
  readonly roleArn?: string;
  /** Kept only when the machine is new: AWS ignores a repeated request's tags. */
  readonly tags?: readonly Tag[];
}

/** UpdateStateMachine's changes: at least one of the two. */
export interface StateMachineUpdate {
  readonly definition?: unknown;
  readonly roleArn?: string;
}

/**
 * The local Step Functions: the app's state machines plus any created at run time, their
 * executions (bounded), and the engine that runs them. The CLI, the API endpoint, the console and
 * the tests all go through this class. It takes and returns values (a definition, an input, an
 * output are JSON values, dates are Dates) and refuses what AWS refuses with a
 * {@link StepFunctionsError} named as the API names it; JSON text, ARN suffixes and HTTP statuses
 * are the API adapter's (lib/toolkit/server/sfn-api.ts).
 */
export class LocalRuntime {
  private readonly machines = new Map<string, LocalStateMachine>();
  /** Tokens of `.waitForTaskToken` tasks, across executions. */
  private readonly tokens = new TaskTokenKeeper();
  /** The executions' map runs (distributed Maps): ListMapRuns, DescribeMapRun, UpdateMapRun. */
  readonly mapRuns = new MapRunStore();
  /** What each Standard execution needs to be redriven, and redrives' client tokens. */
  private readonly redrives = new Redrives(() => this.now());
  readonly executions: ExecutionStore;
  /** The state machines' and activities' tags. */
  readonly tags: ResourceTags;
  /** The app's activities and those created through the API, with their tasks' queues. */
  readonly activities: LocalActivities;
  /** Versions and aliases (PublishStateMachineVersion, CreateStateMachineAlias, …). */
  readonly versioning = new StateMachineVersioning<LocalStateMachine>({
    machine: (arn) => this.describeStateMachine(arn),
    now: () => this.now(),
  });

  constructor(
    private readonly options: LocalRuntimeOptions,
    appMachines: ReadonlyArray<{
      arn: string;
      name: string;
      type: StateMachineType;
      definition: Record<string, unknown>;
      tags?: readonly Tag[];
    }> = [],
    appActivities: ReadonlyArray<{ arn: string; name: string; tags?: readonly Tag[] }> = [],
  ) {
    this.executions = new ExecutionStore(options.limits);
    this.tags = new ResourceTags((arn) => this.machines.has(arn) || this.activities.has(arn));
    this.activities = new LocalActivities({
      arnPrefix: this.arnPrefix,
      pollSeconds: options.activityPollSeconds,
      tags: this.tags,
    });
    this.activities.addFromApp(appActivities);
    for (const m of appMachines) {
      this.tags.created(m.arn, m.tags);
      this.machines.set(m.arn, {
        ...m,
        model: this.appModel(m.definition),
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
    const machine = this.machines.get(arn);
    if (!machine) throw stepFunctionsErrors.stateMachineDoesNotExist(arn);
    return machine;
  }

  /** CreateStateMachine: any ASL definition, as Step Functions Local accepts it. */
  createStateMachine(request: CreateStateMachineRequest): LocalStateMachine {
    const name = requireStateMachineName(request.name);
    const type = requireStateMachineType(request.type);
    const { definition, model } = this.validDefinition(request.definition);
    this.tags.requireValid(request.tags);
    requireExpressIntegrations(type, definition);
    const arn = `${this.arnPrefix}:stateMachine:${name}`;
    const existing = this.machines.get(arn);
    if (existing) {
      if (JSON.stringify(existing.definition) === JSON.stringify(definition) && existing.type === type)
        return existing;
      throw stepFunctionsErrors.stateMachineAlreadyExists(arn);
    }
    const machine: LocalStateMachine = {
      arn,
      name,
      type,
      definition,
      model,
      roleArn: request.roleArn ?? this.defaultRoleArn(),
      creationDate: new Date(),
      fromApp: false,
    };
    this.machines.set(arn, machine);
    this.tags.created(arn, request.tags);
    return machine;
  }

  /** UpdateStateMachine: a new definition, a new role, or both. Returns the update's date. */
  updateStateMachine(arn: string, update: StateMachineUpdate): Date {
    const machine = this.describeStateMachine(arn);
    if (update.definition === undefined && update.roleArn === undefined) {
      throw stepFunctionsErrors.validation('Either the definition or the roleArn must be specified');
    }
    const before = JSON.stringify([machine.definition, machine.roleArn]);
    if (update.definition !== undefined) {
      const valid = this.validDefinition(update.definition);
      requireExpressIntegrations(machine.type, valid.definition);
      Object.assign(machine, valid);
    }
    if (update.roleArn !== undefined) machine.roleArn = update.roleArn;
    const date = new Date();
    // A new revision only when something changed: publishing again then answers the same version.
    if (JSON.stringify([machine.definition, machine.roleArn]) !== before) {
      Object.assign(machine, { revisionId: randomUUID(), updateDate: date });
    }
    return date;
  }

  deleteStateMachine(arn: string): void {
    this.describeStateMachine(arn);
    this.machines.delete(arn);
    this.tags.forget(arn);
    this.versioning.forget(arn);
  }

  /** The mock configuration the runtime was started with: the console's editor lists its test cases. */
  get mockConfig(): MockConfig | undefined {
    return this.options.mockConfig;
  }

  /** ValidateStateMachineDefinition: the definition's problems as AWS's diagnostics. */
  validateStateMachineDefinition(request: ValidationRequest): ValidationResult {
    return validateStateMachineDefinition(request, this.options.engine);
  }

  // ---------------------------------------------------------------------------------- executions

  /**
   * The state machine {@link start} (or {@link startSync}) would run, checked as they check it
   * before they read the input: it exists, its test case is configured, and (sync) it is Express.
   * The API adapter calls it before parsing the input text, so that errors keep this order.
   */
  stateMachineToStart(target: ExecutionTarget, mode: 'async' | 'sync' = 'async'): LocalStateMachine {
    const machine = this.versioning.machineOf(target.stateMachine);
    if (target.testCase !== undefined) this.requireTestCase(machine, target.testCase, target.mockConfig);
    if (mode === 'sync' && machine.type !== 'EXPRESS') {
      throw stepFunctionsErrors.typeNotSupported(
        'This operation is not supported by this type of state machine',
      );
    }
    return machine;
  }

  /** StartExecution: starts and returns at once; the execution runs in the background. */
  start(request: StartRequest): ExecutionRecord {
    const machine = this.stateMachineToStart(request);
    const input = executionInput(request.input === undefined ? {} : request.input);
    const name = requireExecutionName(request.name ?? randomUUID());
    const executionArn =
      machine.type === 'EXPRESS'
        ? `${this.arnPrefix}:express:${machine.name}:${name}:${randomUUID()}`
        : `${this.arnPrefix}:execution:${machine.name}:${name}`;
    const existing = this.executions.get(executionArn);
    if (existing) {
      // AWS: the same name and input on a running execution returns it; anything else is refused.
      if (existing.status === 'RUNNING' && JSON.stringify(existing.input) === input.json) return existing;
      throw stepFunctionsErrors.executionAlreadyExists(executionArn);
    }
    const mock = this.mockSelection(machine, request);
    const { runs, versionArn, aliasArn } = this.versioning.resolve(request.stateMachine, this.random);
    return this.run(runs, {
      executionArn,
      name,
      input: input.value,
      inputText: input.json,
      mock,
      versionArn,
      aliasArn,
    });
  }

  /** StartSyncExecution: Express only; resolves when the execution ends. */
  async startSync(request: StartRequest): Promise<ExecutionRecord> {
    this.stateMachineToStart(request, 'sync');
    const record = this.start(request);
    await record.done;
    return record;
  }

  /** DescribeExecution: Standard executions only, as on AWS. */
  describeExecution(executionArn: string): ExecutionRecord {
    if (/^arn:[\w-]+:states:[\w-]+:\d{12}:express:/.test(executionArn)) {
      throw stepFunctionsErrors.invalidArn(
        executionArn,
        'Express executions are not supported by this operation',
      );
    }
    const record = this.executions.get(executionArn);
    if (!record) throw stepFunctionsErrors.executionDoesNotExist(executionArn);
    return record;
  }

  /** The execution's history events, oldest first (or newest first with `reverseOrder`). */
  getExecutionHistory(executionArn: string, options: { reverseOrder?: boolean } = {}): HistoryEvent[] {
    const record = this.describeExecution(executionArn);
    if (!record.events) {
      throw new StepFunctionsError(
        'ExecutionDoesNotExist',
        `The history of '${executionArn}' is no longer kept: the local runtime keeps the full history of the ` +
          `${this.executions.limits.histories} newest executions (summaries of all). See README, "Local runtime".`,
      );
    }
    return options.reverseOrder ? [...record.events].reverse() : record.events;
  }

  /** ListExecutions: a Standard machine's executions, newest first, optionally of one status, redriven or not. */
  listExecutions(
    stateMachineArn: string,
    filter: { status?: ExecutionStatus; redriveFilter?: RedriveFilter } = {},
  ): ExecutionRecord[] {
    const machine = this.versioning.machineOf(stateMachineArn);
    if (machine.type === 'EXPRESS') {
      throw stepFunctionsErrors.typeNotSupported(
        'This operation is not supported by this type of state machine',
      );
    }
    const status = requireStatusFilter(filter.status);
    const { matches } = this.versioning.executionFilter(stateMachineArn);
    const redriveFilter = requireRedriveFilter(filter.redriveFilter);
    const records = this.executions.list({ stateMachineArn: machine.arn, status }).filter(matches);
    return redriveFilter ? records.filter((r) => matchesRedriveFilter(r, redriveFilter)) : records;
  }

  /**
   * RedriveExecution: a FAILED, ABORTED or TIMED_OUT Standard execution goes on from where it
   * stopped, RUNNING again under the same ARN (rules: lib/toolkit/local/redrive.ts). Refused with
   * ExecutionDoesNotExist, InvalidArn (an Express execution) or ExecutionNotRedrivable. A
   * `clientToken` that already redrove it returns the record as it is.
   */
  redrive(executionArn: string, options: { clientToken?: string } = {}): ExecutionRecord {
    const record = this.describeExecution(executionArn);
    const machine = this.machines.get(record.stateMachineArn);
    if (!machine)
      throw new StepFunctionsError('ExecutionNotRedrivable', 'State machine is in DELETING status');
    const source = this.redrives.take(record, options.clientToken);
    if (!source) return record;
    const lastEventId = record.events?.at(-1)?.id ?? 0;
    reopenForRedrive(record, this.now());
    const start = { executionArn, name: record.name, input: record.input };
    return this.run(machine, start, { record, source, lastEventId });
  }

  /** DescribeExecution's redrive fields: count, date, whether it can be redriven and why not. */
  redriveView(record: ExecutionRecord): RedriveView {
    return this.redrives.view(record);
  }

  /** StopExecution: a running execution ends ABORTED with this error and cause. Returns the stop's date. */
  stopExecution(executionArn: string, reason: { error?: string; cause?: string } = {}): Date {
    const record = this.describeExecution(executionArn);
    if (record.status === 'RUNNING') record.running?.stop(reason.error, reason.cause);
    return new Date();
  }

  /** Every execution, Express included (the console shows Express runs from these records). */
  allExecutions(): ExecutionRecord[] {
    return this.executions.list();
  }

  /** Resolves when the execution has ended. */
  async waitFor(executionArn: string): Promise<ExecutionRecord> {
    const record = this.executions.get(executionArn);
    if (!record) throw stepFunctionsErrors.executionDoesNotExist(executionArn);
    await record.done;
    return record;
  }

  // ---------------------------------------------------------------------------------- callbacks

  /**
   * SendTaskSuccess: the `.waitForTaskToken` task waiting on `token` succeeds with `output` (a JSON
   * value). Refused with InvalidToken, TaskDoesNotExist (unknown or already answered),
   * TaskTimedOut (the task or its execution ended), InvalidOutput.
   */
  sendTaskSuccess(token: string, output: unknown): void {
    this.tokens.succeed(token, output);
  }

  /** SendTaskFailure: the task waiting on `token` fails with this error and cause; Retry and Catch apply. */
  sendTaskFailure(token: string, error?: string, cause?: string): void {
    this.tokens.fail(token, error, cause);
  }

  /** SendTaskHeartbeat: the task waiting on `token` starts its HeartbeatSeconds count again. */
  sendTaskHeartbeat(token: string): void {
    this.tokens.heartbeat(token);
  }

  /**
   * TestState: one state, run once by the engine (lib/toolkit/asl/test-state.ts). A Task without a mock is
   * served by the same task handler executions use.
   */
  async testState(request: TestStateRequest): Promise<TestStateResponse> {
    const engine = this.options.engine;
    if (!engine.testState) throw stepFunctionsErrors.validation('This engine does not support TestState');
    try {
      return await engine.testState(request, {
        taskHandler: withStepFunctions(this.options.taskHandlerFor(), this),
        region: this.region,
        account: this.account,
        partition: this.partition,
        random: this.options.random,
      });
    } catch (error) {
      if (error instanceof TestStateInvalidDefinition) {
        throw stepFunctionsErrors.invalidDefinition(error.problems.map((p) => p.message).join(', '));
      }
      if (error instanceof TestStateValidationError) throw stepFunctionsErrors.validation(error.message);
      throw error;
    }
  }

  // ---------------------------------------------------------------------------------- internals

  private run(
    machine: LocalStateMachine,
    start: {
      executionArn: string;
      name: string;
      input: unknown;
      /** The input's JSON text, when known (the engine then takes `input` as its data). */
      inputText?: string;
      mock?: MockSelection;
      versionArn?: string;
      aliasArn?: string;
    },
    redrive?: { record: ExecutionRecord; source: RedriveSource; lastEventId: number },
  ): ExecutionRecord {
    const record: ExecutionRecord = redrive?.record ?? {
      executionArn: start.executionArn,
      stateMachineArn: machine.arn,
      stateMachineName: machine.name,
      type: machine.type,
      name: start.name,
      input: start.input,
      inputText: start.inputText,
      startDate: this.now(),
      testCase: start.mock?.testCase,
      stateMachineVersionArn: start.versionArn,
      stateMachineAliasArn: start.aliasArn,
      machineAtStart: {
        definition: machine.definition,
        roleArn: machine.roleArn,
        revisionId: machine.revisionId,
        updateDate: machine.updateDate ?? machine.creationDate,
      },
      status: 'RUNNING',
      events: [],
      done: Promise.resolve(),
    };
    // A redrive runs the definition and role the execution started with.
    const model = redrive?.source.model ?? machine.model;
    const roleArn = redrive?.source.roleArn ?? machine.roleArn;
    // The same handler: a mock test case's attempt numbers go on counting across redrives.
    const taskHandler = redrive?.source.taskHandler ?? this.taskHandler(start.mock);
    const running = this.options.engine.start(model, {
      input: start.input,
      inputText: start.inputText,
      executionArn: start.executionArn,
      executionName: start.name,
      stateMachineArn: machine.arn,
      stateMachineName: machine.name,
      roleArn,
      taskHandler,
      onEvent: (event) => record.events?.push(withVersionDetails(event, start)),
      clock: this.options.clock,
      random: this.options.random,
      taskTokens: this.tokens,
      mapRuns: this.mapRuns,
      activityExists: (arn, state) => this.mocked(start.mock, state) || this.activities.has(arn),
      redrivable: machine.type === 'STANDARD',
      redrive: redrive && {
        journal: redrive.source.journal,
        redriveCount: record.redriveCount ?? 0,
        lastEventId: redrive.lastEventId,
        startTime: record.startDate,
      },
    });
    record.running = running;
    if (running.journal) {
      this.redrives.started(record, { model, roleArn, taskHandler, journal: running.journal });
    }
    // The engine's promise never rejects; should it, the execution still ends, FAILED, with the reason.
    record.done = running.done.then(
      (outcome) => this.finish(record, outcome),
      (error: unknown) =>
        this.finish(record, { status: 'FAILED', error: 'States.Runtime', cause: String(error) }),
    );
    if (!redrive) this.executions.add(record);
    return record;
  }

  /** The app's resources (or the test case's mocks), and Step Functions' own integrations on this runtime. */
  private taskHandler(mock?: MockSelection): TaskHandler {
    const mocked = (state: string) => this.mocked(mock, state);
    const handler = withStepFunctions(this.options.taskHandlerFor(mock), this, mocked);
    return withActivities(handler, this.activities, mocked);
  }

  /** True when the execution's mock test case serves this state. */
  private mocked(mock: MockSelection | undefined, state: string): boolean {
    return mock?.config.mocks(mock.stateMachineName, mock.testCase, state) ?? false;
  }

  private finish(record: ExecutionRecord, outcome: ExecutionOutcome): void {
    record.status = outcome.status;
    record.stopDate = this.now();
    if (outcome.status === 'SUCCEEDED') {
      record.output = outcome.output ?? null;
      record.outputText = succeededText(record.events);
      this.redrives.succeeded(record);
    } else {
      record.error = outcome.error;
      record.cause = outcome.cause;
    }
    record.running = undefined;
    this.executions.finished(record);
  }

  private mockSelection(machine: LocalStateMachine, target: ExecutionTarget): MockSelection | undefined {
    const config = target.mockConfig ?? this.options.mockConfig;
    return target.testCase === undefined || !config
      ? undefined
      : { config, stateMachineName: machine.name, testCase: target.testCase };
  }

  private requireTestCase(machine: LocalStateMachine, testCase: string, given?: MockConfig): void {
    const mockConfig = given ?? this.options.mockConfig;
    if (!mockConfig) {
      throw stepFunctionsErrors.invalidArn(
        machine.arn,
        `A test case (${testCase}) was named but no mock configuration is loaded`,
      );
    }
    try {
      mockConfig.requireTestCase(machine.name, testCase);
    } catch (error) {
      throw stepFunctionsErrors.invalidArn(machine.arn, (error as Error).message);
    }
  }

  /** A definition the engine accepts, as its own JSON copy (the caller keeps theirs), and its model. */
  private validDefinition(definition: unknown): { definition: Record<string, unknown>; model: StateMachine } {
    const { problems } = this.options.engine.parse(definition);
    if (problems.length > 0) {
      throw stepFunctionsErrors.invalidDefinition(problems.map((p) => p.message).join(', '));
    }
    // The model is built from the copy, so nothing the caller changes later reaches an execution.
    const copy = JSON.parse(JSON.stringify(definition)) as Record<string, unknown>;
    return { definition: copy, model: this.options.engine.parse(copy).machine! };
  }

  /**
   * The model of one of the app's definitions. They were never validated here (CDK synthesized
   * them, AWS validates them on deploy): one the parser refuses still runs as it is.
   */
  private appModel(definition: Record<string, unknown>): StateMachine {
    return this.options.engine.parse(definition).machine ?? buildStateMachine(definition);
  }

  private readonly random = () => (this.options.random ?? Math.random)();

  private now(): Date {
    return this.options.clock?.now() ?? new Date();
  }

  private defaultRoleArn(): string {
    return `arn:${this.partition}:iam::${this.account}:role/order-workflow-local`;
  }

  private get arnPrefix(): string {
    return `arn:${this.partition}:states:${this.region}:${this.account}`;
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

/** The output text ExecutionSucceeded recorded (the history's last event), if the history is kept. */
function succeededText(events: readonly HistoryEvent[] | undefined): string | undefined {
  const last = events?.[events.length - 1];
  const details = last?.type === 'ExecutionSucceeded' ? last.executionSucceededEventDetails : undefined;
  return (details as { output?: string } | undefined)?.output;
}
