import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeDiagrams } from '../../../../lib/toolkit/cli/diagram-command';
import { loadLocalApp } from '../../../../lib/toolkit/local/local-app';
import { appAssembly } from '../../../support/app-assemblies';
import { synthTinyAssembly } from '../../../support/tiny-assembly';

const README_DIAGRAM = path.join(__dirname, '..', '..', '..', '..', 'docs', 'workflow.svg');

/** What a diagram says, read back from its SVG: states (name, type, detail, retries) and edges. */
function structure(svg: string) {
  const states = svg
    .split('data-state-name="')
    .slice(1)
    .map((chunk) => {
      const field = (pattern: RegExp) => pattern.exec(chunk)?.[1] ?? '';
      return [
        chunk.slice(0, chunk.indexOf('"')),
        field(/data-state-type="([^"]*)"/),
        field(/<text class="detail"[^>]*>([^<]*)</),
        field(/<g class="retry"[^>]*><title>([^<]*)</),
      ].join(' | ');
    })
    .sort();
  const edges = [
    ...svg.matchAll(/data-kind="([^"]*)" data-from="([^"]*)" data-to="([^"]*)">(?:<title>([^<]*)<)?/g),
  ]
    .map((m) => m.slice(1).join(' | '))
    .sort();
  return { states, edges };
}

describe('order-workflow diagram', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'order-workflow-diagram-'));
  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));
  const tiny = synthTinyAssembly();
  const [waiter, echo] = ['STANDARD', 'EXPRESS'].map((type) =>
    loadLocalApp(tiny).stateMachines.find((m) => m.type === type)!,
  );
  const quiet = () => undefined;

  it('writes one SVG per state machine into a folder, named after the machine', async () => {
    const lines: string[] = [];
    const written = await writeDiagrams(
      { assembly: tiny, out: path.join(out, 'all'), type: 'standard' },
      (l) => lines.push(l),
    );
    expect(written.map((f) => path.basename(f)).sort()).toEqual(
      [`${echo.name}.svg`, `${waiter.name}.svg`].sort(),
    );
    const svg = fs.readFileSync(path.join(out, 'all', `${waiter.name}.svg`), 'utf8');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain('data-state-name="Wait" data-state-type="Wait"');
    expect(svg).toContain('data-state-name="Done" data-state-type="Pass"');
    expect(svg).toContain(`<title>${waiter.name} (STANDARD)</title>`);
    expect(lines).toContain(
      `${path.join(out, 'all', `${waiter.name}.svg`)}: ${waiter.name} (STANDARD, 2 states)`,
    );
  });

  it('writes the one state machine picked by name to an .svg file', async () => {
    const file = path.join(out, 'nested', 'echo.svg');
    expect(
      await writeDiagrams({ assembly: tiny, out: file, stateMachine: echo.name, type: 'standard' }, quiet),
    ).toEqual([file]);
    expect(fs.readFileSync(file, 'utf8')).toContain('data-state-name="Echo it"');
  });

  it('asks which state machine when one file is wanted and there are several, and names the choices', async () => {
    await expect(
      writeDiagrams({ assembly: tiny, out: path.join(out, 'one.svg'), type: 'standard' }, quiet),
    ).rejects.toThrow(/the assembly has 2 state machines .*: pick one with --state-machine/);
    await expect(
      writeDiagrams({ assembly: tiny, out, stateMachine: 'Nope', type: 'standard' }, quiet),
    ).rejects.toThrow(`no state machine Nope; the assembly has: ${waiter.name}, ${echo.name}`);
    expect(fs.existsSync(path.join(out, 'one.svg'))).toBe(false);
  });

  it('keeps docs/workflow.svg, the README’s diagram, showing the app’s states and transitions as they are', async () => {
    const file = path.join(out, 'workflow.svg');
    await writeDiagrams({ assembly: appAssembly('STANDARD'), out: file, type: 'standard' }, quiet);
    const committed = fs.existsSync(README_DIAGRAM) ? fs.readFileSync(README_DIAGRAM, 'utf8') : '';
    // The picture must show the same states, transitions, labels and retries; the layout may move.
    if (JSON.stringify(structure(committed)) !== JSON.stringify(structure(fs.readFileSync(file, 'utf8')))) {
      throw new Error(
        'docs/workflow.svg no longer shows the workflow: run `npx order-workflow diagram --out docs/workflow.svg`',
      );
    }
    expect(structure(committed).states.length).toBeGreaterThan(10);
  });
});
