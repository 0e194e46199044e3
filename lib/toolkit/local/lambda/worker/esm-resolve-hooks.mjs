// @ts-check
/**
 * ES module resolve hook, registered with module.register() by lambda-worker.cjs in workers whose
 * handler is an ES module (the hooks run on a thread of their own, one per worker, and cost
 * 30–50 ms to start, so CommonJS handlers go without). Same rules as the CommonJS side: see
 * module-scope.cjs.
 */
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const { isBareSpecifier, isInside, isRuntimeProvided, resolveFromRuntime } = createRequire(import.meta.url)(
  './module-scope.cjs',
);

/** @type {{ taskRoot: string; runtimeModules: import('./module-scope.cjs').RuntimeModules[] }} */
let scope = { taskRoot: '/var/task', runtimeModules: [] };

/** @param {{ taskRoot: string; runtimeModules: import('./module-scope.cjs').RuntimeModules[] }} data */
export function initialize(data) {
  scope = data;
}

/**
 * @param {string} specifier
 * @param {{ parentURL?: string; conditions?: string[] }} context
 * @param {(specifier: string, context?: object) => Promise<{ url: string }>} nextResolve
 */
export async function resolve(specifier, context, nextResolve) {
  const parent = context.parentURL;
  if (!parent?.startsWith('file:') || !isBareSpecifier(specifier)) return nextResolve(specifier, context);
  const parentFile = fileURLToPath(parent);
  if (!isInside(scope.taskRoot, parentFile)) return nextResolve(specifier, context);

  try {
    const resolved = await nextResolve(specifier, context);
    // Found inside the bundle (its own node_modules): what /var/task would find too.
    if (!resolved.url.startsWith('file:') || isInside(scope.taskRoot, fileURLToPath(resolved.url))) {
      return resolved;
    }
  } catch (error) {
    if (/** @type {{ code?: string }} */ (error).code !== 'ERR_MODULE_NOT_FOUND') throw error;
  }
  if (isRuntimeProvided(specifier) && scope.runtimeModules.length > 0) {
    try {
      const file = resolveFromRuntime(specifier, scope.runtimeModules);
      return { url: pathToFileURL(file).href, shortCircuit: true };
    } catch {
      // not installed locally: report it as missing, below
    }
  }
  const missing = Object.assign(new Error(`Cannot find package '${specifier}' imported from ${parentFile}`), {
    code: 'ERR_MODULE_NOT_FOUND',
  });
  throw missing;
}
