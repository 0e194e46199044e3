/**
 * `npm run build` (and `prepack`): everything the package ships, in dist/.
 *   dist/handlers/<step>/index.js   each Lambda handler, bundled by esbuild (build-handlers.ts)
 *   dist/lib/**, dist/bin/**        lib/ and bin/ compiled to CommonJS with .d.ts (tsconfig.build.json)
 *   dist/lib/... (.cjs .mjs .json .html .css .java .py)  what the compiled code loads at run time, copied as is
 *   dist/lib/toolkit/server/console/assets/{vendor/codemirror.mjs,editor/model.mjs}  the console
 *                                   editor's bundles (esbuild; from source the console builds them itself)
 * Files are found by walking folders, never listed here, so moving or adding one needs no edit.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../lib/construct/bundling';
import { buildHandlers } from '../lib/app/handler-bundles';
import { buildEditorBundle, EDITOR_BUNDLES } from '../lib/toolkit/server/console/editor-bundles';

const DIST = path.join(PROJECT_ROOT, 'dist');

/** What tsc does not emit but the code reads next to itself (worker scripts, console assets, prices). */
const RUNTIME_ASSET = /\.(cjs|mjs|json|html|css|java|py)$/;

/** Every file under `dir` whose name matches `pattern`, as paths relative to `dir`. */
export function filesMatching(dir: string, pattern: RegExp): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && pattern.test(entry.name))
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

/** Copies lib/'s run-time assets to the same places under dist/lib. */
export function copyRuntimeAssets(): string[] {
  const from = path.join(PROJECT_ROOT, 'lib');
  const to = path.join(DIST, 'lib');
  const files = filesMatching(from, RUNTIME_ASSET);
  for (const file of files) {
    fs.mkdirSync(path.dirname(path.join(to, file)), { recursive: true });
    fs.copyFileSync(path.join(from, file), path.join(to, file));
  }
  return files;
}

/** The console editor's bundles, written next to the console's other assets in dist/. */
export async function writeEditorBundles(): Promise<Array<{ asset: string; bytes: number }>> {
  const assets = path.join(DIST, 'lib', 'toolkit', 'server', 'console', 'assets');
  const written: Array<{ asset: string; bytes: number }> = [];
  for (const asset of EDITOR_BUNDLES) {
    const text = await buildEditorBundle(asset);
    fs.mkdirSync(path.dirname(path.join(assets, asset)), { recursive: true });
    fs.writeFileSync(path.join(assets, asset), text);
    written.push({ asset, bytes: Buffer.byteLength(text) });
  }
  return written;
}

/** tsc with tsconfig.build.json, from this project's own TypeScript. */
function compile(): void {
  const tsc = require.resolve('typescript/bin/tsc', { paths: [PROJECT_ROOT] });
  execFileSync(process.execPath, [tsc, '-p', path.join(PROJECT_ROOT, 'tsconfig.build.json')], {
    stdio: 'inherit',
  });
}

/** Runs `step`, printing how long it took. */
async function timed<T>(name: string, step: () => T | Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await step();
  console.log(`${name}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

async function main(): Promise<void> {
  // A file moved or deleted in lib/ must not live on in dist/ and ship.
  fs.rmSync(DIST, { recursive: true, force: true });
  const bundles = await timed('handler bundles (esbuild)', () => buildHandlers());
  for (const { step, bytes } of bundles) console.log(`  ${step}: ${(bytes / 1024).toFixed(1)} KB`);
  await timed('lib/ and bin/ (tsc)', compile);
  const assets = await timed('run-time assets', copyRuntimeAssets);
  console.log(`  ${assets.join(', ')}`);
  const editor = await timed('console editor bundles (esbuild)', writeEditorBundles);
  for (const { asset, bytes } of editor) console.log(`  ${asset}: ${(bytes / 1024).toFixed(1)} KB`);
}

if (require.main === module) {
  main().catch((error: Error) => {
    console.error(error.message);
    process.exitCode = 1;
  });
}
