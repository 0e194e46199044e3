import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildWorkflowGraph, DIAGRAM_CSS, layoutWorkflow, renderSvg } from '../../diagram';
import type { ExecutionRecord } from '../../local/execution-store';
import { displayPath, firstExampleInput } from '../../local/example-inputs';
import type { LocalRuntime } from '../../local/local-runtime';
import type { HttpReply } from '../lambda-api';
import { DraftLayouts } from './draft-layouts';
import { draftDefinition, EditorBundles, editorPage, editorPolicy } from './editor-routes';
import { executionSummary, executionView } from './execution-view';
import { MessageSources, messagesView } from './messages-view';

/** Where the console lives on the endpoint. */
export const CONSOLE_PATH = '/console/';

const ASSETS: Record<string, { file: string; type: string }> = {
  '/console/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/console/console.mjs': { file: 'console.mjs', type: 'text/javascript; charset=utf-8' },
  '/console/kit.mjs': { file: 'kit.mjs', type: 'text/javascript; charset=utf-8' },
  '/console/actions.mjs': { file: 'actions.mjs', type: 'text/javascript; charset=utf-8' },
  '/console/console.css': { file: 'console.css', type: 'text/css; charset=utf-8' },
  '/console/editor.css': { file: 'editor.css', type: 'text/css; charset=utf-8' },
  '/console/editor/editor.mjs': { file: 'editor/editor.mjs', type: 'text/javascript; charset=utf-8' },
  '/console/editor/inspector.mjs': { file: 'editor/inspector.mjs', type: 'text/javascript; charset=utf-8' },
  '/console/editor/fields.mjs': { file: 'editor/fields.mjs', type: 'text/javascript; charset=utf-8' },
  '/console/editor/code-view.mjs': { file: 'editor/code-view.mjs', type: 'text/javascript; charset=utf-8' },
  '/console/editor/try-it.mjs': { file: 'editor/try-it.mjs', type: 'text/javascript; charset=utf-8' },
  '/console/editor/diagram.mjs': { file: 'editor/diagram.mjs', type: 'text/javascript; charset=utf-8' },
};

const SCRIPT = 'text/javascript; charset=utf-8';

/** The console's page and API use nothing but this origin: no CDN, no inline script or style. */
const SECURITY_HEADERS = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/** What the console shows of the app beyond the runtime. */
export interface ConsoleAppServices {
  /** The app's table items an execution input points to, when the app has tables. */
  readonly records?: (input: unknown) => Promise<unknown[]>;
  /** A state machine's example input files, best first. */
  readonly exampleInputs?: (stateMachineArn: string) => readonly string[];
  /** The recorded SNS, SQS and EventBridge messages, which the home page lists. */
  readonly messages?: MessageSources;
}

/** The newest executions a list returns; the page says how many there are in all. */
const LIST_LIMIT = 200;
const DIAGRAM_CACHE_SIZE = 50;

/**
 * The web console, served by the local endpoint on its own port under `/console/`: static assets
 * (plain HTML, CSS and script modules) and a small read-only JSON API over the runtime. The page
 * starts, stops and redrives executions and answers callbacks through the Step Functions API itself
 * (POST with X-Amz-Target), so the endpoint's POST behaviour is the API's and nothing else: a page
 * of another origin cannot send that header without a CORS preflight, which the endpoint never grants.
 */
export class ConsoleRouter {
  private readonly assets = new Map<string, string>();
  /** Rendered diagrams by definition text: a layout takes tens of milliseconds. */
  private readonly diagrams = new Map<string, Promise<string>>();
  private readonly bundles: EditorBundles;
  private readonly drafts = new DraftLayouts();

  constructor(private readonly assetsDir = path.join(__dirname, 'assets')) {
    this.bundles = new EditorBundles(assetsDir);
  }

  /** True for the paths this router answers (GET only). */
  static handles(pathname: string): boolean {
    return pathname === '/console' || pathname.startsWith(CONSOLE_PATH);
  }

  async handle(runtime: LocalRuntime, url: string, app: ConsoleAppServices = {}): Promise<HttpReply> {
    const { pathname, searchParams } = new URL(url, 'http://localhost');
    if (pathname === '/console') return redirect(CONSOLE_PATH);
    const asset = ASSETS[pathname];
    if (asset) return this.asset(asset.file, asset.type);
    const bundle = pathname.slice(CONSOLE_PATH.length);
    if (EditorBundles.serves(bundle)) return reply(200, SCRIPT, await this.bundles.get(bundle));
    switch (pathname) {
      case '/console/editor': {
        const page = editorPage(this.assetsDir);
        return reply(200, 'text/html; charset=utf-8', page.html, {
          'Content-Security-Policy': editorPolicy(page.nonce),
        });
      }
      case '/console/diagram.css':
        return reply(200, 'text/css; charset=utf-8', DIAGRAM_CSS);
      case '/console/api/state-machines':
        return json(200, { stateMachines: stateMachines(runtime) });
      case '/console/api/executions':
        return json(200, executions(runtime, searchParams.get('stateMachineArn') ?? undefined));
      case '/console/api/execution':
        return this.execution(runtime, searchParams.get('executionArn') ?? '', app.records);
      case '/console/api/messages':
        return json(200, app.messages ? messagesView(app.messages) : { total: 0, messages: [] });
      case '/console/api/example-input':
        return exampleInput(runtime, searchParams.get('stateMachineArn') ?? '', app.exampleInputs);
      case '/console/api/diagram':
        return this.diagram(runtime, searchParams.get('stateMachineArn') ?? '');
      case '/console/api/draft-diagram':
        return this.draftDiagram(searchParams.get('definition') ?? '', searchParams.get('title') ?? '');
      case '/console/api/mock-test-cases':
        return json(200, {
          testCases: runtime.mockConfig?.testCaseNames(searchParams.get('name') ?? '') ?? [],
        });
      default:
        return json(404, { message: `Nothing at ${pathname}. The console is at ${CONSOLE_PATH}` });
    }
  }

  private asset(file: string, type: string): HttpReply {
    let body = this.assets.get(file);
    if (body === undefined) {
      body = fs.readFileSync(path.join(this.assetsDir, file), 'utf8');
      this.assets.set(file, body);
    }
    return reply(200, type, body);
  }

  private async execution(
    runtime: LocalRuntime,
    executionArn: string,
    records?: (input: unknown) => Promise<unknown[]>,
  ): Promise<HttpReply> {
    const record = runtime.executions.get(executionArn);
    if (!record) return json(404, { message: `No execution ${executionArn || '(no executionArn given)'}` });
    const view = executionView(record, graphOf(runtime, record));
    // What the execution wrote (an order's status timeline): best effort, the page works without it.
    const items = records ? await records(record.input).catch(() => []) : [];
    return json(200, { ...view, records: items });
  }

  private async diagram(runtime: LocalRuntime, stateMachineArn: string): Promise<HttpReply> {
    const machine = runtime.listStateMachines().find((m) => m.arn === stateMachineArn);
    if (!machine)
      return json(404, { message: `No state machine ${stateMachineArn || '(no stateMachineArn given)'}` });
    const title = `${machine.name} (${machine.type})`;
    return this.drawn(`${title}|${JSON.stringify(machine.definition)}`, `Cannot draw ${machine.name}`, () =>
      layoutWorkflow(buildWorkflowGraph(machine.definition)).then((layout) =>
        renderSvg(layout, { title, embedStyle: false }),
      ),
    );
  }

  /** The editor's diagram of a definition being edited: drawn even when invalid (buildDraftGraph). */
  private async draftDiagram(encoded: string, title: string): Promise<HttpReply> {
    let definition: unknown;
    try {
      definition = draftDefinition(encoded);
    } catch (error) {
      return json(400, { message: (error as Error).message });
    }
    try {
      return reply(200, 'image/svg+xml; charset=utf-8', await this.drafts.svg(definition, title));
    } catch (error) {
      return json(422, { message: `Cannot draw the draft: ${(error as Error).message}` });
    }
  }

  /** An SVG drawn once per key (a layout takes tens of milliseconds), or 422 with why it cannot be. */
  private async drawn(key: string, failure: string, draw: () => Promise<string>): Promise<HttpReply> {
    let svg = this.diagrams.get(key);
    if (!svg) {
      svg = Promise.resolve().then(draw);
      svg.catch(() => this.diagrams.delete(key));
      if (this.diagrams.size >= DIAGRAM_CACHE_SIZE) this.diagrams.delete(this.diagrams.keys().next().value!);
      this.diagrams.set(key, svg);
    }
    try {
      return reply(200, 'image/svg+xml; charset=utf-8', await svg);
    } catch (error) {
      return json(422, { message: `${failure}: ${(error as Error).message}` });
    }
  }
}

/**
 * The start form's default input: the machine's first example input that holds JSON, and its file
 * (relative to the folder the endpoint was started in); `{}` and no file when it has none.
 */
function exampleInput(
  runtime: LocalRuntime,
  stateMachineArn: string,
  exampleInputs: ConsoleAppServices['exampleInputs'],
): HttpReply {
  if (!runtime.listStateMachines().some((m) => m.arn === stateMachineArn))
    return json(404, { message: `No state machine ${stateMachineArn || '(no stateMachineArn given)'}` });
  const example = firstExampleInput(exampleInputs?.(stateMachineArn) ?? []);
  if (!example) return json(200, { input: {} });
  return json(200, { input: example.input, file: displayPath(example.file) });
}

function stateMachines(runtime: LocalRuntime) {
  const counts = new Map<string, Record<string, number>>();
  for (const record of runtime.allExecutions()) {
    const c = counts.get(record.stateMachineArn) ?? {};
    c[record.status] = (c[record.status] ?? 0) + 1;
    counts.set(record.stateMachineArn, c);
  }
  return runtime.listStateMachines().map((m) => ({
    stateMachineArn: m.arn,
    name: m.name,
    type: m.type,
    creationDate: m.creationDate.toISOString(),
    fromApp: m.fromApp,
    executionCounts: counts.get(m.arn) ?? {},
  }));
}

function executions(runtime: LocalRuntime, stateMachineArn?: string) {
  const now = new Date();
  const all: ExecutionRecord[] = runtime
    .allExecutions()
    .filter((r) => stateMachineArn === undefined || r.stateMachineArn === stateMachineArn);
  return { total: all.length, executions: all.slice(0, LIST_LIMIT).map((r) => executionSummary(r, now)) };
}

function graphOf(runtime: LocalRuntime, record: ExecutionRecord) {
  const machine = runtime.listStateMachines().find((m) => m.arn === record.stateMachineArn);
  if (!machine) return undefined;
  try {
    return buildWorkflowGraph(machine.definition);
  } catch {
    return undefined;
  }
}

function reply(status: number, type: string, body: string, extra: Record<string, string> = {}): HttpReply {
  return {
    status,
    headers: { 'Content-Type': type, 'Cache-Control': 'no-store', ...SECURITY_HEADERS, ...extra },
    body,
  };
}

function json(status: number, value: unknown): HttpReply {
  return reply(status, 'application/json; charset=utf-8', JSON.stringify(value));
}

function redirect(location: string): HttpReply {
  return reply(302, 'text/plain; charset=utf-8', `See ${location}`, { Location: location });
}
