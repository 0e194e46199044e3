import * as path from 'node:path';
import { sdkImportsOfBundle } from './bundle-sdk-imports';
import { isProvided, RuntimeModules, toolkitProvidedModules } from './runtime-modules';
import { SdkCache } from './sdk-cache';

export interface RuntimeSdkOptions {
  /** The app's own node_modules folders (nearest first): searched before anything else. */
  appNodeModules?: string[];
  /** Replaces the cache and the toolkit's own packages: exactly these folders, nothing fetched. */
  sdkNodeModules?: string;
  /** Where missing packages are fetched to; `false`: never fetch. Default: the toolkit's cache. */
  cache?: SdkCache | false;
}

export interface SdkPreparation {
  /** Packages this preparation fetched into the cache. */
  fetched: string[];
  /** Why a package the bundle imports is still missing (the fetch failed), for its failure logs. */
  note?: string;
}

/**
 * The AWS SDK a Node.js function sees, standing in for the one Lambda's runtime provides (every
 * `@aws-sdk/*` v3 client, lib-dynamodb…). A bare `@aws-sdk/…` import the bundle does not ship
 * is resolved from, in order: the app's own node_modules; the cache of fetched packages; the
 * SDK packages this toolkit depends on. Before a bundle first runs, the `@aws-sdk/*` packages it
 * imports and none of those has are fetched into the cache (once, at the pinned release).
 */
export class RuntimeSdk {
  readonly modules: RuntimeModules[];
  private readonly cache?: SdkCache;
  private readonly prepared = new Map<string, Promise<SdkPreparation>>();

  constructor(options: RuntimeSdkOptions = {}) {
    const app = (options.appNodeModules ?? []).map((dir) => ({ dir: path.resolve(dir) }));
    if (options.sdkNodeModules) {
      this.modules = [...app, { dir: path.resolve(options.sdkNodeModules) }];
      return;
    }
    this.cache = options.cache === false ? undefined : (options.cache ?? new SdkCache());
    this.modules = [
      ...app,
      ...(this.cache ? [{ dir: this.cache.nodeModules }] : []),
      ...toolkitProvidedModules(),
    ];
  }

  /**
   * Makes the SDK packages the bundle in `directory` imports available; once per bundle, the
   * same promise for concurrent callers. Never rejects: a failed fetch becomes a note, and the
   * function fails as it would with the package absent (Runtime.ImportModuleError).
   */
  prepare(directory: string): Promise<SdkPreparation> {
    return this.prepareAll([directory]).then(([preparation]) => preparation);
  }

  /** prepare() for many bundles, with one fetch for what they all miss. */
  prepareAll(directories: string[]): Promise<SdkPreparation[]> {
    const keys = directories.map((directory) => path.resolve(directory));
    const fresh = [...new Set(keys.filter((key) => !this.prepared.has(key)))];
    if (fresh.length > 0) {
      const batch = this.fetchMissing(fresh);
      for (const key of fresh) this.prepared.set(key, batch);
    }
    return Promise.all(keys.map((key) => this.prepared.get(key) as Promise<SdkPreparation>));
  }

  /** The `@aws-sdk/*` packages a bundle imports that nothing provides. */
  missingFor(directory: string): string[] {
    const inBundle = [{ dir: path.join(directory, 'node_modules') }];
    let imports: string[];
    try {
      imports = sdkImportsOfBundle(directory);
    } catch {
      return []; // an unreadable bundle fails at its import, with the runtime's own error
    }
    return imports.filter((name) => !isProvided(name, [...inBundle, ...this.modules]));
  }

  private async fetchMissing(directories: string[]): Promise<SdkPreparation> {
    const missing = [...new Set(directories.flatMap((directory) => this.missingFor(directory)))].sort();
    if (missing.length === 0) return { fetched: [] };
    if (!this.cache) {
      return {
        fetched: [],
        note: `[local runtime] ${missing.join(', ')}: not installed where the runtime's SDK is looked up.\n`,
      };
    }
    try {
      return { fetched: await this.cache.fetch(missing) };
    } catch (error) {
      // Fetched again at the next attempt: the network may be back.
      for (const directory of directories) this.prepared.delete(directory);
      return {
        fetched: [],
        note: `[local runtime] ${missing.join(', ')} (provided by Lambda's Node.js runtime) could not be fetched: ${(error as Error).message}\n`,
      };
    }
  }
}
