import * as fs from 'node:fs';
import * as path from 'node:path';
import { allNodes, buildWorkflowGraph, layoutWorkflow, renderSvg } from '../diagram';
import { loadLocalApp } from '../local/local-app';
import { selectStateMachines } from '../local/state-machine-selector';
import { commandAssembly } from './this-app';

export interface DiagramCommandOptions {
  /** A `.svg` file (one state machine) or a folder (one `<name>.svg` per state machine). @default '.' */
  readonly out?: string;
  readonly type: 'standard' | 'express';
  readonly assembly?: string;
  /** `--no-cache`: false, synthesize this app even when its cached assembly is up to date. */
  readonly cache?: boolean;
  /** Name, ARN or logical id of the one state machine to draw. */
  readonly stateMachine?: string;
}

/**
 * `order-workflow diagram`: draws the state machines of the synthesized app (or of `--assembly`),
 * resolved as the local runtime resolves them, as SVG. Returns the files written.
 */
export async function writeDiagrams(
  options: DiagramCommandOptions,
  log: (line: string) => void = console.log,
): Promise<string[]> {
  const assemblyDir = (await commandAssembly(options)).dir;
  const all = loadLocalApp(assemblyDir).stateMachines;
  if (all.length === 0) throw new Error('the assembly has no state machine');
  const machines = selectStateMachines(all, options.stateMachine);
  const out = options.out ?? '.';
  const toFile = out.toLowerCase().endsWith('.svg');
  if (toFile && machines.length > 1) {
    throw new Error(
      `the assembly has ${machines.length} state machines (${machines.map((m) => m.name).join(', ')}): pick one with --state-machine, ` +
        'or give --out a folder to write one SVG each',
    );
  }
  const written: string[] = [];
  for (const machine of machines) {
    const file = toFile ? out : path.join(out, `${machine.name}.svg`);
    const graph = buildWorkflowGraph(machine.definition);
    const svg = renderSvg(await layoutWorkflow(graph), { title: `${machine.name} (${machine.type})` });
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    fs.writeFileSync(file, `${svg}\n`);
    const states = allNodes(graph).filter((n) => n.kind === 'state').length;
    log(`${file}: ${machine.name} (${machine.type}, ${states} states)`);
    written.push(file);
  }
  return written;
}
