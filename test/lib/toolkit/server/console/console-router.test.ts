import type {
  ExecutionSummary,
  ExecutionView,
} from '../../../../../lib/toolkit/server/console/execution-view';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { displayPath } from '../../../../../lib/toolkit/local/example-inputs';
import { LocalService, startLocal } from '../../../../../lib/toolkit/server/start-local';
import { synthTinyAssembly } from '../../../../support/tiny-assembly';

describe('the console on the local endpoint', () => {
  let local: LocalService;
  let waiter: string;
  let echo: string;

  beforeAll(async () => {
    local = await startLocal({ assemblyDir: synthTinyAssembly(), port: 0 });
    const machines = local.runtime.listStateMachines();
    waiter = machines.find((m) => m.type === 'STANDARD')!.arn;
    echo = machines.find((m) => m.type === 'EXPRESS')!.arn;
  });
  afterAll(async () => {
    await local?.close();
  });

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${local.url}${path}`, { headers, redirect: 'manual' });
  const api = async <T = { message: string }>(path: string) => {
    const response = await get(`/console/api/${path}`);
    return { status: response.status, body: (await response.json()) as T };
  };
  type Executions = { total: number; executions: ExecutionSummary[] };
  type Machines = { stateMachines: Array<{ stateMachineArn: string; type: string }> };
  const q = encodeURIComponent;

  it('lists the recorded messages for the home page', async () => {
    expect((await api('messages')).body).toEqual({ total: 0, messages: [] });
    local.events.putEvents({ Entries: [{ Source: 'console', DetailType: 'Seen', Detail: '{}' }] });
    const { status, body } = await api<{
      total: number;
      messages: Array<{ service: string; label: string }>;
    }>('messages');
    expect(status).toBe(200);
    expect(body).toMatchObject({ total: 1, messages: [{ service: 'EventBridge', label: 'console · Seen' }] });
  });

  it('sends a browser at the endpoint’s root to the console, and API clients still get the JSON', async () => {
    const browser = await get('/', { Accept: 'text/html,application/xhtml+xml,*/*;q=0.8' });
    expect(browser.status).toBe(302);
    expect(browser.headers.get('location')).toBe('/console/');
    const client = await get('/');
    expect(client.status).toBe(200);
    const body = (await client.json()) as { stateMachines: string[] };
    expect(body.stateMachines).toEqual(expect.arrayContaining([waiter, echo]));
    expect((await get('/health')).status).toBe(200);
    expect((await get('/console')).headers.get('location')).toBe('/console/');
  });

  it('serves the page, its script and stylesheets from this origin only, under a strict CSP', async () => {
    const page = await get('/console/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toMatch(
      /default-src 'self'; script-src 'self'; style-src 'self'/,
    );
    const html = await page.text();
    for (const asset of ['/console/console.mjs', '/console/console.css', '/console/diagram.css']) {
      expect(html).toContain(asset);
      const response = await get(asset);
      expect(response.status).toBe(200);
      // Offline: nothing the console loads comes from elsewhere.
      expect(await response.text()).not.toMatch(/(src|href|url)\(?\s*=?\s*["']?https?:/);
    }
    expect(html).not.toMatch(/https?:\/\//);
    // The modules the page's script imports: served as JavaScript, as offline as it is.
    for (const module of ['/console/console.mjs', '/console/kit.mjs', '/console/actions.mjs']) {
      const response = await get(module);
      expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect(await response.text()).not.toMatch(/https?:\/\//);
    }
    expect(await (await get('/console/diagram.css')).text()).toContain('.sfn-graph .state.exec-failed');
  });

  it('draws a state machine’s graph for the page, without inline styles', async () => {
    const response = await get(`/console/api/diagram?stateMachineArn=${q(waiter)}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    const svg = await response.text();
    expect(svg).toContain('data-state-name="Wait" data-state-type="Wait"');
    expect(svg).toContain('data-state-name="Done" data-state-type="Pass"');
    expect(svg).not.toContain('<style>');
    expect(
      (await api(`diagram?stateMachineArn=${q('arn:aws:states:us-east-1:123456789012:stateMachine:Nope')}`))
        .status,
    ).toBe(404);
  });

  it('follows a running Standard execution: running in its Wait state, then aborted when stopped', async () => {
    const { executionArn } = local.runtime.start({
      stateMachine: waiter,
      name: 'console-wait',
      input: { seconds: 30 },
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const list = await api<Executions>(`executions?stateMachineArn=${q(waiter)}`);
    expect(list.body.executions[0]).toMatchObject({
      name: 'console-wait',
      status: 'RUNNING',
      type: 'STANDARD',
    });
    expect(list.body.executions[0].durationMs).toBeGreaterThanOrEqual(0);
    const running = await api<ExecutionView>(`execution?executionArn=${q(executionArn)}`);
    expect(running.body).toMatchObject({
      execution: { name: 'console-wait', status: 'RUNNING', input: { seconds: 30 } },
      states: { Wait: 'running' },
      transitions: [{ from: '', to: 'Wait', kind: 'start' }],
    });
    expect(running.body.events.map((e) => e.type)).toEqual(['ExecutionStarted', 'WaitStateEntered']);

    local.runtime.stopExecution(executionArn, { error: 'Operator', cause: 'from the test' });
    await local.runtime.waitFor(executionArn);
    const stopped = await api<ExecutionView>(`execution?executionArn=${q(executionArn)}`);
    expect(stopped.body.execution).toMatchObject({
      status: 'ABORTED',
      error: 'Operator',
      cause: 'from the test',
    });
    expect(stopped.body.execution.stopDate).toEqual(expect.any(String));
    const machines = await api<Machines>('state-machines');
    expect(
      machines.body.stateMachines.find((m: { stateMachineArn: string }) => m.stateMachineArn === waiter),
    ).toMatchObject({ type: 'STANDARD', executionCounts: { ABORTED: 1 } });
  });

  it('shows Express executions from the runtime’s own records', async () => {
    const record = await local.runtime.startSync({ stateMachine: echo, input: { hello: 'world' } });
    const all = await api<Executions>('executions');
    expect(all.body.executions.map((e: { executionArn: string }) => e.executionArn)).toContain(
      record.executionArn,
    );
    const detail = await api<ExecutionView>(`execution?executionArn=${q(record.executionArn)}`);
    expect(detail.body).toMatchObject({
      execution: { type: 'EXPRESS', status: 'SUCCEEDED', output: { hello: 'world' } },
      states: { 'Echo it': 'succeeded' },
    });
    expect(detail.body.transitions).toContainEqual({ from: 'Echo it', to: '', kind: 'end' });
  });

  it('answers unknown executions and paths with 404, and leaves POST to the AWS APIs', async () => {
    const missing = await api(
      `execution?executionArn=${q('arn:aws:states:us-east-1:123456789012:execution:x:y')}`,
    );
    expect(missing).toMatchObject({
      status: 404,
      body: { message: expect.stringMatching(/^No execution arn:/) },
    });
    expect((await get('/console/api/nothing')).status).toBe(404);
    // The page starts executions through the Step Functions API: a POST here is what it always was.
    const post = await fetch(`${local.url}/console/api/executions`, { method: 'POST', body: '{}' });
    expect(post.status).toBe(400);
    expect(await post.json()).toMatchObject({ __type: 'UnknownOperationException' });
  });

  it('grants no other origin the Step Functions API the page answers callbacks and redrives with', async () => {
    // A page of another origin must preflight a POST with X-Amz-Target; the preflight gets no CORS grant.
    const preflight = await fetch(`${local.url}/`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://evil.example',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type,x-amz-target',
      },
    });
    expect(preflight.ok).toBe(false);
    expect([...preflight.headers.keys()].filter((h) => h.startsWith('access-control-'))).toEqual([]);
    // A form of another origin can POST without preflight, but not with that header: nothing happens.
    const form = await fetch(`${local.url}/`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain', Origin: 'http://evil.example' },
      body: JSON.stringify({ taskToken: 'AQ', output: '{}' }),
    });
    expect(await form.json()).toMatchObject({ __type: 'UnknownOperationException' });
  });

  it('offers {} as a machine’s start input when the app has no example input; 404 for an unknown machine', async () => {
    expect(await api(`example-input?stateMachineArn=${q(echo)}`)).toEqual({
      status: 200,
      body: { input: {} },
    });
    expect((await api('example-input?stateMachineArn=nope')).status).toBe(404);
  });
});

describe('the console’s start input, from the app’s own example', () => {
  it('offers the first example input that holds JSON, with its file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'console-examples-'));
    const broken = path.join(dir, 'broken.json');
    const example = path.join(dir, 'echo.json');
    fs.writeFileSync(broken, '{');
    fs.writeFileSync(example, '{"greeting":"hello"}');
    const local = await startLocal({
      assemblyDir: synthTinyAssembly(),
      port: 0,
      exampleInputs: [broken, example],
    });
    try {
      const [machine] = local.runtime.listStateMachines();
      const response = await fetch(
        `${local.url}/console/api/example-input?stateMachineArn=${encodeURIComponent(machine.arn)}`,
      );
      expect(await response.json()).toEqual({
        input: { greeting: 'hello' },
        file: displayPath(example),
      });
    } finally {
      await local.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
