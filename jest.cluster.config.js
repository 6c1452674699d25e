/**
 * `npm run test:cluster`: the reliability suite, the campaign's acceptance flow and the cluster-mode checks against the
 * real Temporal server on PostgreSQL (test/support/clusterGlobalSetup.ts) instead of the dev server.
 */
const base = require('./jest.config.js');

// Set here as well as in clusterGlobalSetup: tests that start a server of their own (test/support/ownTemporal.ts) must
// see it even where the test environment's copy of process.env was taken before globalSetup ran.
process.env.TEMPORAL_MODE = 'server';

module.exports = {
  ...base,
  testMatch: [
    '<rootDir>/test/reliability/**/*.test.ts',
    '<rootDir>/test/integration/campaignLifecycle.test.ts',
    '<rootDir>/test/integration/searchAttributes.test.ts',
    '<rootDir>/test/integration/metrics.test.ts',
    '<rootDir>/test/cluster/**/*.test.ts',
  ],
  testPathIgnorePatterns: ['/node_modules/'],
  globalSetup: '<rootDir>/test/support/clusterGlobalSetup.ts',
};
