import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { OrderWorkflowFunctions, WorkflowFunctionName } from './segments/workflow-states';

/**
 * What to measure: every metric the workflow's alarms and dashboard read, in one place. Counts are
 * sums per period; `options` sets the period and the label a graph shows. Making alarms and
 * widgets of them is {@link WorkflowMonitoring}'s job.
 */
export class WorkflowMetricFactory {
  constructor(
    private readonly stateMachine: sfn.IStateMachine,
    private readonly functions: OrderWorkflowFunctions,
  ) {}

  /** Executions that started. */
  executionsStarted(options?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.stateMachine.metricStarted(sum(options));
  }

  /** Executions that completed an order (paid and shipped, or out of stock). */
  executionsSucceeded(options?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.stateMachine.metricSucceeded(sum(options));
  }

  /** Executions that ended in a named failure (or an unexpected one). */
  executionsFailed(options?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.stateMachine.metricFailed(sum(options));
  }

  /** Executions that ran past the state machine's timeout. */
  executionsTimedOut(options?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.stateMachine.metricTimedOut(sum(options));
  }

  /** Executions stopped by a StopExecution call. */
  executionsAborted(options?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.stateMachine.metricAborted(sum(options));
  }

  /** Executions that Step Functions throttled. */
  executionsThrottled(options?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.stateMachine.metricThrottled(sum(options));
  }

  /** Time from start to end of an execution, in milliseconds, by `statistic` (`p50`, `p99`, `Maximum`). */
  executionTime(statistic: string, options?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.stateMachine.metricTime({ ...options, statistic });
  }

  /** Invocations of one of the workflow's functions. */
  functionInvocations(name: WorkflowFunctionName, options?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.functions[name].metricInvocations(sum(options));
  }

  /** Invocations of one of the workflow's functions that ended in an error. */
  functionErrors(name: WorkflowFunctionName, options?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.functions[name].metricErrors(sum(options));
  }

  /** Invocations of one of the workflow's functions that Lambda throttled. */
  functionThrottles(name: WorkflowFunctionName, options?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.functions[name].metricThrottles(sum(options));
  }

  /** How long one of the workflow's functions ran, by `statistic` (`p99`, ...). */
  functionDuration(
    name: WorkflowFunctionName,
    statistic: string,
    options?: cloudwatch.MetricOptions,
  ): cloudwatch.Metric {
    return this.functions[name].metricDuration({ ...options, statistic });
  }

  /** The names of the workflow's functions, in the order `functions` lists them. */
  get functionNames(): readonly WorkflowFunctionName[] {
    return Object.keys(this.functions) as WorkflowFunctionName[];
  }
}

function sum(options: cloudwatch.MetricOptions = {}): cloudwatch.MetricOptions {
  return { ...options, statistic: 'Sum' };
}
