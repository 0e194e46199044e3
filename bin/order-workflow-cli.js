#!/usr/bin/env node
// `npx order-workflow ...`. Installed as a package, it runs the compiled CLI (dist/bin/cli.js). In
// this repository (its TypeScript sources beside it), it runs bin/cli.ts under tsx — both its
// CommonJS and ES module loaders, for the CLI's lazy `import()`s — so the sources as they are now
// run, with no build step and no stale dist/.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const source = path.join(__dirname, 'cli.ts');
if (!fs.existsSync(source)) {
  require('../dist/bin/cli.js');
} else {
  const args = ['--import', 'tsx', source, ...process.argv.slice(2)];
  const result = spawnSync(process.execPath, args, { stdio: 'inherit' });
  if (result.error) throw result.error;
  process.exitCode = result.status ?? 1;
}
