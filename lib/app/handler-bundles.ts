/**
 * The default Lambda handlers' bundles: each `lambdas/<step>/index.ts` bundled with esbuild into
 * `dist/handlers/<step>/index.js`, the code the construct deploys (and the package ships), so no
 * consumer's `cdk synth` needs esbuild or the handlers' TypeScript. A step is any
 * `lambdas/<step>/index.ts` that exports `handler`: adding or renaming a step needs no edit here.
 * `npm run build:handlers` builds them; the jest global setup and the CLI (on this repository's own
 * app) rebuild them first when a handler source is newer ({@link ensureHandlerBundles}).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  BUNDLE_BUDGET_BYTES,
  DEFAULT_BUNDLING,
  handlerEntry,
  HANDLERS_DIST_DIR,
  LAMBDAS_DIR,
  PROJECT_ROOT,
} from '../construct/bundling';

/** One built bundle. */
export interface HandlerBundle {
  readonly step: string;
  readonly file: string;
  readonly bytes: number;
}

/** `export const handler`, `export async function handler`, `export { x as handler }`. */
const EXPORTS_HANDLER =
  /^export\s+(?:const|let|var|(?:async\s+)?function)\s+handler\b|^export\s*\{[^}]*\bhandler\b[^}]*\}/m;

/** The step folders under lambdas/ whose index.ts exports a handler, sorted. */
export function handlerSteps(lambdasDir: string = LAMBDAS_DIR): string[] {
  return fs
    .readdirSync(lambdasDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .filter((step) => {
      const entry = path.join(lambdasDir, step, 'index.ts');
      return fs.existsSync(entry) && EXPORTS_HANDLER.test(fs.readFileSync(entry, 'utf8'));
    })
    .sort();
}

/** Bundles every step into `outDir/<step>/index.js` (replacing what was there) and checks the budget. */
export async function buildHandlers(outDir: string = HANDLERS_DIST_DIR): Promise<HandlerBundle[]> {
  const steps = handlerSteps();
  if (steps.length === 0) throw new Error(`no lambdas/<step>/index.ts exporting a handler in ${LAMBDAS_DIR}`);
  // Built beside, then swapped in whole: a step renamed or removed leaves no old bundle behind, and
  // a command reading the bundles meanwhile (another CLI run, a synthesis) never sees half a set.
  const building = `${outDir}.partial-${process.pid}-${Date.now()}`;
  // Loaded here: checking whether the bundles are stale (every CLI run on this app) needs no esbuild.
  const { build } = await import('esbuild');
  await build({
    entryPoints: Object.fromEntries(steps.map((step) => [path.join(step, 'index'), handlerEntry(step)])),
    outdir: building,
    bundle: true,
    minify: DEFAULT_BUNDLING.minify,
    sourcemap: DEFAULT_BUNDLING.sourcemap,
    target: DEFAULT_BUNDLING.target,
    format: DEFAULT_BUNDLING.format,
    platform: DEFAULT_BUNDLING.platform,
    external: [...DEFAULT_BUNDLING.external],
    logLevel: 'warning',
  });
  const bytes = steps.map((step) => fs.statSync(path.join(building, step, 'index.js')).size);
  const bundles = steps.map((step, i) => ({
    step,
    file: path.join(outDir, step, 'index.js'),
    bytes: bytes[i],
  }));
  try {
    checkBudget(bundles);
  } catch (error) {
    fs.rmSync(building, { recursive: true, force: true });
    throw error;
  }
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.renameSync(building, outDir);
  return bundles;
}

function checkBudget(bundles: HandlerBundle[]): void {
  const over = bundles.filter((bundle) => bundle.bytes > BUNDLE_BUDGET_BYTES);
  if (over.length === 0) return;
  const list = over.map((b) => `${b.step} ${(b.bytes / 1024).toFixed(1)} KB`).join(', ');
  throw new Error(`handler bundles over the ${BUNDLE_BUDGET_BYTES / 1024} KB budget: ${list}`);
}

/**
 * Why the bundles in `outDir` must be rebuilt, or undefined when they are up to date: a step
 * without its bundle, or any file under lambdas/ (the shared code included) newer than the oldest
 * bundle.
 */
export function staleReason(outDir: string = HANDLERS_DIST_DIR): string | undefined {
  const bundles = handlerSteps().map((step) => path.join(outDir, step, 'index.js'));
  const missing = bundles.find((file) => !fs.existsSync(file));
  if (missing) return `${path.relative(process.cwd(), missing)} is missing`;
  const built = Math.min(...bundles.map((file) => fs.statSync(file).mtimeMs));
  // The handlers' sources, and what else decides their bundles: the bundling options, the lockfile.
  const inputs = [newestFile(LAMBDAS_DIR), ...BUNDLE_INPUTS.filter(fs.existsSync).map(fileTime)];
  const newer = inputs.find((input) => input && input.mtimeMs > built);
  return newer ? `${path.relative(process.cwd(), newer.file)} changed` : undefined;
}

const BUNDLE_INPUTS = [
  path.join(PROJECT_ROOT, 'lib', 'construct', 'bundling.ts'),
  path.join(PROJECT_ROOT, 'package-lock.json'),
];

function fileTime(file: string): { file: string; mtimeMs: number } {
  return { file, mtimeMs: fs.statSync(file).mtimeMs };
}

function newestFile(dir: string): { file: string; mtimeMs: number } | undefined {
  let newest: { file: string; mtimeMs: number } | undefined;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const { mtimeMs } = fs.statSync(file);
    if (!newest || mtimeMs > newest.mtimeMs) newest = { file, mtimeMs };
  }
  return newest;
}

/** Builds the bundles when they are missing or older than their sources; says why it did. */
export async function ensureHandlerBundles(log: (line: string) => void = console.log): Promise<void> {
  const reason = staleReason();
  if (!reason) return;
  log(`order-workflow: building the handler bundles (${reason})`);
  await buildHandlers();
}
