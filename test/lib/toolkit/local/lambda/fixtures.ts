import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import type { LocalFunction } from '../../../../../lib/toolkit/local/lambda';

/**
 * Bundles written for a test file into a temporary folder outside the project, so that nothing
 * is found by walking up into the project's node_modules (as on Lambda, where /var/task has
 * nothing above it). Removed after the file's tests.
 */
export function fixtureBundles() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'local-lambda-test-'));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
  return {
    root,
    /** Writes `files` (relative path → source) into `<root>/<name>` and returns that folder. */
    bundle(name: string, files: Record<string, string>): string {
      const directory = path.join(root, name);
      for (const [file, source] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(directory, file)), { recursive: true });
        fs.writeFileSync(path.join(directory, file), source);
      }
      return directory;
    },
  };
}

export function localFunction(
  name: string,
  directory: string,
  overrides: Partial<LocalFunction> = {},
): LocalFunction {
  return {
    name,
    arn: `arn:aws:lambda:eu-west-1:123456789012:function:${name}`,
    directory,
    handler: 'index.handler',
    runtime: 'nodejs24.x',
    environment: {},
    timeoutSeconds: 3,
    memoryMb: 128,
    ...overrides,
  };
}

/** Narrows an InvokeResult for assertions, with the whole result (logs too) in the failure message. */
export function expectOk<T extends { ok: boolean }>(result: T): Extract<T, { ok: true }> {
  if (!result.ok) throw new Error(`expected success, got ${describe(result)}`);
  return result as Extract<T, { ok: true }>;
}

export function expectError<T extends { ok: boolean }>(result: T): Extract<T, { ok: false }> {
  if (result.ok) throw new Error(`expected an error, got ${describe(result)}`);
  return result as Extract<T, { ok: false }>;
}

function describe(result: unknown): string {
  const text = JSON.stringify(result, null, 2);
  return text.length > 4_000 ? `${text.slice(0, 4_000)}…` : text;
}

/** A stand-in for SNS: answers Publish (query protocol) and remembers each request's form fields. */
export function snsStandIn(): { server: http.Server; published: Array<Record<string, string>> } {
  const published: Array<Record<string, string>> = [];
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      published.push({
        ...Object.fromEntries(new URLSearchParams(body)),
        authorization: request.headers.authorization ?? '',
      });
      response.setHeader('content-type', 'text/xml');
      response.end(
        '<PublishResponse><PublishResult><MessageId>local-message-1</MessageId></PublishResult></PublishResponse>',
      );
    });
  });
  return { server, published };
}
