// @ts-check
'use strict';
/**
 * Loads a function's handler from its bundle as the Lambda Node.js runtime interface client
 * (aws-lambda-nodejs-runtime-interface-client) does, with its error names: Runtime.MalformedHandlerName,
 * Runtime.ImportModuleError, Runtime.UserCodeSyntaxError, Runtime.HandlerNotFound and, on
 * Node.js 24 and later, Runtime.CallbackHandlerDeprecated.
 */
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { isBareSpecifier, isInside, isRuntimeProvided, resolveFromRuntime } = require('./module-scope.cjs');

/** @param {string} name @param {string} message */
function runtimeError(name, message) {
  const error = new Error(message);
  error.name = name;
  return error;
}

const CALLBACK_HANDLER_DEPRECATED =
  'ERROR: AWS Lambda has removed support for callback-based function handlers starting with Node.js 24. ' +
  'You need to modify this function to use a supported handler signature to use Node.js 24 or later. ' +
  'For more information see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html.';

/**
 * `src/app.handler` → module root `src`, module `app`, handler path `handler` (which may be
 * nested: `app.handlers.create`).
 * @param {string} handlerString
 */
function parseHandler(handlerString) {
  if (handlerString.includes('..')) {
    throw runtimeError(
      'Runtime.MalformedHandlerName',
      `'${handlerString}' is not a valid handler name. Use absolute paths when specifying root directories in handler names.`,
    );
  }
  const handlerPart = path.basename(handlerString);
  const moduleRoot = handlerString.substring(0, handlerString.indexOf(handlerPart)).replace(/\/$/, '');
  const match = /^([^.]*)\.(.*)$/.exec(handlerPart);
  if (!match) throw runtimeError('Runtime.MalformedHandlerName', 'Bad handler');
  return { moduleRoot, moduleName: match[1], handlerPath: match[2] };
}

/**
 * The package type the deployed bundle sees for `dir`: the nearest package.json inside the task
 * root decides; nothing above the task root counts (on Lambda there is nothing above /var/task,
 * locally there may be the project's `"type": "module"` package.json).
 * @param {string} dir
 * @param {string} taskRoot
 * @returns {'module' | 'commonjs'}
 */
function bundlePackageType(dir, taskRoot) {
  for (let current = dir; isInside(taskRoot, current); current = path.dirname(current)) {
    const file = path.join(current, 'package.json');
    if (fs.existsSync(file)) {
      try {
        return JSON.parse(fs.readFileSync(file, 'utf8')).type === 'module' ? 'module' : 'commonjs';
      } catch {
        return 'commonjs';
      }
    }
    if (current === taskRoot || path.basename(current) === 'node_modules') break;
  }
  return 'commonjs';
}

/**
 * Makes require() from the bundle behave as in /var/task (see module-scope.cjs), and compiles
 * the bundle's `.js` files as CommonJS unless the bundle itself says `"type": "module"`.
 * @param {string} taskRoot
 * @param {import('./module-scope.cjs').RuntimeModules[]} runtimeModules
 */
function installCommonJsScope(taskRoot, runtimeModules) {
  const ModuleInternals = /** @type {any} */ (Module);
  const resolveFilename = ModuleInternals._resolveFilename;
  ModuleInternals._resolveFilename = function (
    /** @type {string} */ request,
    /** @type {any} */ parent,
    /** @type {boolean} */ isMain,
    /** @type {any} */ options,
  ) {
    const fromBundle = parent?.filename && isInside(taskRoot, parent.filename) && !options?.paths;
    if (!fromBundle || !isBareSpecifier(request)) {
      return resolveFilename.call(this, request, parent, isMain, options);
    }
    // Only node_modules folders inside the bundle, as if nothing were above /var/task.
    const insideBundle = Object.create(parent, {
      paths: { value: (parent.paths ?? []).filter((/** @type {string} */ p) => isInside(taskRoot, p)) },
    });
    try {
      return resolveFilename.call(this, request, insideBundle, isMain);
    } catch (error) {
      const notFound = /** @type {{ code?: string }} */ (error).code === 'MODULE_NOT_FOUND';
      if (!notFound || !isRuntimeProvided(request) || runtimeModules.length === 0) throw error;
      try {
        return resolveFromRuntime(request, runtimeModules);
      } catch {
        throw error; // the bundle's own "Cannot find module", with its require stack
      }
    }
  };

  const compileJs = ModuleInternals._extensions['.js'];
  ModuleInternals._extensions['.js'] = function (/** @type {any} */ module, /** @type {string} */ filename) {
    if (!isInside(taskRoot, filename) || bundlePackageType(path.dirname(filename), taskRoot) === 'module') {
      return compileJs.call(this, module, filename);
    }
    const source = fs.readFileSync(filename, 'utf8');
    return module._compile(source.charCodeAt(0) === 0xfeff ? source.slice(1) : source, filename);
  };
}

/**
 * @param {string} file without extension
 * @param {string} extension
 * @param {(file: string) => Promise<unknown>} importModule
 */
async function tryLoad(file, extension, importModule) {
  const candidate = file + extension;
  if (!fs.existsSync(candidate)) return undefined;
  return importModule(candidate);
}

/**
 * Loads the module the handler string names: extensionless and `.js` files with require() (`.js`
 * with import() when the bundle is `"type": "module"`), then `.mjs` with import(), then `.cjs`,
 * then a package of that name; as the runtime's loader does.
 * @param {{ taskRoot: string; moduleRoot: string; moduleName: string; importEsm: (file: string) => Promise<unknown> }} where
 */
async function loadModule({ taskRoot, moduleRoot, moduleName, importEsm }) {
  const file = path.resolve(taskRoot, moduleRoot, moduleName);
  const requireFile = async (/** @type {string} */ f) => require(f);
  const jsIsModule = bundlePackageType(path.dirname(file), taskRoot) === 'module';
  try {
    return (
      (fs.existsSync(file) && fs.statSync(file).isFile() ? require(file) : undefined) ??
      (await tryLoad(file, '.js', jsIsModule ? importEsm : requireFile)) ??
      (await tryLoad(file, '.mjs', importEsm)) ??
      (await tryLoad(file, '.cjs', requireFile)) ??
      require(require.resolve(moduleName, { paths: [taskRoot, path.join(taskRoot, moduleRoot)] }))
    );
  } catch (error) {
    if (error instanceof SyntaxError) {
      const wrapped = runtimeError('Runtime.UserCodeSyntaxError', String(error));
      wrapped.stack = error.stack;
      throw wrapped;
    }
    if (/** @type {{ code?: string }} */ (error).code === 'MODULE_NOT_FOUND') {
      throw runtimeError('Runtime.ImportModuleError', String(error));
    }
    throw error;
  }
}

/** @param {unknown} module @param {string} handlerPath */
function findHandler(module, handlerPath) {
  return handlerPath
    .split('.')
    .reduce(
      (/** @type {any} */ nested, key) => (nested && typeof nested === 'object' ? nested[key] : undefined),
      module,
    );
}

/**
 * @param {{ taskRoot: string; handler: string; runtimeModules: import('./module-scope.cjs').RuntimeModules[]; callbackHandlers: boolean; esmHooksUrl: string }} options
 * @returns {Promise<(event: unknown, context: object, callback?: Function) => unknown>}
 */
async function loadHandler({
  taskRoot,
  handler: handlerString,
  runtimeModules,
  callbackHandlers,
  esmHooksUrl,
}) {
  const { moduleRoot, moduleName, handlerPath } = parseHandler(handlerString);
  installCommonJsScope(taskRoot, runtimeModules);
  let hooksRegistered = false;
  const importEsm = async (/** @type {string} */ file) => {
    if (!hooksRegistered) {
      Module.register(esmHooksUrl, { data: { taskRoot, runtimeModules } });
      hooksRegistered = true;
    }
    return import(pathToFileURL(file).href);
  };

  const module = await loadModule({ taskRoot, moduleRoot, moduleName, importEsm });
  let handler = findHandler(module, handlerPath);
  if (!handler && module && typeof module === 'object' && 'default' in module) {
    handler = findHandler(/** @type {{ default: unknown }} */ (module).default, handlerPath);
  }
  if (!handler)
    throw runtimeError('Runtime.HandlerNotFound', `${handlerString} is undefined or not exported`);
  if (typeof handler !== 'function') {
    throw runtimeError('Runtime.HandlerNotFound', `${handlerString} is not a function`);
  }
  if (!callbackHandlers && handler.length >= 3) {
    throw runtimeError('Runtime.CallbackHandlerDeprecated', CALLBACK_HANDLER_DEPRECATED);
  }
  return handler;
}

module.exports = { loadHandler, parseHandler };
