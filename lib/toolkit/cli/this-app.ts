import { APP_SEED_FILE } from '../../app/seed-data';

/**
 * The CLI's one bridge to this repository's own app, the only toolkit module that imports lib/app
 * (the lint's import rule makes it the exception): without `--assembly`, a command works on this
 * app, synthesized here and seeded with its sandbox catalogue. The app is loaded only then, so an
 * `--assembly` run never loads aws-cdk-lib's App, cdk-nag or the construct.
 */

/** The seed data of this app's tables (examples/inventory-seed.json). */
export const DEFAULT_SEED_FILE = APP_SEED_FILE;

export interface CommandAssembly {
  /** The cloud assembly folder. */
  readonly dir: string;
  /** The seed data of its tables, when the assembly is this app's. */
  readonly seedFile?: string;
}

/** `--assembly`, as given; or this app, synthesized as `type`. */
export async function commandAssembly(options: {
  readonly assembly?: string;
  readonly type: 'standard' | 'express';
}): Promise<CommandAssembly> {
  if (options.assembly !== undefined) return { dir: options.assembly };
  const { synthesizeApp } = await import('../../app/synthesize');
  const type = options.type === 'express' ? 'EXPRESS' : 'STANDARD';
  return { dir: synthesizeApp(type), seedFile: APP_SEED_FILE };
}
