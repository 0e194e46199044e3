import { Duration } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import type { OrderStatus } from '../../../lambdas/shared/order';
import { ResolvedRetryPolicy, retryProps } from '../retry-policy';
import { StateKey, StateNames } from '../state-names';
import { TRANSIENT_DYNAMODB_ERRORS, TRANSIENT_SNS_ERRORS, TRANSIENT_TASK_ERRORS } from './transient-errors';

/** The function behind each Lambda step. */
export interface OrderWorkflowFunctions {
  readonly validateOrder: lambda.IFunction;
  /** "Reserve Stock", "Commit Stock" and "Release Stock". */
  readonly stock: lambda.IFunction;
  readonly processPayment: lambda.IFunction;
  readonly shipOrder: lambda.IFunction;
  readonly notifyOutOfStock: lambda.IFunction;
  readonly refundPayment: lambda.IFunction;
}

/** The name of one of the workflow's functions: `validateOrder`, `stock`, `processPayment`, ... */
export type WorkflowFunctionName = keyof OrderWorkflowFunctions;

export interface OrderWorkflowDefinitionProps {
  readonly functions: OrderWorkflowFunctions;
  /** Where "Record Order ..." states write the order's status and timeline. */
  readonly ordersTable: dynamodb.ITable;
  readonly notificationTopic: sns.ITopic;
  readonly retryPolicy: ResolvedRetryPolicy;
  readonly taskTimeout: Duration;
}

/**
 * The task's `$$.State.RetryCount`, sent as `attempt` to the steps that call a provider (payment,
 * shipping, refund). Why it is part of the production contract is said on `TaskAttempt` in
 * lambdas/shared/order.ts.
 */
export const ATTEMPT = sfn.JsonPath.numberAt('$$.State.RetryCount');

/** The execution, recorded with every status so the timeline says which run wrote it. */
export const EXECUTION_ARN = sfn.JsonPath.stringAt('$$.Execution.Id');

/** What a stock action does; each action keeps its result under its own field. */
export type StockAction = 'reserve' | 'commit' | 'release';

const STOCK_RESULT_PATHS: Record<StockAction, string> = {
  reserve: '$.reservation',
  commit: '$.fulfilment',
  release: '$.release',
};

/** Where a caught error goes: the state it leads to and where the error is kept in the state. */
export interface CatchTo {
  readonly state: sfn.IChainable;
  readonly resultPath: string;
}

/** What a {@link WorkflowStates.recordStatus} state writes, and under which condition. */
export interface StatusRecord {
  readonly status: OrderStatus;
  readonly comment: string;
  /** The condition that makes a duplicate execution a no-op, and the values it reads. */
  readonly onlyIf: { condition: string; values?: Record<string, tasks.DynamoAttributeValue> };
  /** The next state, also where a failed condition goes (the status is already past). */
  readonly next: sfn.IChainable;
  /** Where any other failure goes once retries are used up. */
  readonly onFailure: CatchTo;
}

/**
 * Makes the workflow's states the same way everywhere: each with the state name a person reads,
 * every task with the task timeout and the retry of its kind. The segments (validate and record,
 * reserve, pay, ship and commit, compensate) ask it for their states.
 */
export class WorkflowStates {
  constructor(
    private readonly scope: Construct,
    /** What the definition is built from: functions, table, topic, retry policy, task timeout. */
    readonly props: OrderWorkflowDefinitionProps,
  ) {}

  get functions(): OrderWorkflowFunctions {
    return this.props.functions;
  }

  /** The task timeout every task state gets. */
  get taskTimeout(): sfn.Timeout {
    return sfn.Timeout.duration(this.props.taskTimeout);
  }

  /** A Lambda task retrying the transient errors with the workflow's policy. */
  invoke(
    id: StateKey,
    fn: lambda.IFunction,
    extra: Omit<tasks.LambdaInvokeJsonPathProps, 'lambdaFunction' | 'stateName'>,
  ): sfn.TaskStateBase {
    return tasks.LambdaInvoke.jsonPath(this.scope, id, {
      stateName: StateNames[id],
      lambdaFunction: fn,
      // CDK's own retrier has no jitter and skips TooManyRequestsException: ours replaces it.
      retryOnServiceExceptions: false,
      taskTimeout: this.taskTimeout,
      ...extra,
    }).addRetry(retryProps(TRANSIENT_TASK_ERRORS, this.props.retryPolicy));
  }

  /** A named end: the error is the order's outcome, the cause read from the state. */
  fail(id: StateKey, error: string, causePath: string): sfn.Fail {
    return sfn.Fail.jsonPath(this.scope, id, { stateName: StateNames[id], error, causePath });
  }

  choice(id: StateKey, comment: string): sfn.Choice {
    return new sfn.Choice(this.scope, id, { stateName: StateNames[id], comment });
  }

  succeed(id: StateKey, comment: string): sfn.Succeed {
    return new sfn.Succeed(this.scope, id, { stateName: StateNames[id], comment });
  }

  /** An SNS publish retrying SNS's transient errors, for a message that needs no function. */
  publish(
    id: StateKey,
    props: Omit<tasks.SnsPublishJsonPathProps, 'stateName' | 'taskTimeout'>,
  ): sfn.TaskStateBase {
    return tasks.SnsPublish.jsonPath(this.scope, id, {
      stateName: StateNames[id],
      ...props,
      taskTimeout: this.taskTimeout,
    }).addRetry(retryProps(TRANSIENT_SNS_ERRORS, this.props.retryPolicy));
  }

  /**
   * A call of the stock function: reserve all-or-nothing, commit when shipped, release on any
   * failure after reserving. Every action gets the order and the execution; `payload` adds to them.
   */
  stock(
    id: StateKey,
    action: StockAction,
    payload: Record<string, unknown>,
    comment: string,
  ): sfn.TaskStateBase {
    return this.invoke(id, this.functions.stock, {
      comment,
      payload: sfn.TaskInput.fromObject({
        action,
        order: sfn.JsonPath.objectAt('$.order'),
        executionArn: EXECUTION_ARN,
        ...payload,
      }),
      resultSelector: {
        reserved: sfn.JsonPath.objectAt('$.Payload.reserved'),
        unavailableItems: sfn.JsonPath.listAt('$.Payload.unavailableItems'),
        status: sfn.JsonPath.stringAt('$.Payload.status'),
      },
      resultPath: STOCK_RESULT_PATHS[action],
    });
  }

  /**
   * Records a status the state machine owns. The condition makes a duplicate execution (Express
   * delivers at least once) a no-op instead of a step back in the timeline: when it fails, the
   * status is already past, and the workflow goes on.
   */
  recordStatus(id: StateKey, record: StatusRecord): sfn.Chain {
    const { status, onlyIf } = record;
    const enteredTime = sfn.JsonPath.stringAt('$$.State.EnteredTime');
    return tasks.DynamoUpdateItem.jsonPath(this.scope, id, {
      stateName: StateNames[id],
      comment: record.comment,
      table: this.props.ordersTable,
      key: { orderId: tasks.DynamoAttributeValue.fromString(sfn.JsonPath.stringAt('$.order.orderId')) },
      updateExpression:
        'SET #status = :status, updatedAt = :now, timeline = list_append(if_not_exists(timeline, :empty), :entry)',
      conditionExpression: onlyIf.condition,
      expressionAttributeNames: { '#status': 'status' },
      expressionAttributeValues: {
        ...onlyIf.values,
        ':status': tasks.DynamoAttributeValue.fromString(status),
        ':now': tasks.DynamoAttributeValue.fromString(enteredTime),
        ':empty': tasks.DynamoAttributeValue.fromList([]),
        ':entry': tasks.DynamoAttributeValue.fromList([
          tasks.DynamoAttributeValue.fromMap({
            status: tasks.DynamoAttributeValue.fromString(status),
            at: tasks.DynamoAttributeValue.fromString(enteredTime),
            executionArn: tasks.DynamoAttributeValue.fromString(EXECUTION_ARN),
          }),
        ]),
      },
      resultPath: sfn.JsonPath.DISCARD,
      taskTimeout: this.taskTimeout,
    })
      .addRetry(retryProps(TRANSIENT_DYNAMODB_ERRORS, this.props.retryPolicy))
      .addCatch(record.next, {
        errors: ['DynamoDB.ConditionalCheckFailedException'],
        resultPath: sfn.JsonPath.DISCARD,
      })
      .addCatch(record.onFailure.state, { errors: [sfn.Errors.ALL], resultPath: record.onFailure.resultPath })
      .next(record.next);
  }
}
