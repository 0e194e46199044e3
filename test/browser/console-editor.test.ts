/**
 * The workflow editor (/console/editor) in a real browser: Debian's Chromium, headless and offline,
 * against the app served locally with a mock configuration. A workflow built by clicking runs and
 * succeeds; a broken transition shows its diagnostic on its state and survives a reload as a draft;
 * the app's order workflow, its Retry changed in the form, runs with the change. After each step
 * the code view and the diagram show the same states and transitions. Screenshots in test-artifacts/.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { executionPath } from '../../lib/toolkit/local/execution-path';
import { MockConfig } from '../../lib/toolkit/local/mock-config';
import { allStates, JsonObject, transitionsOf } from '../../lib/toolkit/server/console/editor';
import type { LocalService } from '../../lib/toolkit/server/start-local';
import { startAppLocally } from '../support/local-app';
import { ARTIFACTS, Browser, executionStatusIs, launchChromium, watchPage } from './chromium';

const ROOT = path.join(__dirname, '..', '..');
const EXAMPLES = path.join(ROOT, 'examples');

/** The examples' mock configuration, plus a test case for the workflow the test builds. */
function mockConfig(): MockConfig {
  const raw = JSON.parse(fs.readFileSync(path.join(EXAMPLES, 'mock-config.json'), 'utf8'));
  raw.StateMachines.EditorDemo = { TestCases: { InStock: { 'Check stock': 'StockFound' } } };
  raw.MockedResponses.StockFound = { '0': { Return: { StatusCode: 200, Payload: { inStock: true } } } };
  return MockConfig.parse(raw);
}

interface PageGlobals {
  readonly document: { querySelector(selector: string): { textContent: string | null } | null };
  getComputedStyle(element: unknown): { display: string };
}

describe('the workflow editor in a real browser', () => {
  let local: LocalService;
  let browser: Browser;
  let page: Page;
  let watched: ReturnType<typeof watchPage>;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    [local, browser] = await Promise.all([
      startAppLocally('STANDARD', { mockConfig: mockConfig() }),
      launchChromium(),
    ]);
    page = browser.page;
    watched = watchPage(page);
    // A CSP violation (CodeMirror's <style> without the nonce) is logged as a console error.
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await local?.close();
  });

  afterEach(() => {
    watched.expectOfflineAndQuiet(local.url);
    expect(consoleErrors).toEqual([]);
  });

  /** The code view's whole text, read through CodeMirror (it draws only the lines in view). */
  const codeText = (): Promise<string> =>
    page.evaluate(
      "import('/console/vendor/codemirror.mjs').then((cm) => cm.EditorView.findFromDOM(document.querySelector('.cm-editor')).state.doc.toString())",
    );

  /** Waits until the validator and the diagram have caught up with the latest edit. */
  const settled = () => page.waitForSelector('#editor[data-checked="true"]');

  /** The code view and the diagram show the same states and the same transitions. */
  async function expectCodeAndDiagramAgree(): Promise<JsonObject> {
    await settled();
    const definition = JSON.parse(await codeText()) as JsonObject;
    const states = allStates(definition);
    const fromCode = {
      states: states.map((s) => s.path).sort(),
      edges: states
        .flatMap((s) =>
          transitionsOf(s.state)
            .filter(
              (t) => t.target !== undefined && states.some((o) => o.scope === s.scope && o.name === t.target),
            )
            .map((t) => `${t.transition.kind}|${s.name}|${t.target}`),
        )
        .sort(),
    };
    const fromDiagram = await page.$$eval('#editor-graph svg', (svgs) => {
      const svg = svgs[0] as unknown as {
        querySelectorAll(s: string): Iterable<{ dataset: Record<string, string> }>;
      };
      return {
        states: [...svg.querySelectorAll('[data-state-path]')].map((n) => n.dataset.statePath).sort(),
        edges: [...svg.querySelectorAll('.edge')]
          .filter((e) => ['next', 'choice', 'default', 'catch'].includes(e.dataset.kind))
          .map((e) => `${e.dataset.kind}|${e.dataset.from}|${e.dataset.to}`)
          .sort(),
      };
    });
    expect(fromDiagram).toEqual(fromCode);
    return definition;
  }

  const statusIs = (status: string) => executionStatusIs(page, status);
  const selectInDiagram = async (name: string) => {
    await page.click(`#editor-graph [data-state-name="${name}"]`);
    await page.waitForSelector(`#inspector [data-field="name"][value="${name}"]`);
  };
  const setField = async (field: string, value: string) => {
    await page.fill(`#inspector [data-field="${field}"]`, value);
    await page.press(`#inspector [data-field="${field}"]`, 'Tab');
  };
  const add = async (type: string, placement?: string) => {
    if (placement) await page.selectOption('#placement', placement);
    await page.click(`#add-${type}`);
  };
  const rename = async (from: string, to: string) => {
    await page.waitForSelector(`#inspector [data-field="name"][value="${from}"]`);
    await setField('name', to);
    await page.waitForSelector(`#editor-graph [data-state-name="${to}"]`);
    await expectCodeAndDiagramAgree();
  };

  it('builds a four-state workflow by clicking, tests its Task with a mock, runs it and sees it succeed', async () => {
    await page.goto(`${local.url}/console/`);
    await page.click('#new-workflow');
    await page.waitForSelector('#empty-diagram');
    // CodeMirror's own stylesheet applied: its <style> carries the page's CSP nonce.
    const display = await page.$eval(
      '.cm-editor',
      (e) => (globalThis as unknown as PageGlobals).getComputedStyle(e).display,
    );
    expect(display).toBe('flex');
    await page.fill('#machine-name', 'EditorDemo');
    await page.press('#machine-name', 'Tab');

    await add('Task');
    await rename('Task', 'Check stock');
    await page.fill('#test-mock', '{"StatusCode": 200, "Payload": {"inStock": true}}');
    await page.click('#test-state');
    await page.waitForSelector('#test-status');
    expect(await page.textContent('#test-status')).toBe('SUCCEEDED');
    expect(JSON.parse((await page.textContent('#test-output'))!)).toEqual({ inStock: true });
    await expectCodeAndDiagramAgree();

    await add('Choice', 'after');
    await rename('Choice', 'In stock?');
    await add('Succeed', 'after'); // after a Choice: a new rule goes to it
    await rename('Succeed', 'Shipped');
    await add('Fail', 'top'); // nothing goes to it yet
    await rename('Fail', 'Out of stock');
    await selectInDiagram('In stock?');
    await setField('rule:0:rule', '{"Variable": "$.inStock", "BooleanEquals": true}');
    await page.selectOption('#inspector [data-field="to:default:"]', 'Out of stock');
    await page.waitForSelector('#editor-graph .edge-default[data-to="Out of stock"]');
    const built = await expectCodeAndDiagramAgree();
    expect(built).toMatchObject({
      StartAt: 'Check stock',
      States: {
        'Check stock': { Type: 'Task', Next: 'In stock?' },
        'In stock?': {
          Type: 'Choice',
          Choices: [{ Variable: '$.inStock', BooleanEquals: true, Next: 'Shipped' }],
          Default: 'Out of stock',
        },
        Shipped: { Type: 'Succeed' },
        'Out of stock': { Type: 'Fail' },
      },
    });
    expect(await page.textContent('#validity')).toBe('Valid');
    await page.screenshot({ path: path.join(ARTIFACTS, 'editor-built.png'), fullPage: true });

    // Take it home: the ASL file as the code view has it, and a CDK snippet that loads that file.
    const [asl] = await Promise.all([page.waitForEvent('download'), page.click('#download-asl')]);
    expect(asl.suggestedFilename()).toBe('editor-demo.asl.json');
    expect(JSON.parse(fs.readFileSync((await asl.path())!, 'utf8'))).toEqual(built);
    const [cdk] = await Promise.all([page.waitForEvent('download'), page.click('#download-cdk')]);
    expect(cdk.suggestedFilename()).toBe('editor-demo.ts');
    expect(fs.readFileSync((await cdk.path())!, 'utf8')).toContain(
      "sfn.DefinitionBody.fromFile(path.join(__dirname, 'editor-demo.asl.json'))",
    );

    await page.selectOption('#run-test-case', 'InStock');
    await page.click('#run');
    await page.waitForURL(/\/console\/#\/executions\//);
    await statusIs('SUCCEEDED');
    await page.waitForSelector('#steps details[data-state-name="Shipped"]');
    expect(await page.textContent('#steps')).toMatch(/Check stock[\s\S]*In stock\?[\s\S]*Shipped/);
    const machine = local.runtime.listStateMachines().find((m) => m.name === 'EditorDemo')!;
    expect(machine.definition).toEqual(built);
  });

  it('shows a broken transition’s diagnostic on its state, keeps it as a draft over a reload, and undoes it', async () => {
    const machine = local.runtime.listStateMachines().find((m) => m.name === 'EditorDemo')!;
    await page.goto(`${local.url}/console/#/state-machines/${encodeURIComponent(machine.arn)}`);
    await page.click('#edit-machine');
    await page.waitForSelector('#editor-graph [data-state-name="Check stock"]');
    // Typed in the code view: Check stock now goes to a state that does not exist.
    const broken = (await codeText()).replace('"Next": "In stock?"', '"Next": "Nowhere"');
    await page.click('.cm-content');
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(broken);
    await page.waitForSelector('#editor-graph [data-state-name="Check stock"].has-problem');
    // As AWS says it: the missing target, and the states nothing reaches any more, each on its state.
    expect(await page.textContent('#validity')).toBe('4 errors');
    const diagnostics = await page.$$eval('#diagnostics li', (items) =>
      items.map((i) => [
        (i as unknown as { dataset: Record<string, string> }).dataset.statePath,
        i.textContent,
      ]),
    );
    expect(diagnostics).toEqual([
      [
        '/States/Check stock',
        expect.stringMatching(/^MISSING_TRANSITION_TARGET Missing 'Next' target: Nowhere/),
      ],
      ['/States/In stock?', expect.stringContaining('State "In stock?" is not reachable.')],
      ['/States/Shipped', expect.stringContaining('State "Shipped" is not reachable.')],
      ['/States/Out of stock', expect.stringContaining('State "Out of stock" is not reachable.')],
    ]);
    const marked = await page.$$eval('#editor-graph .state.has-problem', (nodes) =>
      nodes.map((n) => (n as unknown as { dataset: Record<string, string> }).dataset.stateName).sort(),
    );
    expect(marked).toEqual(['Check stock', 'In stock?', 'Out of stock', 'Shipped']);
    expect(await page.isDisabled('#run')).toBe(true);
    expect(await page.isVisible('#run-blocked')).toBe(true);
    await selectInDiagram('Check stock');
    expect(await page.textContent('#state-problems')).toMatch(/Nowhere/);
    const definition = await expectCodeAndDiagramAgree();
    expect((definition.States as JsonObject)['Check stock']).toMatchObject({ Next: 'Nowhere' });
    await page.screenshot({ path: path.join(ARTIFACTS, 'editor-diagnostic.png'), fullPage: true });

    // An invalid definition is a draft: it survives a reload, and undo goes back to the machine's.
    await page.reload();
    await page.waitForSelector('#draft-note:not([hidden])');
    await settled();
    expect(await codeText()).toContain('"Next": "Nowhere"');
    await page.click('#undo');
    await settled();
    expect(await codeText()).toContain('"Next": "In stock?"');
    expect(await page.textContent('#validity')).toBe('Valid');
    await page.click('#redo');
    await settled();
    expect(await codeText()).toContain('"Next": "Nowhere"');
    await page.click('#discard-draft');
    await settled();
    expect(await page.textContent('#validity')).toBe('Valid');
    await expectCodeAndDiagramAgree();

    // By keyboard: a state of the diagram takes the focus, Enter selects it, Delete deletes it
    // (the Choice's rule to it goes too), Ctrl+Z brings it back, F2 goes to its name.
    await page.focus('#editor-graph [data-state-name="Shipped"]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#inspector [data-field="name"][value="Shipped"]');
    await page.keyboard.press('Delete');
    await page.waitForSelector('#editor-graph [data-state-name="Shipped"]', { state: 'detached' });
    const deleted = await expectCodeAndDiagramAgree();
    expect((deleted.States as Record<string, JsonObject>)['In stock?'].Choices).toEqual([]);
    await page.keyboard.press('Control+Z');
    await page.waitForSelector('#editor-graph [data-state-name="Shipped"]');
    await expectCodeAndDiagramAgree();
    await page.focus('#editor-graph [data-state-name="Shipped"]');
    await page.keyboard.press('Enter');
    await page.keyboard.press('F2');
    expect(await page.evaluate('document.activeElement.dataset.field')).toBe('name');
  });

  it('opens the app’s order workflow, changes a Retry in the form, runs it and shows the change in the history', async () => {
    const order = local.runtime.listStateMachines().find((m) => m.fromApp)!;
    // Straight to the editor (the Edit link is the previous test's): one layout of a big diagram fewer.
    await page.goto(`${local.url}/console/editor?stateMachineArn=${encodeURIComponent(order.arn)}`);
    await page.waitForSelector('#editor-graph [data-state-name="Process Payment"]');
    await expectCodeAndDiagramAgree();
    await selectInDiagram('Process Payment');
    const retriers = await page.$$eval('#inspector [data-retrier] [data-field$=":ErrorEquals"]', (inputs) =>
      inputs.map((i) => (i as unknown as { value: string }).value),
    );
    const index = retriers.findIndex((errors) => errors.includes('Lambda.ServiceException'));
    expect(index).toBeGreaterThanOrEqual(0);
    await setField(`retry:${index}:MaxAttempts`, '1');
    const changed = await expectCodeAndDiagramAgree();
    const payment = (changed.States as Record<string, { Retry: Array<{ MaxAttempts: number }> }>)[
      'Process Payment'
    ];
    expect(payment.Retry[index].MaxAttempts).toBe(1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'editor-order-retry.png'), fullPage: true });

    // The mocked payment fails twice before it succeeds: with one retry left, the second failure ends it.
    await page.selectOption('#run-test-case', 'PaymentServiceHiccup');
    await page.fill('#run-input', fs.readFileSync(path.join(EXAMPLES, 'order.json'), 'utf8'));
    await page.click('#run');
    await page.waitForURL(/\/console\/#\/executions\//);
    await page.waitForSelector('#steps details[data-state-name="Process Payment"]');
    await page.waitForFunction(
      () =>
        !/RUNNING/.test(
          (globalThis as unknown as PageGlobals).document.querySelector('#execution-status')!.textContent!,
        ),
    );
    const step = await page.textContent('#steps details[data-state-name="Process Payment"]');
    expect(step).toContain('↻ 1 retried');
    expect(step).toContain('Lambda.ServiceException');
    const executionArn = decodeURIComponent(page.url().split('#/executions/')[1]);
    const record = local.runtime.executions.get(executionArn)!;
    const attempts = executionPath(record.events!).find((s) => s.name === 'Process Payment')!;
    expect(attempts.failures.map((f) => f.error)).toEqual([
      'Lambda.ServiceException',
      'Lambda.ServiceException',
    ]);
    await page.screenshot({ path: path.join(ARTIFACTS, 'editor-order-run.png'), fullPage: true });
  });
});
