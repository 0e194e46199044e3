import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { printFunctionsAndProblems, printStartExample } from '../../../../lib/toolkit/cli/start-command';
import { LocalService, startLocal } from '../../../../lib/toolkit/server/start-local';
import { synthTinyAssembly } from '../../../support/tiny-assembly';

describe('the start banner’s example command', () => {
  // Another app: the tiny assembly in an app folder of its own, as `cdk synth` leaves it.
  const app = fs.mkdtempSync(path.join(os.tmpdir(), 'banner-app-'));
  fs.writeFileSync(path.join(app, 'cdk.json'), '{}');
  fs.cpSync(synthTinyAssembly(), path.join(app, 'cdk.out'), { recursive: true });
  let service: LocalService;
  beforeAll(async () => {
    service = await startLocal({ assemblyDir: path.join(app, 'cdk.out'), port: 0, dynamodb: false });
  });
  afterAll(async () => {
    await service?.close();
    fs.rmSync(app, { recursive: true, force: true });
  });
  const banner = () => {
    const lines: string[] = [];
    printStartExample(service, (line) => lines.push(line));
    return lines.join('\n');
  };

  it('suggests {} for an app without example inputs, never this repository’s order', () => {
    const text = banner();
    expect(text).toContain(`--state-machine-arn ${service.runtime.listStateMachines()[0].arn} --input '{}'`);
    expect(text).toContain('no example input found');
    expect(text).not.toMatch(/order/i);
  });

  it('suggests the app’s own example input, named for the state machine, and lists the others', () => {
    const machine = service.runtime.listStateMachines()[0];
    const id = machine.name.replace(/[0-9A-F]{8}$/, ''); // Waiter or Echo, as CDK named it
    fs.mkdirSync(path.join(app, 'events', id), { recursive: true });
    fs.writeFileSync(path.join(app, 'events', id, 'a.json'), '{}');
    fs.writeFileSync(path.join(app, 'events', id, 'b.json'), '{}');
    const text = banner();
    expect(text).toContain(`--input file://${path.join(app, 'events', id, 'a.json')}`);
    expect(text).toContain(`(other example inputs: ${path.join(app, 'events', id, 'b.json')})`);
  });
});

describe('the start banner’s functions and problems', () => {
  const print = (app: Parameters<typeof printFunctionsAndProblems>[0]) => {
    const lines: string[] = [];
    printFunctionsAndProblems(app, (line) => lines.push(line));
    return lines;
  };
  const fn = (name: string, extra: object) => ({
    name,
    arn: `arn:aws:lambda:us-east-1:123456789012:function:${name}`,
    directory: '/nowhere',
    handler: 'index.handler',
    environment: {},
    timeoutSeconds: 3,
    memoryMb: 128,
    ...extra,
  });

  it('lists each function with its runtime, and says which cannot run here and why', () => {
    const lines = print({
      functions: [
        fn('Api', { runtime: 'nodejs22.x' }),
        fn('Report', { runtime: 'java21' }),
        fn('Scorer', { packageType: 'Image' }),
        fn('Vpc', { runtime: 'nodejs22.x', unresolved: 'Fn::GetAtt Vpc.DefaultSecurityGroup …' }),
      ],
      problems: [],
    } as never);
    expect(lines).toEqual([
      'function: Api (nodejs22.x)',
      expect.stringMatching(
        /^function: Report \(java21\) cannot run locally: java21: Java functions need .*; mock the states that call it$/,
      ),
      expect.stringMatching(
        /^function: Scorer \(container image\) cannot run locally: it is a container image function \(PackageType Image\)/,
      ),
      expect.stringMatching(
        /^function: Vpc \(nodejs22.x\) cannot run locally: Fn::GetAtt Vpc.DefaultSecurityGroup/,
      ),
    ]);
  });

  it('lists what cannot be resolved locally, saying only what uses it fails', () => {
    const lines = print({
      functions: [],
      problems: ['Shared: state machine Flow: Fn::ImportValue X …'],
    } as never);
    expect(lines).toEqual([
      '\nNot resolvable locally (only what uses them fails):',
      '  Shared: state machine Flow: Fn::ImportValue X …',
    ]);
  });
});
