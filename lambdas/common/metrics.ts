import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

/**
 * Business metrics (orders paid, payments declined, orders out of stock) as CloudWatch embedded
 * metric format lines in the function's log: no API call, no extra latency. Namespace
 * `OrderWorkflow`, dimension `service`.
 */
const metrics = new Metrics({ namespace: 'OrderWorkflow' });

/** Counts one occurrence and flushes it at once: a step emits at most one or two per invocation. */
export function countMetric(
  name: 'OrdersPaid' | 'PaymentsDeclined' | 'OrdersOutOfStock' | 'OrdersShipped',
): void {
  metrics.addMetric(name, MetricUnit.Count, 1);
  metrics.publishStoredMetrics();
}
