/**
 * `npm run test:cluster`: the reliability suite, the campaign's acceptance flow and the cluster-mode checks against the
 * real Temporal server on PostgreSQL (test/support/clusterGlobalSetup.ts) instead of the dev server.
 */
const base = require('./jest.config.js');

module.exports = {
  ...base,
  testMatch: [
    '<rootDir>/test/reliability/**/*.test.ts',
    '<rootDir>/test/integration/campaignLifecycle.test.ts',
    '<rootDir>/test/integration/searchAttributes.test.ts',
    '<rootDir>/test/integration/metrics.test.ts',
  ],
  globalSetup: '<rootDir>/test/support/clusterGlobalSetup.ts',
};
