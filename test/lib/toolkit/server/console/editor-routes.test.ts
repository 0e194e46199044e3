/**
 * What the console router serves for the workflow editor: the page under a CSP with a fresh style
 * nonce, the generated bundles (built from source, or read where `npm run build` wrote them), the
 * diagram of a draft (invalid ones included), and the mock configuration's test cases.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { buildDraftGraph } from '../../../../../lib/toolkit/diagram';
import type { LocalRuntime } from '../../../../../lib/toolkit/local/local-runtime';
import { MockConfig } from '../../../../../lib/toolkit/local/mock-config';
import { ConsoleRouter } from '../../../../../lib/toolkit/server/console/console-router';
import { layoutKey } from '../../../../../lib/toolkit/server/console/draft-layouts';

const DRAFT = {
  StartAt: 'Check',
  States: {
    Check: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Next: 'Nowhere',
      Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 3 }],
    },
    Fan: {
      Type: 'Parallel',
      Branches: [{ StartAt: 'Inner', States: { Inner: { Type: 'Pass', End: true } } }],
      End: true,
    },
  },
};

const encode = (value: unknown) => deflateRawSync(JSON.stringify(value)).toString('base64url');

describe('the console’s editor routes', () => {
  const router = new ConsoleRouter();
  const runtime = {
    mockConfig: MockConfig.parse({
      StateMachines: { Demo: { TestCases: { HappyPath: { Check: 'Ok' } } } },
      MockedResponses: { Ok: { '0': { Return: {} } } },
    }),
  } as unknown as LocalRuntime;
  const get = (url: string) => router.handle(runtime, url);

  it('serves the editor page with a new style nonce each time, in the page and in its CSP', async () => {
    const pages = await Promise.all([get('/console/editor'), get('/console/editor')]);
    const nonces = pages.map((page) => {
      expect(page.status).toBe(200);
      const nonce = /<meta name="csp-nonce" content="([^"]+)"/.exec(page.body)![1];
      const policy = page.headers['Content-Security-Policy'];
      expect(policy).toContain(`style-src 'self' 'nonce-${nonce}'`);
      expect(policy).toContain("script-src 'self';");
      expect(policy).not.toContain('unsafe-inline');
      return nonce;
    });
    expect(nonces[0]).not.toBe(nonces[1]);
    expect((await get('/console/editor/editor.mjs')).body).toContain("from './model.mjs'");
  });

  it('bundles CodeMirror and the editor’s model from source as ES modules', async () => {
    const codemirror = await get('/console/vendor/codemirror.mjs');
    expect(codemirror.status).toBe(200);
    expect(codemirror.headers['Content-Type']).toBe('text/javascript; charset=utf-8');
    expect(codemirror.body).toMatch(/export\{[^}]*\bas EditorView\b/);
    const model = await get('/console/editor/model.mjs');
    expect(model.body).toMatch(/export\{[^}]*\bas addState\b/);
  }, 30_000);

  it('serves the bundles `npm run build` wrote next to the assets, as they are', async () => {
    const assets = fs.mkdtempSync(path.join(os.tmpdir(), 'console-assets-'));
    fs.mkdirSync(path.join(assets, 'vendor'));
    fs.writeFileSync(path.join(assets, 'vendor', 'codemirror.mjs'), 'export const built = true;');
    const built = await new ConsoleRouter(assets).handle(runtime, '/console/vendor/codemirror.mjs');
    expect(built.body).toBe('export const built = true;');
    fs.rmSync(assets, { recursive: true, force: true });
  });

  it('draws a draft, invalid or not, with each state’s path for the editor to select it by', async () => {
    const svg = await get(`/console/api/draft-diagram?definition=${encode(DRAFT)}&title=Demo`);
    expect(svg.status).toBe(200);
    expect(svg.headers['Content-Type']).toBe('image/svg+xml; charset=utf-8');
    expect(svg.body).toContain('data-state-path="/States/Check"');
    expect(svg.body).toContain('data-state-path="/States/Fan/Branches[0]/States/Inner"');
    expect(svg.body).not.toContain('data-to="Nowhere"');

    const unreadable = await get('/console/api/draft-diagram?definition=not-deflated');
    expect(unreadable.status).toBe(400);
    expect(JSON.parse(unreadable.body).message).toMatch(/could not be read/);
    const nothing = await get(`/console/api/draft-diagram?definition=${encode({ Comment: 'no states' })}`);
    expect(nothing.status).toBe(422);
  });

  it('lays a draft out again only when what it draws moves: not for a comment or a retry’s numbers', () => {
    const key = (definition: unknown) => layoutKey(buildDraftGraph(definition));
    const fewer = structuredClone(DRAFT);
    fewer.States.Check.Retry[0].MaxAttempts = 1;
    (fewer.States.Check as Record<string, unknown>).Comment = 'changed';
    expect(key(fewer)).toBe(key(DRAFT));
    const renamed = JSON.parse(JSON.stringify(DRAFT).replace(/"Fan"/g, '"Fan out"'));
    expect(key(renamed)).not.toBe(key(DRAFT));
  });

  it('lists the test cases the mock configuration has for a state machine name', async () => {
    expect(JSON.parse((await get('/console/api/mock-test-cases?name=Demo')).body)).toEqual({
      testCases: ['HappyPath'],
    });
    expect(JSON.parse((await get('/console/api/mock-test-cases?name=Other')).body)).toEqual({
      testCases: [],
    });
  });
});
