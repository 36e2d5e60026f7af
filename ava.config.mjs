// Shared ava configuration: every project's `test` script runs `ava --config <root>/ava.config.mjs`
// from its own folder. TypeScript runs through tsx, and the `tfp-source` export condition resolves
// workspace packages to their TypeScript sources, so tests never depend on a stale build.
export default {
  files: ['src/**/*.test.ts'],
  extensions: {ts: 'commonjs'},
  nodeArguments: ['--import=tsx', '--conditions=tfp-source'],
  timeout: '10m',
  workerThreads: false,
  environmentVariables: {TFP_QUIET: '1'},
};
