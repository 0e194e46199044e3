// @ts-check
'use strict';
/**
 * What code in a Lambda bundle can load, shared by the CommonJS patch (lambda-worker.cjs) and the
 * ES module resolve hook (esm-resolve-hooks.mjs).
 *
 * On Lambda the bundle is unzipped into /var/task with nothing above it, and the runtime puts its
 * own copy of the AWS SDK on NODE_PATH (/var/runtime/node_modules). Locally the bundle sits in
 * cdk.out, inside the project: plain Node resolution would walk up into the project's
 * node_modules and find packages the deployed function will not have. So a bare specifier
 * imported from inside the bundle is looked up only in node_modules folders inside the bundle,
 * then, for the packages the runtime provides, in the runtime's folders.
 */
const Module = require('node:module');
const path = require('node:path');

/** The scopes /var/runtime/node_modules provides: the SDK v3 and what it is made of. */
const RUNTIME_PROVIDED = /^@(aws-sdk|smithy|aws-crypto|aws)\//;

/** @param {string} specifier */
function isRuntimeProvided(specifier) {
  return RUNTIME_PROVIDED.test(specifier);
}

/** `lodash`, `@aws-sdk/client-sns/dist`: not relative, not absolute, not a URL, not a builtin. */
function isBareSpecifier(/** @type {string} */ specifier) {
  return (
    !specifier.startsWith('.') &&
    !path.isAbsolute(specifier) &&
    !/^[a-z][a-z0-9+.-]*:/i.test(specifier) &&
    !Module.isBuiltin(specifier)
  );
}

/** Whether `file` is `dir` or below it. */
function isInside(/** @type {string} */ dir, /** @type {string} */ file) {
  const relative = path.relative(dir, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/**
 * A folder standing in for /var/runtime/node_modules, searched the way NODE_PATH is (for the
 * package directly, whatever the folder is called); `packages`, when given, are the only
 * packages it may serve (this toolkit's own dependencies, not whatever else is installed beside them).
 * @typedef {{ dir: string; packages?: string[] }} RuntimeModules
 */

/** `@aws-sdk/client-sns/dist-cjs/index.js` → `@aws-sdk/client-sns`. */
function packageName(/** @type {string} */ specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/**
 * Resolves a runtime-provided package from the first source that has it. Throws
 * MODULE_NOT_FOUND like require().
 * @param {string} request
 * @param {RuntimeModules[]} sources
 * @returns {string} the file
 */
function resolveFromRuntime(request, sources) {
  const name = packageName(request);
  for (const { dir, packages } of sources) {
    if (packages && !packages.includes(name)) continue;
    const runtime = new Module('<lambda runtime>');
    runtime.filename = path.join(dir, '<lambda runtime>');
    runtime.paths = [dir];
    try {
      // @ts-expect-error Module._resolveFilename is internal, stable since Node 0.x, and what require() uses.
      return Module._resolveFilename(request, runtime, false);
    } catch (error) {
      if (/** @type {{ code?: string }} */ (error).code !== 'MODULE_NOT_FOUND') throw error;
    }
  }
  throw Object.assign(new Error(`Cannot find module '${request}'`), { code: 'MODULE_NOT_FOUND' });
}

module.exports = { isBareSpecifier, isInside, isRuntimeProvided, packageName, resolveFromRuntime };
