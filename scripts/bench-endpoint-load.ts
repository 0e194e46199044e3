/**
 * The bench's load generator for the endpoint rows, run in worker threads: client-sfn sends
 * StartSyncExecution `total` times, `concurrency` at a time, and posts each latency back. Off the
 * server's thread because a client is another program: on the server's thread the SDK's own work
 * (middleware, SigV4 signing, parsing) took more CPU than the server's, so the figure measured the
 * client as much as the endpoint (the bench keeps that row too).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { randomUUID } from 'node:crypto';
import { StartSyncExecutionCommand } from '@aws-sdk/client-sfn';
import { localSfnClient } from '../test/support/sfn-client';

export interface EndpointLoad {
  readonly url: string;
  readonly stateMachineArn: string;
  readonly order: Record<string, unknown>;
  readonly total: number;
  readonly concurrency: number;
}

export interface LoadResult {
  /** Each request's latency, in milliseconds, in the order they ended. */
  readonly latencies: number[];
  readonly seconds: number;
}

/** `total` requests, `concurrency` at a time; each a fresh order id, as a shop's client sends. */
export async function sendLoad(load: EndpointLoad, warmed: () => Promise<void>): Promise<LoadResult> {
  const sfn = localSfnClient(load.url);
  const send = async () => {
    const input = JSON.stringify({ ...load.order, orderId: `bench-${randomUUID().slice(0, 12)}` });
    const result = await sfn.send(
      new StartSyncExecutionCommand({ stateMachineArn: load.stateMachineArn, input }),
    );
    if (result.status !== 'SUCCEEDED') throw new Error(`${result.status}: ${result.error}`);
  };
  const latencies: number[] = [];
  const inParallel = async (total: number, onEach: (ms: number) => void) => {
    let next = 0;
    await Promise.all(
      Array.from({ length: load.concurrency }, async () => {
        while (next++ < total) {
          const t0 = performance.now();
          await send();
          onEach(performance.now() - t0);
        }
      }),
    );
  };
  try {
    // Connections opened and code warm before the clock starts (see bench.ts, throughEndpoint).
    await inParallel(load.concurrency, () => undefined);
    await warmed();
    const started = performance.now();
    await inParallel(load.total, (ms) => latencies.push(ms));
    return { latencies, seconds: (performance.now() - started) / 1000 };
  } finally {
    sfn.destroy();
  }
}

if (parentPort && workerData) {
  const port = parentPort;
  // Every client thread warms up, then all start together when the bench says go.
  const warmed = () =>
    new Promise<void>((resolve) => {
      port.once('message', () => resolve());
      port.postMessage({ warm: true });
    });
  sendLoad(workerData as EndpointLoad, warmed).then(
    (result) => parentPort!.postMessage({ result }),
    (error: Error) => parentPort!.postMessage({ error: error.message }),
  );
}
