import * as path from 'node:path';

/**
 * This app's seed data: the sandbox catalogue its Inventory table starts with locally. A path
 * only (no CDK loaded), so the CLI can name it without synthesizing the app.
 */
export const APP_SEED_FILE = path.resolve(__dirname, '..', '..', 'examples', 'inventory-seed.json');
