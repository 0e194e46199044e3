#!/usr/bin/env node
// `npx order-workflow ...`: runs the TypeScript CLI under tsx (both its CommonJS and ES module
// loaders: the CLI's lazy `import()`s go through the latter), so no build step is needed.
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const cli = path.join(__dirname, 'cli.ts');
const result = spawnSync(process.execPath, ['--import', 'tsx', cli, ...process.argv.slice(2)], {
  stdio: 'inherit',
});
if (result.error) throw result.error;
process.exitCode = result.status ?? 1;
