import { GetExecutionHistoryCommand, HistoryEvent, SFNClient } from '@aws-sdk/client-sfn';

/** Fake but well-formed credentials: the local endpoint does not check them. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'LOCALKEY', secretAccessKey: 'LOCALSECRET' };

/**
 * A Step Functions client for the local endpoint. StartSyncExecution and TestState are sent to
 * `sync-<host>`, which does not resolve for 127.0.0.1: the host prefix is turned off. One attempt:
 * a test wants the endpoint's own answer, not the SDK's retries.
 */
export function localSfnClient(url: string, region = 'us-east-1'): SFNClient {
  return new SFNClient({
    endpoint: url,
    region,
    credentials: LOCAL_CREDENTIALS,
    disableHostPrefix: true,
    maxAttempts: 1,
  });
}

/** An execution's whole history, every page of GetExecutionHistory. */
export async function historyOf(sfn: SFNClient, executionArn: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(new GetExecutionHistoryCommand({ executionArn, nextToken }));
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return events;
}
