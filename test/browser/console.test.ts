/**
 * The console in a real browser: Debian's Chromium, headless and offline, driven by playwright-core
 * against the app served locally (its synthesized definition, its bundled Lambda code). `.ci/run`
 * installs the `chromium` package where it is missing. Screenshots go to test-artifacts/.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { executionPath } from '../../lib/toolkit/local/execution-path';
import type { LocalService } from '../../lib/toolkit/server/start-local';
import { startAppLocally } from '../support/local-app';
import { ARTIFACTS, Browser, executionStatusIs, launchChromium, watchPage } from './chromium';

const ROOT = path.join(__dirname, '..', '..');
const example = (file: string) => fs.readFileSync(path.join(ROOT, 'examples', file), 'utf8');

/** A Standard execution that lasts: long enough to be seen running, short enough for the test. */
const WAITER = {
  StartAt: 'Wait',
  States: {
    Wait: { Type: 'Wait', SecondsPath: '$.seconds', Next: 'Done' },
    Done: { Type: 'Pass', End: true },
  },
};

/** The little of the DOM the checks read in the page (the project compiles without the DOM library). */
interface DomNode {
  readonly dataset: Record<string, string | undefined>;
  readonly classList: Iterable<string>;
  readonly textContent: string | null;
}
interface PageGlobals {
  readonly document: { querySelector(selector: string): DomNode | null };
  getComputedStyle(element: unknown): { fill: string };
  sameDocument?: boolean;
}

describe('the console in a real browser', () => {
  let local: LocalService;
  let browser: Browser;
  let page: Page;
  let orderMachine: { arn: string; name: string };
  let watched: ReturnType<typeof watchPage>;

  beforeAll(async () => {
    [local, browser] = await Promise.all([startAppLocally('STANDARD'), launchChromium()]);
    orderMachine = local.runtime.listStateMachines().find((m) => m.fromApp)!;
    local.runtime.createStateMachine({ name: 'LiveWaiter', definition: WAITER });
    local.runtime.createStateMachine({
      name: 'ExpressEcho',
      type: 'EXPRESS',
      definition: WAITER,
    });
    page = browser.page;
    watched = watchPage(page);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await local?.close();
  });

  afterEach(() => {
    // Offline and self-contained: every request went to the endpoint, and the page threw nothing.
    watched.expectOfflineAndQuiet(local.url);
  });

  /** Each state of the diagram with the execution classes it carries. */
  const stateClasses = () =>
    page.$$eval('#graph .state', (nodes: DomNode[]) =>
      Object.fromEntries(
        nodes.map((n) => [
          n.dataset.stateName!,
          [...n.classList].filter((c) => c === 'visited' || c.startsWith('exec-')).join(' '),
        ]),
      ),
    );
  const takenEdges = () =>
    page.$$eval('#graph .edge.taken', (edges: DomNode[]) =>
      edges.map((e) => `${e.dataset.from || 'Start'} -${e.dataset.kind}-> ${e.dataset.to || 'End'}`),
    );
  const fillOf = (stateName: string) =>
    page.$eval(
      `#graph [data-state-name="${stateName}"] > .shape`,
      (shape) => (globalThis as unknown as PageGlobals).getComputedStyle(shape).fill,
    );
  const statusIs = (status: string) => executionStatusIs(page, status);

  async function startFromPage(machineName: string, input: string, name?: string) {
    await page.goto(`${local.url}/console/`);
    await page.getByRole('link', { name: machineName, exact: true }).click();
    await page.waitForSelector('#graph svg');
    if (name) await page.fill('#start-form input[name=name]', name);
    await page.fill('#start-form textarea[name=input]', input);
    await page.click('#start-form button[type=submit]');
  }

  it('starts an order from the page, shows it succeeded, and highlights the path it took', async () => {
    await startFromPage(orderMachine.name, example('order.json'), 'browser-order-ok');
    await statusIs('SUCCEEDED');
    await page.waitForSelector('#graph [data-state-name="Order Completed"].exec-succeeded');

    const record = local.runtime.executions.get(
      `${orderMachine.arn.replace(':stateMachine:', ':execution:')}:browser-order-ok`,
    )!;
    const visited = [...new Set(executionPath(record.events!).map((s) => s.name))];
    const classes = await stateClasses();
    // Exactly the states the execution went through are colored, all as succeeded.
    expect(
      Object.entries(classes)
        .filter(([, c]) => c)
        .map(([name]) => name)
        .sort(),
    ).toEqual([...visited].sort());
    for (const name of visited) expect(classes[name]).toBe('visited exec-succeeded');
    expect(visited).toEqual(
      expect.arrayContaining(['Validate Order', 'Check Inventory', 'Process Payment', 'Order Completed']),
    );
    expect(classes['Invalid Order']).toBe('');
    expect(await fillOf('Order Completed')).toBe('rgb(210, 244, 220)');

    const edges = await takenEdges();
    expect(edges).toContain('Start -start-> Validate Order');
    expect(edges).toContain('Order Completed -end-> End');
    expect(edges.filter((e) => e.includes('-catch->'))).toEqual([]);
    expect(edges).toHaveLength(visited.length + 1); // into each state, and out to the end

    // The event history, with each state's input and output.
    const history = await page.textContent('#events');
    expect(history).toContain('TaskStateEntered');
    expect(history).toContain('ExecutionSucceeded');
    await page.click('#steps details[data-state-name="Validate Order"] summary');
    const step = await page.textContent('#steps details[data-state-name="Validate Order"]');
    expect(step).toContain('"orderId": "example-order-001"');
    expect(step).toMatch(/Output[\s\S]*"inventory"/);

    // The order's record in the Orders table (DynamoDB Local): its status timeline.
    const timeline = await page.textContent('#records [data-table^="OrderWorkflowOrdersTable"] table');
    expect(timeline).toMatch(/VALIDATED[\s\S]*STOCK_RESERVED[\s\S]*PAID[\s\S]*SHIPPED/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'console-order-succeeded.png'), fullPage: true });
  });

  it('lists on the home page what the app published, sent or put: recorded, never delivered', async () => {
    local.events.putEvents({
      Entries: [{ Source: 'browser.test', DetailType: 'Checked', Detail: '{"seen":true}' }],
    });
    await page.goto(`${local.url}/console/`);
    await page.waitForSelector('#messages tbody tr');
    const messages = await page.textContent('#messages');
    expect(messages).toContain('EventBridge');
    expect(messages).toContain('browser.test · Checked');
    expect(messages).toContain('{"seen":true}');
    await page.screenshot({ path: path.join(ARTIFACTS, 'console-messages.png'), fullPage: true });
  });

  it('says clearly that input which is not JSON is not JSON, and starts nothing', async () => {
    const before = local.runtime.allExecutions().length;
    await startFromPage(orderMachine.name, '{"orderId": "ord-1", ');
    const error = page.locator('#start-error');
    await error.waitFor({ state: 'visible' });
    expect(await error.textContent()).toMatch(/^The input is not valid JSON: .+\. Nothing was started\.$/);
    expect(page.url()).toMatch(/#\/state-machines\//);
    expect(local.runtime.allExecutions()).toHaveLength(before);
  });

  it('starts a failing order and marks the failed state, the caught one and the Catch taken', async () => {
    await startFromPage(orderMachine.name, example('order-invalid.json'));
    await statusIs('FAILED');
    await page.waitForSelector('#graph [data-state-name="Invalid Order"].exec-failed');
    const classes = await stateClasses();
    expect(classes['Validate Order']).toBe('visited exec-caught');
    expect(classes['Invalid Order']).toBe('visited exec-failed');
    expect(classes['Check Inventory']).toBe('');
    expect(await takenEdges()).toContain('Validate Order -catch-> Invalid Order');
    expect(await page.textContent('#execution-error')).toContain('OrderValidationFailed');
    expect(await fillOf('Invalid Order')).toBe('rgb(255, 216, 211)');
    await page.screenshot({ path: path.join(ARTIFACTS, 'console-order-failed.png'), fullPage: true });
  });

  it('follows a running Standard execution live: RUNNING turns into SUCCEEDED without a reload', async () => {
    await startFromPage('LiveWaiter', '{"seconds": 6}', 'browser-live');
    await statusIs('RUNNING');
    await page.waitForSelector('#graph [data-state-name="Wait"].exec-running');
    await page.evaluate(() => Object.assign(globalThis, { sameDocument: true }));
    await page.screenshot({ path: path.join(ARTIFACTS, 'console-live-running.png') });

    await statusIs('SUCCEEDED');
    await page.waitForSelector('#graph [data-state-name="Done"].exec-succeeded');
    expect(await stateClasses()).toEqual({ Wait: 'visited exec-succeeded', Done: 'visited exec-succeeded' });
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).sameDocument)).toBe(true);
    const duration = (await page.textContent('#execution-duration'))!;
    expect(duration).toMatch(/^\d+\.\d\d s$/);
    expect(parseFloat(duration)).toBeGreaterThanOrEqual(3);
  });

  it('says on an Express machine’s page that on AWS its runs live only in CloudWatch Logs', async () => {
    await page.goto(`${local.url}/console/`);
    await page.getByRole('link', { name: 'ExpressEcho', exact: true }).click();
    expect(await page.locator('#express-note').textContent()).toMatch(/only in CloudWatch Logs/);
  });
});
