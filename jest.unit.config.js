/**
 * `npm run test:unit`: the tier that needs neither PostgreSQL nor a Temporal dev server — pure policy (test/unit/) and
 * workflows with mocked activities on Temporal's time-skipping test server (test/workflows/). `npm test` runs these
 * too, with everything else.
 */
const base = require('./jest.config.js');

module.exports = {
  ...base,
  testMatch: ['<rootDir>/test/unit/**/*.test.ts', '<rootDir>/test/workflows/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  globalSetup: undefined,
  globalTeardown: undefined,
};
