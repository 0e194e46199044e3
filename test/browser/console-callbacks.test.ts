/**
 * The console answering callbacks in a real browser (Debian's Chromium, headless, offline): a
 * Lambda `.waitForTaskToken` task waits with its token shown, and Send success or Send failure
 * ends the wait through the Step Functions API, the page following the execution without a reload.
 * Screenshots go to test-artifacts/.
 */
import * as path from 'node:path';
import type { Route } from 'playwright-core';
import { startLocal } from '../../lib/toolkit/server/start-local';
import { synthCallbackAssembly } from '../support/callback-assembly';
import { ARTIFACTS, consoleInChromium, executionStatusIs } from './chromium';

/** The little of the DOM the checks read in the page (the project compiles without the DOM library). */
interface PageGlobals {
  readonly document: { querySelector(selector: string): { textContent: string | null } | null };
  sameDocument?: boolean;
}

describe('the console answers a task that waits for a callback', () => {
  const ui = consoleInChromium(() =>
    startLocal({ assemblyDir: synthCallbackAssembly(), port: 0, dynamodb: false }),
  );

  const approval = () => ui.local.runtime.listStateMachines().find((m) => m.name === 'Approval')!.arn;
  const statusIs = (status: string) => executionStatusIs(ui.page, status);

  /** Starts Approval, opens its page, and resolves once the page shows its task waiting. */
  async function openWaiting(name: string) {
    const { executionArn } = ui.local.runtime.start({
      stateMachine: approval(),
      input: { orderId: name },
      name,
    });
    await ui.page.goto(`${ui.local.url}/console/#/executions/${encodeURIComponent(executionArn)}`);
    await ui.page.waitForSelector('#waiting .waiting-task[data-kind="callback"][data-state-name="Ask"]');
    await ui.page.evaluate(() => Object.assign(globalThis, { sameDocument: true }));
    return executionArn;
  }

  /** The token the runtime issued, read as a client would: from TaskScheduled's parameters. */
  function issuedToken(executionArn: string): string {
    const scheduled = ui.local.runtime.executions
      .get(executionArn)!
      .events!.find((e) => e.type === 'TaskScheduled')!;
    const details = scheduled.taskScheduledEventDetails as { parameters: string };
    return (JSON.parse(details.parameters) as { Payload: { token: string } }).Payload.token;
  }

  it('shows the token, sends success with the output typed, and shows SUCCEEDED and that output live', async () => {
    const executionArn = await openWaiting('browser-callback-ok');
    await statusIs('RUNNING');
    expect(await ui.page.inputValue('#waiting .token-value')).toBe(issuedToken(executionArn));
    expect(await ui.page.textContent('#waiting')).toContain('invoke.waitForTaskToken');
    await ui.page.fill('#waiting textarea[name=output]', '{"approved": true, "by": "the browser"}');
    await ui.page.screenshot({ path: path.join(ARTIFACTS, 'console-callback-waiting.png'), fullPage: true });

    await ui.page.click('#waiting .send-success button');
    await statusIs('SUCCEEDED');
    await ui.page.waitForSelector('#waiting', { state: 'hidden' });
    expect(JSON.parse((await ui.page.textContent('#execution-output pre'))!)).toEqual({
      approved: true,
      by: 'the browser',
    });
    expect(await ui.page.evaluate(() => (globalThis as unknown as PageGlobals).sameDocument)).toBe(true);
    expect(ui.local.runtime.executions.get(executionArn)).toMatchObject({
      status: 'SUCCEEDED',
      output: { approved: true, by: 'the browser' },
    });
    await ui.page.screenshot({
      path: path.join(ARTIFACTS, 'console-callback-succeeded.png'),
      fullPage: true,
    });
  });

  it('sends a failure that the task’s Catch handles, and shows the caught state and the error passed on', async () => {
    const executionArn = await openWaiting('browser-callback-rejected');
    await ui.page.fill('#waiting .send-failure input[name=error]', 'Rejected');
    await ui.page.fill('#waiting .send-failure input[name=cause]', 'over budget');
    await ui.page.click('#waiting .send-failure button');
    await statusIs('SUCCEEDED');
    await ui.page.waitForSelector('#graph [data-state-name="Handled"].exec-succeeded');
    await ui.page.waitForSelector('#graph [data-state-name="Ask"].exec-caught');
    expect(JSON.parse((await ui.page.textContent('#execution-output pre'))!)).toEqual({
      orderId: 'browser-callback-rejected',
      rejection: { Error: 'Rejected', Cause: 'over budget' },
    });
    expect(await ui.page.textContent('#steps details[data-state-name="Ask"]')).toContain('Caught: Rejected');
    expect(await ui.page.evaluate(() => (globalThis as unknown as PageGlobals).sameDocument)).toBe(true);
    expect(ui.local.runtime.executions.get(executionArn)!.status).toBe('SUCCEEDED');
    await ui.page.screenshot({ path: path.join(ARTIFACTS, 'console-callback-caught.png'), fullPage: true });
  });

  it('says output that is not JSON is not JSON, and sends nothing: the task still waits', async () => {
    const executionArn = await openWaiting('browser-callback-bad-output');
    await ui.page.fill('#waiting textarea[name=output]', '{"approved": ');
    await ui.page.click('#waiting .send-success button');
    const error = ui.page.locator('#waiting .error');
    await error.waitFor({ state: 'visible' });
    expect(await error.textContent()).toMatch(/^The output is not valid JSON: .+\. Nothing was sent\.$/);
    await ui.page.waitForTimeout(700); // a poll or more: the execution has not moved
    expect(ui.local.runtime.executions.get(executionArn)!.status).toBe('RUNNING');
    // The typed text outlives the polls: the panel is redrawn only when what waits changes.
    expect(await ui.page.inputValue('#waiting textarea[name=output]')).toBe('{"approved": ');
    ui.local.runtime.sendTaskSuccess(issuedToken(executionArn), {});
    await statusIs('SUCCEEDED');
  });

  it('shows the API’s refusal when the token was answered elsewhere before the page heard of it', async () => {
    const executionArn = await openWaiting('browser-callback-raced');
    // The page's polls are held, so it still offers the token after another operator answered it.
    const held: Route[] = [];
    let holding = true;
    await ui.page.route('**/console/api/execution?*', (route) =>
      holding ? void held.push(route) : route.continue(),
    );
    ui.local.runtime.sendTaskFailure(issuedToken(executionArn), 'Rejected', 'by another operator');
    await ui.page.click('#waiting .send-success button');
    const error = ui.page.locator('#waiting .error');
    await error.waitFor({ state: 'visible' });
    expect(await error.textContent()).toMatch(/^TaskDoesNotExist: /);
    expect(await ui.page.isEnabled('#waiting .send-success button')).toBe(true);
    await ui.page.screenshot({ path: path.join(ARTIFACTS, 'console-callback-refused.png'), fullPage: true });

    holding = false;
    await Promise.all(held.map((route) => route.continue()));
    await ui.page.unroute('**/console/api/execution?*');
    await statusIs('SUCCEEDED');
    expect(ui.local.runtime.executions.get(executionArn)!.output).toMatchObject({
      rejection: { Error: 'Rejected', Cause: 'by another operator' },
    });
  });
});
