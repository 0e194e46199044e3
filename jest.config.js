/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // The consumer app's own tests run in the consumer, against the packed package (test/package).
  // The third-party apps under test/fixtures/apps are run by test/apps, never collected.
  testPathIgnorePatterns: [
    '/node_modules/',
    '<rootDir>/test/package/fixtures/',
    '<rootDir>/test/fixtures/apps/',
  ],
  modulePathIgnorePatterns: ['<rootDir>/test/fixtures/apps/'],
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  setupFiles: ['<rootDir>/test/support/jest-env.js'],
  // The handler bundles when stale (the construct deploys them), and one DynamoDB Local for the
  // run (about 3 s to start); tests keep to access key namespaces.
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/dynamodb-global-teardown.ts',
  snapshotSerializers: ['<rootDir>/test/support/asset-hash-serializer.js'],
  // Synthesis with bundling is CPU-bound; two workers match the CI machine's two cores.
  maxWorkers: 2,
  testTimeout: 60_000,
};
