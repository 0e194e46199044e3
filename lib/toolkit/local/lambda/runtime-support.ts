import type { LocalFunction } from './local-function';
import { findPython, pythonCandidatesFor } from './python/python-interpreter';

/** Whether a function can run here, and if not, why (for the start banner and its first call). */
export type RuntimeSupport = { runs: true } | { runs: false; reason: string };

/** How a function runs here: in a Node.js worker, a Python process, or not at all. */
export type RuntimeFamily = 'node' | 'python' | 'other';

export function runtimeFamily(fn: Pick<LocalFunction, 'runtime' | 'packageType'>): RuntimeFamily {
  if (fn.packageType === 'Image') return 'other';
  const runtime = fn.runtime ?? 'nodejs';
  if (runtime.startsWith('nodejs')) return 'node';
  if (/^python3\.\d+$/.test(runtime)) return 'python';
  return 'other';
}

/** The runtimes Lambda has that this toolkit cannot run, by prefix, and why. */
const CANNOT_RUN: Array<[prefix: string, why: string]> = [
  ['java', 'Java functions need a JVM and the Lambda Java runtime, which the local runtime does not provide'],
  ['dotnet', '.NET functions need the Lambda .NET runtime, which the local runtime does not provide'],
  ['ruby', 'Ruby functions need the Lambda Ruby runtime, which the local runtime does not provide'],
  [
    'provided',
    'OS-only runtimes run a bootstrap executable built for Amazon Linux against the Lambda Runtime API, which the local runtime does not serve',
  ],
  ['go', 'Go functions (go1.x) are executables built for Amazon Linux, which the local runtime does not run'],
  ['python2', 'Python 2 functions cannot run on python3'],
];

/**
 * Whether `fn` can run here: not when a value of its definition cannot be resolved locally
 * (`unresolved` says which); Node.js functions always (on the Node.js running the toolkit);
 * Python 3 functions when a python3 is found; anything else (Java, .NET, Ruby, OS-only runtimes,
 * a container image) never, and the reason says which.
 */
export function localRuntimeSupport(
  fn: Pick<LocalFunction, 'runtime' | 'packageType' | 'unresolved'>,
  pythonCandidates?: string[],
): RuntimeSupport {
  if (fn.unresolved) return { runs: false, reason: fn.unresolved };
  if (fn.packageType === 'Image') {
    return {
      runs: false,
      reason: 'it is a container image function (PackageType Image), which needs a container runtime',
    };
  }
  switch (runtimeFamily(fn)) {
    case 'node':
      return { runs: true };
    case 'python': {
      const { interpreter, tried } = findPython(pythonCandidatesFor(fn.runtime, pythonCandidates));
      if (interpreter) return { runs: true };
      return {
        runs: false,
        reason: `${fn.runtime} needs a python3 and none was found (tried ${tried.join(', ')})`,
      };
    }
    default: {
      const runtime = fn.runtime ?? '';
      const why = CANNOT_RUN.find(([prefix]) => runtime.startsWith(prefix))?.[1];
      return { runs: false, reason: `${runtime}: ${why ?? 'a runtime the local runtime does not know'}` };
    }
  }
}

/** The errorMessage of an invocation of a function that cannot run here. */
export function cannotRunMessage(fn: Pick<LocalFunction, 'name'>, reason: string): string {
  return (
    `${fn.name} cannot run locally: ${reason}. Mock the state that calls it: a mock configuration ` +
    '(--mock-config <file>, and --test-case <name>) whose test case gives that state a MockedResponse.'
  );
}
