import * as fs from 'node:fs';
import * as path from 'node:path';

/** `require('@aws-sdk/x')`, `from '@aws-sdk/x'`, `import('@aws-sdk/x')`, `import '@aws-sdk/x'`. */
const SDK_IMPORT =
  /(?:\brequire\s*\(\s*|\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["'](@aws-sdk\/[a-z0-9][a-z0-9._-]*)/g;
const SCRIPT = /\.(c|m)?js$/;
/** Enough for any bundle's own code; a folder beyond it is not read further (the scan is a hint). */
const MAX_BYTES = 64 * 1024 * 1024;

/**
 * The `@aws-sdk/*` packages a bundle's code imports (by name, subpaths dropped), read from its
 * script files outside node_modules folders. Bundlers leave the SDK out as an external, so its
 * imports remain as plain `require("@aws-sdk/client-sqs")` or `from "@aws-sdk/client-sqs"`.
 */
export function sdkImportsOfBundle(directory: string): string[] {
  const found = new Set<string>();
  let budget = MAX_BYTES;
  const visit = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== 'node_modules') visit(file);
      if (!entry.isFile() || !SCRIPT.test(entry.name) || budget <= 0) continue;
      const source = fs.readFileSync(file, 'utf8');
      budget -= source.length;
      for (const match of source.matchAll(SDK_IMPORT)) found.add(match[1]);
    }
  };
  if (fs.existsSync(directory)) visit(directory);
  return [...found].sort();
}
