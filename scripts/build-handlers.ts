/**
 * `npm run build:handlers`: bundles each default Lambda handler into `dist/handlers/<step>/index.js`
 * (lib/app/handler-bundles.ts) and lists the bundles with their sizes. Fails when a bundle exceeds
 * the budget.
 */
import * as path from 'node:path';
import { buildHandlers, HandlerBundle } from '../lib/app/handler-bundles';

function printBundles(bundles: HandlerBundle[], ms: number): void {
  for (const { step, file, bytes } of bundles) {
    console.log(`  ${path.relative(process.cwd(), file)}  ${(bytes / 1024).toFixed(1)} KB  (${step})`);
  }
  console.log(`${bundles.length} handler bundles in ${ms.toFixed(0)} ms`);
}

if (require.main === module) {
  const started = performance.now();
  buildHandlers().then(
    (bundles) => printBundles(bundles, performance.now() - started),
    (error: Error) => {
      console.error(error.message);
      process.exitCode = 1;
    },
  );
}
