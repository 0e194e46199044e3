#!/usr/bin/env node
// `npx order-workflow ...`: runs the TypeScript CLI through tsx, so no build step is needed.
require('tsx/cjs');
require('./cli.ts');
