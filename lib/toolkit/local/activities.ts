/**
 * Step Functions activities on the local runtime: the app's `AWS::StepFunctions::Activity`
 * resources and those created through the API (CreateActivity, idempotent by name), and their
 * tasks. An activity task is queued when its state is scheduled and handed to exactly one worker's
 * GetActivityTask, which long-polls (60 s, as on AWS); the worker then answers with the task
 * token through SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat, which the runtime's token
 * keeper serves as for callback tasks.
 *
 * Deleting an activity refuses its workers' polls from then on (ActivityDoesNotExist); tasks
 * already queued keep waiting (their TimeoutSeconds still applies), and an activity created again
 * under the same name serves them, since its ARN is the same.
 */
import { ActivityTaken, TaskFailure, TaskHandler, TaskInvocation } from '../asl/engine';
import { toJsonText } from '../asl/json';
import { ActivityQueue, ActivityTaskHandoff } from './activity-queue';
import { requireExecutionName } from './request-rules';
import { StepFunctionsError, stepFunctionsErrors } from './step-functions-errors';
import type { ResourceTags, Tag } from './tags';

export interface LocalActivity {
  readonly arn: string;
  readonly name: string;
  readonly creationDate: Date;
  /** True for the app's own activities, read from the cloud assembly. */
  readonly fromApp: boolean;
}

export interface ActivitiesOptions {
  /** `arn:<partition>:states:<region>:<account>`: activities are `<prefix>:activity:<name>`. */
  readonly arnPrefix: string;
  /** How long GetActivityTask waits for a task before it answers with none. @default 60 (AWS's) */
  readonly pollSeconds?: number;
  /** Where an activity's tags are kept (CreateActivity's, the app's); deleted with it. */
  readonly tags: ResourceTags;
}

/** AWS's long poll. */
export const DEFAULT_POLL_SECONDS = 60;
/** Concurrent polls on one activity before ActivityWorkerLimitExceeded (a local bound). */
export const MAX_POLLERS = 1000;
/** GetActivityTask's workerName: at most 80 characters (the API's constraint). */
const MAX_WORKER_NAME = 80;
const ACTIVITY_ARN = /^arn:[\w-]+:states:[\w-]+:\d{12}:activity:[^:]+$/;

export class LocalActivities {
  private readonly activities = new Map<string, LocalActivity>();
  private readonly queues = new Map<string, ActivityQueue>();

  constructor(private readonly options: ActivitiesOptions) {}

  /** The app's activities, by ARN (the template resolver's `<prefix>:activity:<name>`). */
  addFromApp(activities: ReadonlyArray<{ arn: string; name: string; tags?: readonly Tag[] }>): void {
    for (const { arn, name, tags } of activities) {
      this.activities.set(arn, { arn, name, creationDate: new Date(), fromApp: true });
      this.options.tags.created(arn, tags);
    }
  }

  /**
   * CreateActivity: idempotent by name. An existing activity is returned as it is, its tags
   * unchanged (AWS ignores a repeated request's tags).
   */
  create(name: string, tags: readonly Tag[] = []): LocalActivity {
    // AWS documents the same character rule for activity names as for execution names.
    requireExecutionName(name);
    this.options.tags.requireValid(tags);
    const arn = `${this.options.arnPrefix}:activity:${name}`;
    const existing = this.activities.get(arn);
    if (existing) return existing;
    const activity = { arn, name, creationDate: new Date(), fromApp: false };
    this.activities.set(arn, activity);
    this.options.tags.created(arn, tags);
    return activity;
  }

  has(arn: string): boolean {
    return this.activities.has(arn);
  }

  describe(arn: string): LocalActivity {
    const activity = this.activities.get(requireActivityArn(arn));
    if (!activity) throw stepFunctionsErrors.activityDoesNotExist(arn);
    return activity;
  }

  list(): LocalActivity[] {
    return [...this.activities.values()];
  }

  /** DeleteActivity: deleting one that does not exist is not an error (as recorded on AWS). */
  delete(arn: string): void {
    this.activities.delete(requireActivityArn(arn));
    this.options.tags.forget(arn);
    this.queues.get(arn)?.endPolls();
  }

  /** GetActivityTask: a task for this worker, or undefined when none came within the poll's wait. */
  async poll(
    arn: string,
    workerName?: string,
    signal?: AbortSignal,
  ): Promise<ActivityTaskHandoff | undefined> {
    this.describe(arn);
    if (workerName !== undefined && workerName.length > MAX_WORKER_NAME) {
      throw stepFunctionsErrors.validation(
        `1 validation error detected: Value at 'workerName' failed to satisfy constraint: Member must have length less than or equal to ${MAX_WORKER_NAME}`,
      );
    }
    const queue = this.queueOf(arn);
    if (queue.pollers >= MAX_POLLERS) {
      throw stepFunctionsErrors.activityWorkerLimitExceeded(
        `Activity Worker Limit Exceeded: '${arn}' has ${MAX_POLLERS} polls waiting already (the local runtime's limit)`,
      );
    }
    const waitMs = (this.options.pollSeconds ?? DEFAULT_POLL_SECONDS) * 1000;
    return queue.poll(workerName, waitMs, signal);
  }

  /** Tasks waiting for a worker, per activity ARN (the console and tests read it). */
  waitingTasks(arn: string): number {
    return this.queues.get(arn)?.waiting ?? 0;
  }

  /** Queues an activity task; resolves once a worker took it. */
  async schedule(task: TaskInvocation): Promise<ActivityTaken> {
    if (task.taskToken === undefined) {
      throw new TaskFailure(
        'States.Runtime',
        `The activity task of state "${task.stateName}" has no task token to hand a worker: mock the state.`,
      );
    }
    const handoff = { taskToken: task.taskToken, input: toJsonText(task.input) };
    const workerName = await this.queueOf(task.classifiedResource.arn).offer(handoff, task.signal);
    return new ActivityTaken(workerName);
  }

  private queueOf(arn: string): ActivityQueue {
    let queue = this.queues.get(arn);
    if (!queue) this.queues.set(arn, (queue = new ActivityQueue()));
    return queue;
  }
}

/**
 * Activity tasks go to their queue, and `arn:aws:states:::aws-sdk:sfn:getActivityTask` polls one
 * (a state machine as the worker), unless the execution's mock test case serves the state.
 */
export function withActivities(
  handler: TaskHandler,
  activities: LocalActivities,
  mocked: (stateName: string) => boolean = () => false,
): TaskHandler {
  return (task) => {
    const resource = task.classifiedResource;
    const polls =
      resource.kind === 'service' &&
      resource.sdk &&
      resource.service === 'sfn' &&
      resource.action === 'getActivityTask';
    // The kind first: most tasks are neither, and skip the mock lookup.
    if ((resource.kind !== 'activity' && !polls) || mocked(task.stateName)) return handler(task);
    return polls ? pollFromTask(activities, task) : activities.schedule(task);
  };
}

/** The AWS SDK integration's GetActivityTask: PascalCase fields; an empty answer when no task came. */
async function pollFromTask(activities: LocalActivities, task: TaskInvocation) {
  const params = (task.input ?? {}) as { ActivityArn?: unknown; WorkerName?: unknown };
  if (typeof params.ActivityArn !== 'string') {
    throw new TaskFailure(
      'Sfn.ValidationException',
      `state "${task.stateName}": Parameters.ActivityArn must be an activity ARN (got ${JSON.stringify(params.ActivityArn) ?? 'nothing'})`,
    );
  }
  const workerName = typeof params.WorkerName === 'string' ? params.WorkerName : undefined;
  try {
    const handed = await activities.poll(params.ActivityArn, workerName, task.signal);
    return handed ? { TaskToken: handed.taskToken, Input: handed.input } : {};
  } catch (error) {
    if (!(error instanceof StepFunctionsError)) throw error;
    // As Step Functions names an integration's errors: `Sfn.ActivityDoesNotExistException`.
    const name = error.name.endsWith('Exception') ? error.name : `${error.name}Exception`;
    throw new TaskFailure(`Sfn.${name}`, error.message);
  }
}

function requireActivityArn(arn: string): string {
  if (!ACTIVITY_ARN.test(arn)) throw stepFunctionsErrors.invalidArn(arn);
  return arn;
}
