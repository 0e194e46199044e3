import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { startDynamoDbLocal } from '../../../../../lib/toolkit/local/dynamodb/dynamodb-local';
import { ensureDynamoDbLocal } from '../../../../../lib/toolkit/local/dynamodb/dynamodb-local-install';
import { dynamoDbLocalEndpoint } from '../../../../support/dynamodb-test-local';

const PROJECT_ROOT = path.join(__dirname, '..', '..', '..', '..', '..');
const CHILD = path.join(__dirname, 'fixtures', 'dynamodb-local-child.ts');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'order-workflow-dynamodb-local-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Runs the fixture in a Node process of its own; resolves with its first line of output. */
function child(command: 'install' | 'start', env: NodeJS.ProcessEnv = {}) {
  const proc = spawn(process.execPath, ['--import', 'tsx', CHILD, command], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  proc.stderr!.on('data', (chunk) => (stderr += chunk));
  const firstLine = new Promise<string>((resolve, reject) => {
    let stdout = '';
    proc.stdout!.on('data', (chunk) => {
      stdout += chunk;
      if (stdout.includes('\n')) resolve(stdout.split('\n')[0]);
    });
    proc.once('exit', (code) => reject(new Error(`child exited ${code}: ${stderr}`)));
  });
  return { proc, firstLine };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

async function waitUntil(condition: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}

describe('startDynamoDbLocal', () => {
  it('says which Java runtime to install when java is not on PATH', async () => {
    const saved = process.env.PATH;
    process.env.PATH = tmp; // a folder without java
    try {
      await expect(startDynamoDbLocal()).rejects.toThrow(
        'DynamoDB Local needs Java 17+ (a JDK: its loopback launcher is compiled with javac): apt-get install -y default-jdk-headless',
      );
    } finally {
      process.env.PATH = saved;
    }
  });

  it('serves the run: the global setup’s DynamoDB Local answers on its endpoint', async () => {
    expect(await accepts(Number(new URL(dynamoDbLocalEndpoint()).port))).toBe(true);
  });

  it('ends java when the Node process that started it is killed outright (SIGKILL)', async () => {
    const { proc, firstLine } = child('start');
    let running: ChildProcess | undefined = proc;
    try {
      const port = Number(new URL(await firstLine).port);
      expect(await accepts(port)).toBe(true);
      proc.kill('SIGKILL');
      running = undefined;
      expect(await waitUntil(async () => !(await accepts(port)), 15_000)).toBe(true);
    } finally {
      running?.kill('SIGKILL');
    }
  });
});

describe('ensureDynamoDbLocal', () => {
  it('fetches DynamoDB Local once for processes racing to fetch it, leaving no half copy', async () => {
    const dir = path.join(tmp, 'race', 'dynamodb-local');
    const lines = await Promise.all(
      [1, 2].map(() => child('install', { DYNAMODB_LOCAL_DIR: dir }).firstLine),
    );
    expect(lines).toEqual([path.join(dir, 'DynamoDBLocal.jar'), path.join(dir, 'DynamoDBLocal.jar')]);
    expect(fs.readdirSync(path.dirname(dir))).toEqual(['dynamodb-local']);
    expect(fs.existsSync(path.join(dir, 'DynamoDBLocal_lib', 'libsqlite4java-linux-amd64.so'))).toBe(true);
  });

  it('refuses a folder that has files but no DynamoDBLocal.jar, saying what to do', async () => {
    const dir = path.join(tmp, 'junk');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'README.txt'), '');
    await expect(ensureDynamoDbLocal(dir)).rejects.toThrow(
      `${dir} exists but has no DynamoDBLocal.jar: remove it, or point DYNAMODB_LOCAL_DIR at a folder`,
    );
  });
});
