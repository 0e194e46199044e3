import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { printStartExample } from '../../../../lib/toolkit/cli/start-command';
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
