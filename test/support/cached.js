/**
 * `node test/support/cached.js <cache> <command> [args...]`: runs a check (the npm scripts
 * lint:eslint, lint:format, typecheck) that keeps what it learned in node_modules/.cache/<cache>/,
 * having first removed that cache if the dependencies were installed since it was written. npm
 * rewrites node_modules/.package-lock.json whenever it changes node_modules, and neither ESLint's
 * cache (a plugin's new rules), Prettier's nor `tsc -b`'s (declarations under node_modules) sees such
 * a change by itself. A fresh clone (CI) has no cache: every check runs whole.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const [cacheName, command, ...args] = process.argv.slice(2);
const root = path.join(__dirname, '..', '..');
const cache = path.join(root, 'node_modules', '.cache', cacheName);
const mtime = (file) => fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0;

const written = fs.existsSync(cache)
  ? Math.min(...fs.readdirSync(cache).map((file) => mtime(path.join(cache, file))))
  : Infinity;
if (mtime(path.join(root, 'node_modules', '.package-lock.json')) > written) {
  fs.rmSync(cache, { recursive: true, force: true });
}

const result = spawnSync(command, args, { stdio: 'inherit', shell: process.platform === 'win32' });
if (result.error) throw result.error;
process.exitCode = result.status ?? 1;
