import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SelectableStateMachine } from './state-machine-selector';

/**
 * An app's own example execution inputs, found by a convention, so that the start banner, `run` and
 * the console suggest an input that fits the app (or `{}` when it has none), never another app's.
 *
 * The app's folder is the nearest folder above the cloud assembly that holds a `cdk.json` (none
 * without one). Its example inputs are JSON files in `examples/`, `events/` or `test/events/`
 * named for the state machine — by the id of the construct that made it (`Flow` for
 * `MyStack/Flow/Resource`), its logical id (with or without CDK's hash) or its name, compared
 * without case or separators (`flow.json`, `Flow-input.json`, `events/flow/*.json`); the app's only
 * state machine also takes `input.json` (or `execution-input.json`, `state-machine-input.json`,
 * `sfn-input.json`). Other JSON files there are not taken: SAM and many samples keep Lambda test
 * events in `events/`, which are not a state machine's input.
 */

/** Where an app keeps example inputs, relative to its folder, in the order they are offered. */
export const EXAMPLE_INPUT_DIRS = ['examples', 'events', path.join('test', 'events')] as const;

/** File names (without `.json`, normalized) the app's only state machine also takes. */
const ONLY_MACHINE_NAMES = ['input', 'executioninput', 'statemachineinput', 'sfninput'];

/**
 * The app's folder for a cloud assembly: the nearest folder above it with a cdk.json, as `cdk synth`
 * leaves it. Undefined without one (an assembly an App synthesized into a temporary folder): no
 * other folder is searched for examples.
 */
export function appFolderOf(assemblyDir: string): string | undefined {
  for (let dir = path.dirname(path.resolve(assemblyDir)); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'cdk.json'))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** The example input files of `machine` in the app's folder (absolute paths), in the order offered. */
export function exampleInputFiles(
  appFolder: string,
  machine: SelectableStateMachine,
  onlyMachine: boolean,
): string[] {
  const keys = machineKeys(machine);
  const named = (file: string) => {
    const base = normalize(path.basename(file, '.json'));
    return (
      keys.some((k) => base === k || base === `${k}input`) ||
      (onlyMachine && ONLY_MACHINE_NAMES.includes(base))
    );
  };
  return EXAMPLE_INPUT_DIRS.flatMap((dir) => {
    const folder = path.join(appFolder, dir);
    const entries = listDir(folder);
    const files = entries
      .filter((e) => e.isFile() && e.name.endsWith('.json'))
      .map((e) => path.join(folder, e.name));
    const folders = entries.filter((e) => e.isDirectory() && keys.includes(normalize(e.name)));
    return [
      ...files.filter(named),
      ...folders.flatMap((f) =>
        listDir(path.join(folder, f.name))
          .filter((e) => e.isFile() && e.name.endsWith('.json'))
          .map((e) => path.join(folder, f.name, e.name)),
      ),
    ];
  });
}

/** The first of `files` that holds JSON, read; undefined when none does. */
export function firstExampleInput(files: readonly string[]): { file: string; input: unknown } | undefined {
  for (const file of files) {
    try {
      return { file, input: JSON.parse(fs.readFileSync(file, 'utf8')) };
    } catch {
      // Not readable or not JSON: not an example input; the next one may be.
    }
  }
  return undefined;
}

/** A file as a user would type it here: relative to the current folder when inside it, else absolute. */
export function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? path.resolve(file) : relative;
}

/** What a file may be named after: the construct's id, the logical id (with and without CDK's hash), the name. */
function machineKeys(machine: SelectableStateMachine): string[] {
  const segments = (machine.constructPath ?? '').split('/').filter((s) => s !== '' && s !== 'Resource');
  const constructId = segments[segments.length - 1];
  const keys = [constructId, machine.logicalId, machine.logicalId.replace(/[0-9A-F]{8}$/, ''), machine.name];
  return [...new Set(keys.filter((k): k is string => !!k).map(normalize))].filter((k) => k !== '');
}

function normalize(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function listDir(folder: string): fs.Dirent[] {
  try {
    return fs.readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  } catch {
    return [];
  }
}

/** The app's machines, as far as example inputs go. */
interface AppMachines {
  readonly assemblyDir: string;
  readonly stateMachines: readonly (SelectableStateMachine & { readonly arn: string })[];
}

/**
 * The one place that decides a state machine's example inputs: `given` (the files an app's own
 * bridge names, for each of its machines), else the convention above, looked up at each call so
 * a file added while the endpoint runs is offered. A machine created through the API has none.
 */
export function exampleInputsOf(
  app: AppMachines,
  given?: readonly string[],
): (stateMachineArn: string) => string[] {
  const folder = appFolderOf(app.assemblyDir);
  return (stateMachineArn) => {
    const machine = app.stateMachines.find((m) => m.arn === stateMachineArn);
    if (!machine) return [];
    if (given) return [...given];
    return folder ? exampleInputFiles(folder, machine, app.stateMachines.length === 1) : [];
  };
}
