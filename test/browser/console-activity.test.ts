/**
 * An activity task in the console, in a real browser (Debian's Chromium, headless, offline): it
 * shows as waiting for a worker until a worker takes it with GetActivityTask, and the page follows
 * the execution to its end without a reload. Screenshots go to test-artifacts/.
 */
import * as path from 'node:path';
import {
  CreateActivityCommand,
  GetActivityTaskCommand,
  SendTaskSuccessCommand,
  SFNClient,
} from '@aws-sdk/client-sfn';
import type { Page } from 'playwright-core';
import type { LocalService } from '../../lib/toolkit/server/start-local';
import { startLocal } from '../../lib/toolkit/server/start-local';
import { synthTinyAssembly } from '../support/tiny-assembly';
import { localSfnClient } from '../support/sfn-client';
import { ARTIFACTS, Browser, executionStatusIs, launchChromium } from './chromium';

interface PageGlobals {
  readonly document: { querySelector(selector: string): { textContent: string | null } | null };
  sameDocument?: boolean;
}

describe('the console shows an activity task waiting for a worker', () => {
  let local: LocalService;
  let sfn: SFNClient;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    [local, browser] = await Promise.all([
      startLocal({ assemblyDir: synthTinyAssembly(), port: 0, dynamodb: false }),
      launchChromium(),
    ]);
    sfn = localSfnClient(local.url);
    page = browser.page;
    page.on('pageerror', (error) => pageErrors.push(error.message));
  }, 120_000);

  afterAll(async () => {
    sfn?.destroy();
    await browser?.close();
    await local?.close();
  });

  const statusIs = (status: string) => executionStatusIs(page, status);

  it('waits for a worker until one takes the task, then follows it to SUCCEEDED', async () => {
    const { activityArn } = await sfn.send(new CreateActivityCommand({ name: 'Reviews' }));
    const machine = local.runtime.createStateMachine({
      name: 'Review',
      definition: {
        StartAt: 'Review',
        States: { Review: { Type: 'Task', Resource: activityArn, End: true } },
      },
    });
    const { executionArn } = local.runtime.start({ stateMachine: machine.arn, input: { orderId: 'o-7' } });
    await page.goto(`${local.url}/console/#/executions/${encodeURIComponent(executionArn)}`);
    const card = page.locator('#waiting .waiting-task[data-kind="activity"][data-state-name="Review"]');
    await card.waitFor();
    expect(await card.textContent()).toContain('waiting for a worker');
    expect(await card.textContent()).toContain(`--activity-arn ${activityArn}`);
    await page.evaluate(() => Object.assign(globalThis, { sameDocument: true }));
    await page.screenshot({ path: path.join(ARTIFACTS, 'console-activity-waiting.png'), fullPage: true });

    const task = await sfn.send(new GetActivityTaskCommand({ activityArn, workerName: 'worker-1' }));
    expect(JSON.parse(task.input!)).toEqual({ orderId: 'o-7' });
    await page.waitForSelector('#waiting', { state: 'hidden' });
    await sfn.send(new SendTaskSuccessCommand({ taskToken: task.taskToken, output: '{"reviewed":true}' }));
    await statusIs('SUCCEEDED');
    expect(JSON.parse((await page.textContent('#execution-output pre'))!)).toEqual({ reviewed: true });
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).sameDocument)).toBe(true);
    expect(pageErrors).toEqual([]);
  });
});
