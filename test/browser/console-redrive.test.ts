/**
 * Redrive from the console in a real browser (Debian's Chromium, headless, offline): a Standard
 * execution whose callback task failed is redriven from its page, runs its failed task again with a
 * new token, and is answered there; the page follows it all without a reload.
 * Screenshots go to test-artifacts/.
 */
import * as path from 'node:path';
import { RedriveExecutionCommand } from '@aws-sdk/client-sfn';
import { startLocal } from '../../lib/toolkit/server/start-local';
import { synthCallbackAssembly } from '../support/callback-assembly';
import { localSfnClient } from '../support/sfn-client';
import { ARTIFACTS, consoleInChromium, executionStatusIs } from './chromium';

interface PageGlobals {
  readonly document: { querySelector(selector: string): { textContent: string | null } | null };
  sameDocument?: boolean;
}

describe('the console redrives a failed Standard execution', () => {
  const ui = consoleInChromium(() =>
    startLocal({ assemblyDir: synthCallbackAssembly(), port: 0, dynamodb: false }),
  );

  const arnOf = (name: string) => ui.local.runtime.listStateMachines().find((m) => m.name === name)!.arn;
  const statusIs = (status: string) => executionStatusIs(ui.page, status);
  const open = (executionArn: string) =>
    ui.page.goto(`${ui.local.url}/console/#/executions/${encodeURIComponent(executionArn)}`);

  it('redrives an execution whose task failed: the task runs again, waits, and is answered from the page', async () => {
    const { executionArn } = ui.local.runtime.start({
      stateMachine: arnOf('Approval'),
      input: { orderId: 'o-redrive' },
      name: 'browser-redrive',
    });
    await open(executionArn);
    await ui.page.waitForSelector('#waiting .waiting-task[data-state-name="Ask"]');
    const firstToken = await ui.page.inputValue('#waiting .token-value');
    // An error the task's Catch does not name: the execution fails at Ask.
    await ui.page.fill('#waiting .send-failure input[name=error]', 'ApproverUnreachable');
    await ui.page.click('#waiting .send-failure button');
    await statusIs('FAILED');
    await ui.page.evaluate(() => Object.assign(globalThis, { sameDocument: true }));
    await ui.page.screenshot({ path: path.join(ARTIFACTS, 'console-redrive-failed.png'), fullPage: true });

    await ui.page.click('#redrive-execution');
    await statusIs('RUNNING');
    await ui.page.waitForSelector('#waiting .waiting-task[data-state-name="Ask"]');
    const secondToken = await ui.page.inputValue('#waiting .token-value');
    expect(secondToken).not.toBe(firstToken);
    expect(await ui.page.locator('#redrive-execution').count()).toBe(0);
    await ui.page.fill('#waiting textarea[name=output]', '{"approved": "after redrive"}');
    await ui.page.click('#waiting .send-success button');
    await statusIs('SUCCEEDED');
    expect(JSON.parse((await ui.page.textContent('#execution-output pre'))!)).toEqual({
      approved: 'after redrive',
    });
    expect(await ui.page.textContent('#events')).toContain('ExecutionRedriven');
    expect(await ui.page.evaluate(() => (globalThis as unknown as PageGlobals).sameDocument)).toBe(true);
    // The same execution, not a new one.
    expect(ui.local.runtime.executions.get(executionArn)).toMatchObject({ status: 'SUCCEEDED' });
    await ui.page.screenshot({ path: path.join(ARTIFACTS, 'console-redrive-succeeded.png'), fullPage: true });
  });

  it('offers no Redrive where AWS would refuse it: a succeeded execution', async () => {
    const { executionArn } = ui.local.runtime.start({
      stateMachine: arnOf('Child'),
      input: { orderId: 'o-done' },
    });
    await ui.local.runtime.waitFor(executionArn);
    await open(executionArn);
    await statusIs('SUCCEEDED');
    expect(await ui.page.locator('#redrive-execution').count()).toBe(0);
  });

  it('shows the API’s refusal next to the button', async () => {
    const { executionArn } = ui.local.runtime.start({
      stateMachine: arnOf('Approval'),
      input: { orderId: 'o-refused' },
    });
    await open(executionArn);
    await ui.page.waitForSelector('#waiting .waiting-task[data-state-name="Ask"]');
    await ui.page.fill('#waiting .send-failure input[name=error]', 'ApproverUnreachable');
    await ui.page.click('#waiting .send-failure button');
    await statusIs('FAILED');
    // Redriven by someone else meanwhile: the page's button asks to redrive a running execution,
    // which AWS refuses.
    const sfn = localSfnClient(ui.local.url);
    await sfn.send(new RedriveExecutionCommand({ executionArn }));
    sfn.destroy();
    await ui.page.click('#redrive-execution');
    const error = ui.page.locator('#redrive-error');
    await error.waitFor({ state: 'visible' });
    expect(await error.textContent()).toMatch(/^ExecutionNotRedrivable: /);
  });
});
