import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError, apiErrors } from '../local/api-errors';
import type { FunctionRegistry } from '../local/function-registry';
import type { FunctionRunner } from '../local/lambda/function-runner';
import type { LocalRuntime } from '../local/runtime';
import type { SnsRecorder } from '../local/sns-recorder';
import { CONSOLE_PATH, ConsoleRouter } from './console/console-router';
import { HttpReply, invokeFunction, matchInvoke } from './lambda-api';
import { SFN_ACTIONS } from './sfn-api';
import { handleSnsRequest } from './sns-api';

/** Request bodies larger than this are refused before they are read: 256 KiB of input, JSON-escaped. */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface EndpointServices {
  readonly runtime: LocalRuntime;
  readonly functions: FunctionRegistry;
  readonly runner: FunctionRunner;
  readonly sns: SnsRecorder;
  /** The app's table items an execution input points to (the console shows them), when it has tables. */
  readonly records?: (input: unknown) => Promise<unknown[]>;
}

/**
 * One HTTP server for the local AWS APIs: Step Functions (awsJson1_0, `X-Amz-Target:
 * AWSStepFunctions.*`), Lambda Invoke, and SNS Publish (query protocol). Every failure is answered
 * in the API's own error shape; nothing a client sends takes the server down. GET requests under
 * `/console/` are the web console's (see console/console-router.ts).
 */
export class LocalEndpoint {
  private readonly server: http.Server;
  private readonly console = new ConsoleRouter();
  private attached?: EndpointServices;

  constructor() {
    this.server = http.createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        send(
          response,
          sfnError(new ApiError('InternalFailure', String((error as Error)?.message ?? error), 500)),
        );
      });
    });
    // A client that vanishes mid-request must not leave sockets or buffers behind.
    this.server.requestTimeout = 60_000;
    this.server.headersTimeout = 10_000;
  }

  /** Connects the services; until then every request is answered 503 (ServiceUnavailable). */
  attach(services: EndpointServices): void {
    this.attached = services;
  }

  /** Starts listening; port 0 picks a free port. */
  async listen(port: number, host = '127.0.0.1'): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    return this.url;
  }

  get url(): string {
    const address = this.server.address() as AddressInfo;
    return `http://${address.address}:${address.port}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private get services(): EndpointServices {
    if (!this.attached) throw new ApiError('ServiceUnavailable', 'The local endpoint is starting', 503);
    return this.attached;
  }

  private async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method === 'GET' && ConsoleRouter.handles(path)) {
      return send(
        response,
        await this.console.handle(this.services.runtime, request.url ?? '/', this.services.records),
      );
    }
    if (
      request.method === 'GET' &&
      path === '/' &&
      String(request.headers.accept ?? '').includes('text/html')
    ) {
      // A browser opening the endpoint gets the console; API clients keep the JSON below.
      return send(response, { status: 302, headers: { Location: CONSOLE_PATH }, body: '' });
    }
    if (request.method === 'GET' && (path === '/' || path === '/health')) {
      return send(response, {
        status: 200,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          service: 'order-workflow local endpoint',
          console: CONSOLE_PATH,
          stateMachines: this.services.runtime.listStateMachines().map((m) => m.arn),
        }),
      });
    }
    if (request.method !== 'POST') {
      return send(
        response,
        sfnError(
          new ApiError('UnknownOperationException', `${request.method} ${path} is not supported`, 404),
        ),
      );
    }
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > MAX_BODY_BYTES) {
      request.resume();
      response.setHeader('Connection', 'close');
      return send(response, sfnError(requestTooLarge()));
    }
    const body = await readBody(request);
    if (body === undefined) {
      response.setHeader('Connection', 'close');
      return send(response, sfnError(requestTooLarge()));
    }

    const functionName = matchInvoke(path);
    if (functionName !== undefined) {
      return send(response, await invokeFunction(this.services, functionName, request, body));
    }
    const target = request.headers['x-amz-target'];
    if (typeof target === 'string') return send(response, await this.stepFunctions(target, body));
    if (String(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      return send(response, handleSnsRequest(this.services.sns, body));
    }
    return send(response, sfnError(apiErrors.unknownOperation('(no X-Amz-Target header)')));
  }

  private async stepFunctions(target: string, body: string): Promise<HttpReply> {
    const [prefix, operation] = target.split('.');
    const action = prefix === 'AWSStepFunctions' ? SFN_ACTIONS[operation] : undefined;
    if (!action) return sfnError(apiErrors.unknownOperation(target));
    let request: unknown;
    try {
      request = body.length === 0 ? {} : JSON.parse(body);
    } catch {
      return sfnError(apiErrors.serialization('The request body is not valid JSON'));
    }
    if (request === null || typeof request !== 'object' || Array.isArray(request)) {
      return sfnError(apiErrors.serialization('The request body must be a JSON object'));
    }
    try {
      const result = await action(this.services.runtime, request as Record<string, unknown>);
      return {
        status: 200,
        headers: { 'Content-Type': 'application/x-amz-json-1.0' },
        body: JSON.stringify(result),
      };
    } catch (error) {
      if (error instanceof ApiError) return sfnError(error);
      throw error;
    }
  }
}

function requestTooLarge() {
  return new ApiError('ValidationException', `Request body is larger than ${MAX_BODY_BYTES} bytes`, 413);
}

function sfnError(error: ApiError): HttpReply {
  return {
    status: error.status,
    headers: { 'Content-Type': 'application/x-amz-json-1.0', 'x-amzn-ErrorType': error.type },
    body: JSON.stringify({ __type: error.type, message: error.message }),
  };
}

/** The body as text, or undefined once it grows past {@link MAX_BODY_BYTES}. */
function readBody(request: http.IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        chunks.length = 0;
        request.removeAllListeners('data');
        request.resume();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
    request.on('aborted', () => resolve(''));
  });
}

function send(response: http.ServerResponse, reply: HttpReply): void {
  if (response.headersSent || response.destroyed) return;
  response.writeHead(reply.status, { ...reply.headers, 'Content-Length': Buffer.byteLength(reply.body) });
  response.end(reply.body);
}
