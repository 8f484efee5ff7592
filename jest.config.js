// Nest 12 ships as ES modules, which Jest on Node 20 can only load in its native ESM mode: tests run with
// --experimental-vm-modules (see bin/test) and ts-jest emits ESM. The build itself stays CommonJS (require(esm)).
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.json');

const shared = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: { ...compilerOptions, module: 'es2022', isolatedModules: true, paths: undefined }, useESM: true }],
  },
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' }),
};

module.exports = {
  projects: [
    { ...shared, displayName: 'unit', roots: ['<rootDir>/libs', '<rootDir>/apps', '<rootDir>/test/support'], testMatch: ['**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'e2e',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.e2e-spec.ts'],
      setupFiles: ['<rootDir>/test/support/require-stack-env.ts'],
    },
  ],
  // End-to-end tests restart ejabberd and wait for reconnections; unit tests finish far below this.
  testTimeout: 90_000,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.cjs'],
};
