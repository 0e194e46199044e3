import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  appFolderOf,
  displayPath,
  exampleInputFiles,
  exampleInputsOf,
  firstExampleInput,
} from '../../../../lib/toolkit/local/example-inputs';

/** An app folder: cdk.json, cdk.out, and the given files (relative path → content). */
function appFolder(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'example-inputs-'));
  for (const [file, content] of Object.entries({
    'cdk.json': '{}',
    'cdk.out/manifest.json': '{}',
    ...files,
  })) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

const FLOW = {
  name: 'FlowA1B2C3D4',
  arn: 'arn:aws:states:us-east-1:123456789012:stateMachine:FlowA1B2C3D4',
  logicalId: 'FlowA1B2C3D4',
  constructPath: 'MyStack/Flow/Resource',
};
const OTHER = {
  ...FLOW,
  name: 'Other',
  arn: `${FLOW.arn}-other`,
  logicalId: 'Other',
  constructPath: 'MyStack/Other',
};

describe('an app’s example inputs, by convention', () => {
  const dirs: string[] = [];
  const app = (files: Record<string, string>) => {
    const dir = appFolder(files);
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
  const relative = (dir: string, files: string[]) => files.map((f) => path.relative(dir, f));

  it('finds the app’s folder: the nearest one above the assembly with a cdk.json; none without one', () => {
    const dir = app({});
    expect(appFolderOf(path.join(dir, 'cdk.out'))).toBe(dir);
    expect(appFolderOf(path.join(dir, 'build', 'cdk.out', 'assembly-Stage'))).toBe(dir);
    const bare = fs.mkdtempSync(path.join(os.tmpdir(), 'no-cdk-json-'));
    dirs.push(bare);
    fs.mkdirSync(path.join(bare, 'events'));
    fs.writeFileSync(path.join(bare, 'events', 'input.json'), '{}');
    expect(appFolderOf(path.join(bare, 'cdk.out'))).toBeUndefined();
    expect(
      exampleInputsOf({ assemblyDir: path.join(bare, 'cdk.out'), stateMachines: [FLOW] })(FLOW.arn),
    ).toEqual([]);
  });

  it('takes JSON files named for the machine in examples/, events/, test/events/, in that order', () => {
    const dir = app({
      'examples/flow.json': '{"a":1}',
      'events/Flow-input.json': '{}',
      'events/flow/second.json': '{}',
      'events/flow/first.json': '{}',
      'test/events/FlowA1B2C3D4.json': '{}',
      // Not named for it: a Lambda test event, another machine's input, a note.
      'events/event.json': '{}',
      'events/other.json': '{}',
      'examples/flow.txt': 'no',
    });
    expect(relative(dir, exampleInputFiles(dir, FLOW, false))).toEqual([
      'examples/flow.json',
      'events/Flow-input.json',
      'events/flow/first.json',
      'events/flow/second.json',
      'test/events/FlowA1B2C3D4.json',
    ]);
    expect(relative(dir, exampleInputFiles(dir, OTHER, false))).toEqual(['events/other.json']);
  });

  it('gives the app’s only state machine input.json too, and none when there is nothing', () => {
    const dir = app({ 'events/input.json': '{}' });
    expect(relative(dir, exampleInputFiles(dir, FLOW, true))).toEqual(['events/input.json']);
    expect(exampleInputFiles(dir, FLOW, false)).toEqual([]);
    expect(exampleInputFiles(app({}), FLOW, true)).toEqual([]);
  });

  it('reads the first file that holds JSON', () => {
    const dir = app({ 'events/flow.json': '{ not json', 'events/flow-input.json': '{"ok":true}' });
    const files = exampleInputFiles(dir, FLOW, true);
    expect(firstExampleInput(files)).toEqual({
      file: path.join(dir, 'events/flow-input.json'),
      input: { ok: true },
    });
    expect(firstExampleInput([])).toBeUndefined();
  });

  it('decides in one place: the files an app’s bridge names, else the convention; none for a created machine', () => {
    const dir = app({ 'events/flow.json': '{}' });
    const assemblyDir = path.join(dir, 'cdk.out');
    const byConvention = exampleInputsOf({ assemblyDir, stateMachines: [FLOW, OTHER] });
    expect(relative(dir, byConvention(FLOW.arn))).toEqual(['events/flow.json']);
    expect(byConvention(OTHER.arn)).toEqual([]);
    expect(byConvention('arn:aws:states:us-east-1:123456789012:stateMachine:created')).toEqual([]);
    const given = exampleInputsOf({ assemblyDir, stateMachines: [FLOW] }, ['/app/examples/order.json']);
    expect(given(FLOW.arn)).toEqual(['/app/examples/order.json']);
  });

  it('shows a file relative to the current folder when inside it, else absolute', () => {
    expect(displayPath(path.join(process.cwd(), 'events', 'flow.json'))).toBe(
      path.join('events', 'flow.json'),
    );
    expect(displayPath(path.join(os.tmpdir(), 'x.json'))).toBe(path.join(os.tmpdir(), 'x.json'));
  });
});
