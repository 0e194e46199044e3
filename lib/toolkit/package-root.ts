import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The toolkit's package root: the nearest folder above this file with a package.json, whether it
 * runs from source (lib/toolkit/cli) or from a build or node_modules (a folder deeper).
 */
export function packageRoot(from = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}
