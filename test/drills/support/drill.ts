/**
 * What the drills share with the bench's soak: a seed with stock enough for thousands of orders,
 * an order per drill execution, starting executions through the endpoint (client-sfn) and
 * settling every one with a deadline, listing every execution back through ListExecutions, and
 * counting charges from the payment function's own log line.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { paginateListExecutions, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { ExecutionRecord } from '../../../lib/toolkit/local/execution-store';
import type { LocalService } from '../../../lib/toolkit/server/start-local';

/**
 * The items drill orders buy, in stock by the hundred thousand: order i buys item i mod 1,000, so
 * concurrent orders do not race for one item's row (a transaction conflict is retried, and would
 * add failures that no injected fault explains).
 */
const DRILL_SKUS = Array.from({ length: 1000 }, (_, i) => `SKU-DRILL-${String(i).padStart(4, '0')}`);

/** A seed file (in a temporary folder) with the drill items in stock. */
export function writeDrillSeed(): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'order-workflow-drill-')), 'seed.json');
  const items = DRILL_SKUS.map((sku) => ({
    sku,
    name: 'Drill widget',
    available: 100_000,
    reserved: 0,
    unitPrice: 500,
    currency: 'USD',
  }));
  fs.writeFileSync(file, JSON.stringify({ OrderWorkflowInventoryTable: items }));
  return file;
}

/** A valid order for one drill item, paid with the sandbox card that always succeeds. */
export function drillOrder(orderId: string, index = 0): Record<string, unknown> {
  return {
    orderId,
    customer: { id: 'cust-drill', email: 'drill@example.com', name: 'Drill Customer' },
    items: [{ sku: DRILL_SKUS[index % DRILL_SKUS.length], quantity: 1 }],
    currency: 'USD',
    payment: { token: 'tok_visa' },
    shippingAddress: { line1: '1 Main Street', city: 'Springfield', postalCode: '12345', country: 'US' },
  };
}

/** How the executions of a drill ended. */
export interface DrillOutcome {
  readonly records: readonly ExecutionRecord[];
  /** Executions still RUNNING at the deadline. */
  readonly hung: readonly string[];
  /** Executions that ended neither SUCCEEDED nor FAILED (ABORTED, TIMED_OUT), with their status. */
  readonly otherEnds: readonly string[];
  readonly succeeded: number;
  /** Failed executions by their error. */
  readonly failures: ReadonlyMap<string, number>;
  readonly seconds: number;
}

/**
 * Starts `orderIds.length` executions through the endpoint, `concurrency` at a time, each named
 * after its order (as a client should), and waits for all of them to end, up to `deadlineMs`.
 */
export async function runOrders(
  service: LocalService,
  sfn: SFNClient,
  stateMachineArn: string,
  orderIds: readonly string[],
  options: { concurrency?: number; deadlineMs?: number } = {},
): Promise<DrillOutcome> {
  const { concurrency = 20, deadlineMs = 120_000 } = options;
  const started = performance.now();
  let timedOut = false;
  const deadline = new Promise<void>((resolve) =>
    setTimeout(() => {
      timedOut = true;
      resolve();
    }, deadlineMs).unref(),
  );
  const arns: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < orderIds.length && !timedOut) {
        const orderId = orderIds[next++];
        const { executionArn } = await sfn.send(
          new StartExecutionCommand({
            stateMachineArn,
            name: orderId,
            input: JSON.stringify(drillOrder(orderId)),
          }),
        );
        arns.push(executionArn!);
        // Starting is asynchronous; waiting here keeps `concurrency` executions in flight, not all.
        await Promise.race([service.runtime.waitFor(executionArn!), deadline]);
      }
    }),
  );
  if (arns.length < orderIds.length) {
    throw new Error(`only ${arns.length} of ${orderIds.length} executions started before the deadline`);
  }

  const records = arns.map((arn) => service.runtime.describeExecution(arn));
  const failures = new Map<string, number>();
  for (const record of records) {
    if (record.status === 'FAILED')
      failures.set(record.error ?? '', (failures.get(record.error ?? '') ?? 0) + 1);
  }
  return {
    records,
    hung: records.filter((r) => r.status === 'RUNNING').map((r) => r.name),
    otherEnds: records
      .filter((r) => !['RUNNING', 'SUCCEEDED', 'FAILED'].includes(r.status))
      .map((r) => `${r.name}: ${r.status}`),
    succeeded: records.filter((r) => r.status === 'SUCCEEDED').length,
    failures,
    seconds: (performance.now() - started) / 1000,
  };
}

/** Every execution's ARN that ListExecutions gives, all pages. */
export async function listedExecutionArns(sfn: SFNClient, stateMachineArn: string): Promise<Set<string>> {
  const arns = new Set<string>();
  for await (const page of paginateListExecutions({ client: sfn, pageSize: 1000 }, { stateMachineArn })) {
    for (const execution of page.executions ?? []) arns.add(execution.executionArn!);
  }
  return arns;
}

/**
 * Counts the charges the payment provider was really asked to make, per order: the payment
 * function logs "Charging the card" (with the order id) only when Powertools idempotency lets the
 * call through to the provider, never for a replayed result.
 */
export class ChargeCounter {
  private readonly charges = new Map<string, number>();
  /** Lines that named a charge but could not be read: a drill must see none. */
  readonly unreadable: string[] = [];

  readonly onFunctionLog = (_functionName: string, line: string): void => {
    if (!line.includes('Charging the card')) return;
    let orderId: string | undefined;
    try {
      ({ orderId } = JSON.parse(line) as { orderId?: string });
    } catch {
      this.unreadable.push(line);
      return;
    }
    if (orderId) this.charges.set(orderId, (this.charges.get(orderId) ?? 0) + 1);
  };

  chargesOf(orderId: string): number {
    return this.charges.get(orderId) ?? 0;
  }

  /** Orders charged more than once, with their count. */
  chargedTwice(): Array<[string, number]> {
    return [...this.charges].filter(([, count]) => count > 1);
  }
}
