import { spawnSync } from 'node:child_process';

/** A python3 that can run functions, as found by findPython. */
export interface PythonInterpreter {
  /** The interpreter's own path (sys.executable), not a shim: spawned directly. */
  executable: string;
  /** `3.11.2` */
  version: string;
  /** boto3's and botocore's versions, when it can import them (Lambda's runtime always can). */
  boto3?: string;
  botocore?: string;
}

/**
 * Where a python3 is looked for, in order: the one on PATH (the user's choice, a pyenv or a
 * virtualenv one), then Debian's /usr/bin/python3, for which `apt-get install python3-boto3`
 * provides boto3 (.ci/run does).
 */
export const PYTHON_CANDIDATES = ['python3', '/usr/bin/python3'];

/**
 * The candidates for a function: the given list; by default `python3.12` for a `python3.12`
 * function first (its own version, where installed), then PYTHON_CANDIDATES.
 */
export function pythonCandidatesFor(runtime: string | undefined, candidates?: string[]): string[] {
  if (candidates) return candidates;
  const version = /^python(3\.\d+)$/.exec(runtime ?? '')?.[1];
  return version ? [`python${version}`, ...PYTHON_CANDIDATES] : PYTHON_CANDIDATES;
}

const PROBE = [
  'import importlib.util, json, sys',
  'info = {"executable": sys.executable, "version": "%d.%d.%d" % sys.version_info[:3]}',
  // Found and versioned without importing it: importing boto3 costs a second on a busy machine.
  'if importlib.util.find_spec("boto3") and importlib.util.find_spec("botocore"):',
  '    from importlib.metadata import version',
  '    try:',
  '        info.update(boto3=version("boto3"), botocore=version("botocore"))',
  '    except Exception:',
  '        info.update(boto3="unknown", botocore="unknown")',
  'print(json.dumps(info))',
].join('\n');

/** Probed once per candidate list and process: each probe starts an interpreter. */
const found = new Map<string, { interpreter?: PythonInterpreter; tried: string[] }>();

/**
 * The interpreter Python functions run on: the first candidate that can import boto3, as Lambda's
 * Python runtime can; failing that, the first python3 3.x at all (a function importing boto3 then
 * fails with Lambda's `No module named 'boto3'`, and its logs say how to install it).
 * `interpreter` is absent when no candidate runs.
 */
export function findPython(candidates: string[] = PYTHON_CANDIDATES): {
  interpreter?: PythonInterpreter;
  tried: string[];
} {
  const key = candidates.join('\0');
  let result = found.get(key);
  if (!result) {
    // In order, stopping at the first with boto3.
    let fallback: PythonInterpreter | undefined;
    let withBoto3: PythonInterpreter | undefined;
    for (const candidate of candidates) {
      const interpreter = probe(candidate);
      fallback ??= interpreter;
      if (interpreter?.boto3) {
        withBoto3 = interpreter;
        break;
      }
    }
    result = { interpreter: withBoto3 ?? fallback, tried: candidates };
    found.set(key, result);
  }
  return result;
}

function probe(command: string): PythonInterpreter | undefined {
  const outcome = spawnSync(command, ['-s', '-c', PROBE], { encoding: 'utf8', timeout: 20_000 });
  if (outcome.status !== 0) return undefined;
  try {
    const info = JSON.parse(outcome.stdout) as PythonInterpreter;
    return info.version.startsWith('3.') ? info : undefined;
  } catch {
    return undefined;
  }
}
