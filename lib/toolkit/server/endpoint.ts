import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { StepFunctionsError } from '../local/step-functions-errors';
import type { FunctionRegistry } from '../local/function-registry';
import type { FunctionRunner } from '../local/lambda/function-runner';
import type { LocalRuntime } from '../local/local-runtime';
import type { EventBusRecorder } from '../local/messaging/event-bus-recorder';
import type { SqsRecorder } from '../local/messaging/sqs-recorder';
import type { SnsRecorder } from '../local/sns-recorder';
import { ApiError, wireErrors } from './api-error';
import { CONSOLE_PATH, ConsoleRouter } from './console/console-router';
import { handleEventsRequest } from './events-api';
import { HttpReply, invokeFunction, matchInvoke } from './lambda-api';
import { SFN_ACTIONS } from './sfn-api';
import { handleSnsRequest } from './sns-api';
import { handleSqsJson, handleSqsQuery, isSqsQuery } from './sqs-api';

/** Request bodies larger than this are refused before they are read: 256 KiB of input, JSON-escaped. */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface LocalEndpointOptions {
  /** A client must have sent its request headers within this, or gets 408 and is disconnected. @default 10 s */
  readonly headersTimeoutMs?: number;
  /** ... and its whole request (headers and body) within this. @default 60 s */
  readonly requestTimeoutMs?: number;
}

export interface EndpointServices {
  readonly runtime: LocalRuntime;
  readonly functions: FunctionRegistry;
  readonly runner: FunctionRunner;
  readonly sns: SnsRecorder;
  readonly sqs: SqsRecorder;
  readonly events: EventBusRecorder;
  /** The app's table items an execution input points to (the console shows them), when it has tables. */
  readonly records?: (input: unknown) => Promise<unknown[]>;
  /** A state machine's example input files, best first (the console's start form offers the first). */
  readonly exampleInputs?: (stateMachineArn: string) => readonly string[];
}

/**
 * One HTTP server for the local AWS APIs: Step Functions (awsJson1_0, `X-Amz-Target:
 * AWSStepFunctions.*`), Lambda Invoke, SNS Publish (query protocol), SQS SendMessage (awsJson1_0
 * `AmazonSQS.*`, or the query protocol) and EventBridge PutEvents (awsJson1_1 `AWSEvents.*`). Every failure is answered
 * in the API's own error shape; nothing a client sends takes the server down. GET requests under
 * `/console/` are the web console's (see console/console-router.ts).
 */
export class LocalEndpoint {
  private readonly server: http.Server;
  private readonly console = new ConsoleRouter();
  private attached?: EndpointServices;

  constructor(options: LocalEndpointOptions = {}) {
    const headersTimeout = options.headersTimeoutMs ?? 10_000;
    this.server = http.createServer(
      {
        // A client that stalls mid-request must not keep its socket: it is answered 408 and dropped.
        headersTimeout,
        requestTimeout: options.requestTimeoutMs ?? 60_000,
        // Node checks those timeouts every 30 s by default, so a stalled client kept its socket up
        // to 30 s past them; checking every second costs one timer.
        connectionsCheckingInterval: Math.min(1_000, headersTimeout),
        // An idle keep-alive socket is closed after a minute, not Node's 5 s. A client that reuses
        // a socket at the moment the server closes it gets ECONNRESET (the SDK retries it, a client
        // with maxAttempts 1 fails). Under load, clients such as the SDK's keep more sockets than
        // they have requests in flight, and some of those sat idle past 5 s. That was often enough
        // to fail one request in a 10,000-execution soak.
        keepAliveTimeout: 60_000,
      },
      (request, response) => {
        this.handle(request, response).catch((error: unknown) => {
          send(
            response,
            sfnError(new ApiError('InternalFailure', String((error as Error)?.message ?? error), 500)),
          );
        });
      },
    );
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

  /** The connections open now (idle keep-alive ones included): drills check none is left behind. */
  openConnections(): Promise<number> {
    return new Promise((resolve, reject) =>
      this.server.getConnections((error, count) => (error ? reject(error) : resolve(count))),
    );
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
        await this.console.handle(this.services.runtime, request.url ?? '/', {
          ...this.services,
          messages: this.services,
        }),
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
    const read = await readBody(request);
    // The client left mid-request: what it sent is not a request, and nobody waits for an answer.
    if (read === 'gone') return;
    if (read === 'too large') {
      response.setHeader('Connection', 'close');
      return send(response, sfnError(requestTooLarge()));
    }
    const body = read.text;

    const functionName = matchInvoke(path);
    if (functionName !== undefined) {
      return send(response, await invokeFunction(this.services, functionName, request, body));
    }
    const target = request.headers['x-amz-target'];
    if (typeof target === 'string') {
      if (target.startsWith('AmazonSQS.'))
        return send(response, handleSqsJson(this.services.sqs, target, body));
      if (target.startsWith('AWSEvents.'))
        return send(response, handleEventsRequest(this.services.events, target, body));
      return send(response, await this.stepFunctions(target, body, whileConnected(response)));
    }
    if (String(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      const form = new URLSearchParams(body);
      if (isSqsQuery(form)) return send(response, handleSqsQuery(this.services.sqs, form, path));
      return send(response, handleSnsRequest(this.services.sns, body));
    }
    return send(response, sfnError(wireErrors.unknownOperation('(no X-Amz-Target header)')));
  }

  private async stepFunctions(target: string, body: string, signal: AbortSignal): Promise<HttpReply> {
    const operation = /^AWSStepFunctions\.(\w+)$/.exec(target)?.[1];
    // Own keys only: `constructor` or `__proto__` must not reach Object's (a `constructor` call
    // once answered 200 with the runtime's internals, every execution's input among them).
    const action =
      operation !== undefined && Object.hasOwn(SFN_ACTIONS, operation) ? SFN_ACTIONS[operation] : undefined;
    if (!action) return sfnError(wireErrors.unknownOperation(target));
    let request: unknown;
    try {
      request = body.length === 0 ? {} : JSON.parse(body);
    } catch {
      return sfnError(wireErrors.serialization('The request body is not valid JSON'));
    }
    if (request === null || typeof request !== 'object' || Array.isArray(request)) {
      return sfnError(wireErrors.serialization('The request body must be a JSON object'));
    }
    try {
      const result = await action(this.services.runtime, request as Record<string, unknown>, signal);
      return {
        status: 200,
        headers: { 'Content-Type': 'application/x-amz-json-1.0' },
        body: JSON.stringify(result),
      };
    } catch (error) {
      if (error instanceof ApiError) return sfnError(error);
      if (error instanceof StepFunctionsError) return sfnError(ApiError.of(error));
      throw error;
    }
  }
}

/** Aborts if the client disconnects before its answer is sent (a long poll then hands it no task). */
function whileConnected(response: http.ServerResponse): AbortSignal {
  const controller = new AbortController();
  response.once('close', () => {
    if (!response.writableFinished) controller.abort();
  });
  return controller.signal;
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

type BodyRead = { readonly text: string } | 'too large' | 'gone';

/**
 * The body as text; `too large` as soon as it grows past {@link MAX_BODY_BYTES} (the rest is
 * discarded, never kept); `gone` when the client disconnects before its end.
 */
function readBody(request: http.IncomingMessage): Promise<BodyRead> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        chunks.length = 0;
        request.off('data', onData);
        request.resume();
        resolve('too large');
        return;
      }
      chunks.push(chunk);
    };
    request.on('data', onData);
    request.on('end', () => resolve({ text: Buffer.concat(chunks).toString('utf8') }));
    // A disconnect mid-body emits 'aborted', then 'error' (ECONNRESET), then 'close'; the first wins.
    const gone = () => resolve('gone');
    request.on('aborted', gone);
    request.on('error', gone);
    request.on('close', gone);
  });
}

function send(response: http.ServerResponse, reply: HttpReply): void {
  if (response.headersSent || response.destroyed) return;
  response.writeHead(reply.status, { ...reply.headers, 'Content-Length': Buffer.byteLength(reply.body) });
  response.end(reply.body);
}
