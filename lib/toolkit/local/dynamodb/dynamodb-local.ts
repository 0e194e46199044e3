import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { ensureDynamoDbLocal } from './dynamodb-local-install';
import { LoopbackLauncher, loopbackLauncher } from './loopback-launcher';

export const JAVA_MISSING_MESSAGE =
  'DynamoDB Local needs Java 17+ (a JDK: its loopback launcher is compiled with javac): apt-get install -y default-jdk-headless';

export interface DynamoDbLocalOptions {
  /** @default 0: a free port */
  readonly port?: number;
  /** Keep the tables in this folder (one file per access key and region). @default in memory */
  readonly dbPath?: string;
  /** Where DynamoDB Local's files are, or go. @default {@link dynamoDbLocalDir} */
  readonly installDir?: string;
  /** @default 60 s: a cold JVM on two busy cores takes far longer than its usual 2–4 s */
  readonly startupTimeoutMs?: number;
  /**
   * Told the endpoint before java starts (and again should the port be taken and another tried):
   * what depends on it, such as functions' environments, can start while java boots.
   */
  readonly onEndpoint?: (endpoint: string) => void;
}

/** A running DynamoDB Local. Without -sharedDb, each access key and region sees its own tables. */
export interface DynamoDbLocal {
  readonly endpoint: string;
  readonly port: number;
  /** From spawning java to the first answered ListTables. */
  readonly startupMs: number;
  stop(): Promise<void>;
}

/**
 * Runs DynamoDB Local (fetching it first if needed), listening on 127.0.0.1 only, and resolves
 * once it answers ListTables.
 * The java process ends with stop(), and also when this process ends in any way (even SIGKILL):
 * on POSIX a shell watchdog kills it when the pipe from this process closes.
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  const java = findOnPath(process.platform === 'win32' ? 'java.exe' : 'java');
  if (!java) throw new Error(JAVA_MISSING_MESSAGE);
  const files = await ensureDynamoDbLocal(options.installDir);
  const exe = process.platform === 'win32' ? '.exe' : '';
  const launcher = await loopbackLauncher(files, {
    java,
    javac: findOnPath(`javac${exe}`),
    jar: findOnPath(`jar${exe}`),
  });
  if (options.dbPath) fs.mkdirSync(options.dbPath, { recursive: true });
  // A free port found here can be taken before java binds it: try again with another.
  for (let attempt = 1; ; attempt++) {
    const port = options.port || (await freePort());
    const storage = options.dbPath ? ['-dbPath', path.resolve(options.dbPath)] : ['-inMemory'];
    const args = [
      // C1 only and a serial GC: measured on two shared cores, ready about 25% sooner, and no fewer
      // conditional PutItems per second (C2's compiling competes with the work for the cores).
      '-XX:TieredStopAtLevel=1',
      '-XX:+UseSerialGC',
      // No hsperfdata file in /tmp per JVM (jps/jstat need it; nothing here uses them).
      '-XX:-UsePerfData',
      `-Djava.library.path=${files.libraryPath}`,
      ...launcher.args,
      ...storage,
      '-disableTelemetry',
      '-port',
      String(port),
    ];
    options.onEndpoint?.(endpointOf(port));
    // In memory, nothing is lost when java is killed at once (about 0.4 s sooner than its own shutdown).
    const stopSignal = options.dbPath || launcher.writesAtExit ? 'TERM' : 'KILL';
    try {
      return await launch(
        java,
        args,
        files.dir,
        port,
        options.startupTimeoutMs ?? 60_000,
        launcher,
        stopSignal,
      );
    } catch (error) {
      if (!(error instanceof PortTakenError)) throw error;
      if (options.port || attempt >= 3) {
        throw new Error(`DynamoDB Local cannot listen on port ${port}: it is in use (0 picks a free port)`, {
          cause: error,
        });
      }
    }
  }
}

class PortTakenError extends Error {}

/** The shell keeps the pipe from Node on fd 3; when it closes (stop(), or Node gone), java is killed. */
const WATCHDOG = [
  'exec 3<&0 0</dev/null',
  '"$@" & java=$!',
  '(read -r _ <&3; kill -s "$STOP_SIGNAL" "$java" 2>/dev/null; sleep "$STOP_GRACE"; kill -9 "$java" 2>/dev/null) & reader=$!',
  'exec 3<&-',
  'wait "$java"; code=$?',
  'kill "$reader" 2>/dev/null',
  'exit "$code"',
].join('\n');

async function launch(
  java: string,
  args: string[],
  cwd: string,
  port: number,
  timeoutMs: number,
  launcher: LoopbackLauncher,
  stopSignal: 'TERM' | 'KILL',
) {
  const started = performance.now();
  const child =
    process.platform === 'win32'
      ? spawn(java, args, { cwd, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true })
      : spawn('/bin/sh', ['-c', WATCHDOG, 'dynamodb-local', java, ...args], {
          cwd,
          env: { ...process.env, STOP_GRACE: String(launcher.stopGraceSeconds), STOP_SIGNAL: stopSignal },
          stdio: ['pipe', 'pipe', 'pipe'],
        });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      launcher.afterExit(code);
      resolve(code);
    }),
  );
  // Windows has no watchdog: kill java when this process exits normally.
  const killOnExit = () => child.kill('SIGKILL');
  if (process.platform === 'win32') process.once('exit', killOnExit);
  // Never keep this process alive on its own: a forgotten stop() still ends java (see WATCHDOG).
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) (stream as unknown as net.Socket).unref();

  const endpoint = endpointOf(port);
  const stop = once(async () => {
    process.removeListener('exit', killOnExit);
    stopChild(child);
    const timer = setTimeout(() => child.kill('SIGKILL'), (launcher.stopGraceSeconds + 5) * 1000);
    await exited;
    clearTimeout(timer);
  });
  try {
    await waitUntilAnswering(endpoint, exited, timeoutMs);
  } catch (error) {
    await stop();
    if (/BindException|Address already in use/.test(output)) throw new PortTakenError(output);
    throw new Error(`DynamoDB Local did not start on port ${port}: ${(error as Error).message}\n${output}`, {
      cause: error,
    });
  }
  return { endpoint, port, startupMs: Math.round(performance.now() - started), stop };
}

function stopChild(child: ChildProcess): void {
  if (child.exitCode !== null || child.signalCode !== null) return;
  if (process.platform === 'win32') child.kill();
  else child.stdin!.end(); // the watchdog's cue
}

async function waitUntilAnswering(endpoint: string, exited: Promise<number | null>, timeoutMs: number) {
  const { DynamoDBClient, ListTablesCommand } = await import('@aws-sdk/client-dynamodb');
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'startupProbe', secretAccessKey: 'startupProbe' },
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 1000, requestTimeout: 2000, throwOnRequestTimeout: true },
  });
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch (error) {
        if (gone) throw new Error('java exited', { cause: error });
        if (Date.now() > deadline) throw new Error(`no answer within ${timeoutMs} ms`, { cause: error });
      }
      // A refused connection costs next to nothing; a coarse poll would add half its period to every start.
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    client.destroy();
  }
}

function endpointOf(port: number): string {
  return `http://127.0.0.1:${port}`;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The first executable `name` on PATH, as a shell would find it. */
function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let result: Promise<void> | undefined;
  return () => (result ??= fn());
}
