/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  setupFiles: ['<rootDir>/test/support/jest-env.js'],
  snapshotSerializers: ['<rootDir>/test/support/asset-hash-serializer.js'],
  // Synthesis with bundling is CPU-bound; two workers match the CI machine's two cores.
  maxWorkers: 2,
  testTimeout: 60_000,
};
