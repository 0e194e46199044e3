/**
 * Two projects, one DynamoDB Local and one synthesis of the app between them (globalSetup):
 *   fast    (`npm test`)           unit, synth and local integration suites, about a minute
 *   drills  (`npm run test:drills`) what takes minutes of machine time: the reliability drills, the
 *           packed package in a scratch consumer app, the console in Chromium, the third-party apps
 * `npx jest` with no project selected runs both; `.ci/run` runs both scripts.
 */
const DRILLS = ['test/drills', 'test/package', 'test/browser', 'test/apps'];

// The consumer app's own tests run in the consumer, against the packed package (test/package).
// The third-party apps under test/fixtures/apps are run by test/apps, never collected.
const NEVER_COLLECTED = [
  '/node_modules/',
  '<rootDir>/test/package/fixtures/',
  '<rootDir>/test/fixtures/apps/',
];

/** What every project shares. */
const project = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  modulePathIgnorePatterns: ['<rootDir>/test/fixtures/apps/'],
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  setupFiles: ['<rootDir>/test/support/jest-env.js'],
  snapshotSerializers: ['<rootDir>/test/support/asset-hash-serializer.js'],
};

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      ...project,
      displayName: 'fast',
      testPathIgnorePatterns: [...NEVER_COLLECTED, ...DRILLS.map((dir) => `<rootDir>/${dir}/`)],
    },
    {
      ...project,
      displayName: 'drills',
      testMatch: DRILLS.map((dir) => `<rootDir>/${dir}/**/*.test.ts`),
      testPathIgnorePatterns: NEVER_COLLECTED,
    },
  ],
  // The handler bundles when stale (the construct deploys them), one DynamoDB Local for the run
  // (about 3 s to start; tests keep to access key namespaces) and the app's Standard and Express
  // assemblies, synthesized once for every suite that reads one (test/support/app-assemblies.ts).
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  // The longest suites first on a fresh clone (test-sequencer.js).
  testSequencer: '<rootDir>/test/support/test-sequencer.js',
  // Synthesis with bundling is CPU-bound; two workers match the CI machine's two cores.
  maxWorkers: 2,
  testTimeout: 60_000,
};
