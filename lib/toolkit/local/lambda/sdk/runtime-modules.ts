import * as fs from 'node:fs';
import * as path from 'node:path';
import { packageRoot } from '../../../package-root';

/**
 * A folder standing in for Lambda's /var/runtime/node_modules, searched as NODE_PATH is;
 * `packages`, when given, are the only packages it may serve. (The same shape as
 * worker/module-scope.cjs's RuntimeModules, which resolves with it.)
 */
export interface RuntimeModules {
  dir: string;
  packages?: string[];
}

/** The scopes the Lambda Node.js runtime provides: the SDK v3 and what it is made of. */
export const RUNTIME_PROVIDED = /^@(aws-sdk|smithy|aws-crypto|aws)\//;

/**
 * The SDK packages this toolkit itself depends on (package.json `dependencies`, so installed
 * wherever it is: in this repository, or beside it in a consumer's node_modules), served from the
 * node_modules folders above it. Only those: a devDependency here would make a function work in
 * this repository and fail everywhere else.
 */
export function toolkitProvidedModules(root = packageRoot()): RuntimeModules[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  const packages = Object.keys(manifest.dependencies ?? {}).filter((name) => RUNTIME_PROVIDED.test(name));
  if (packages.length === 0) return [];
  return nodeModulesAbove(root).map((dir) => ({ dir, packages }));
}

/** The node_modules folders in `from` and above it, nearest first. */
export function nodeModulesAbove(from: string): string[] {
  const folders: string[] = [];
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules');
    if (fs.existsSync(candidate)) folders.push(candidate);
    if (path.dirname(dir) === dir) return folders;
  }
}

/** Whether `name` (a package) is installed directly in one of the folders that may serve it. */
export function isProvided(name: string, sources: RuntimeModules[]): boolean {
  return sources.some(
    ({ dir, packages }) =>
      (!packages || packages.includes(name)) && fs.existsSync(path.join(dir, name, 'package.json')),
  );
}
