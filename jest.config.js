// Three jest projects: the mini-program in jsdom through miniprogram-simulate, and the server and
// the build/release scripts in node. Type errors are caught by `npm run typecheck`, so ts-jest only
// transpiles (isolatedModules) and the suites stay fast.
const tsJest = (tsconfig) => ['ts-jest', { tsconfig, diagnostics: false }]
// Integration tests (real server, real compiler, page lifetimes) run slower on a loaded 2-core CI
// machine; a generous limit keeps them from failing on time alone. No test asserts on speed.
const testTimeout = 30_000
// @fastify/cookie loads `cookie` with import(), which jest's CommonJS runtime cannot run without
// its experimental VM modules; TypeScript's transpiler turns that into require() for the server
// suites (production Node loads it as it is).
const esmOnlyPackages = ['@fastify/cookie']
const esmOnlyTransform = {
  [`/node_modules/(${esmOnlyPackages.join('|')})/.+\\.js$`]: ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs', target: 'es2022', esModuleInterop: true }, diagnostics: false }],
}
const esmOnlyIgnore = [`/node_modules/(?!(${esmOnlyPackages.join('|')})/)`]

module.exports = {
  // A global option: jest ignores testTimeout inside a project's config.
  testTimeout,
  // Jest's default on 2 cores is one worker; the build and release suites spend most of their time
  // waiting on WeChat's compiler in child processes, so two workers overlap that waiting.
  maxWorkers: 2,
  globalSetup: '<rootDir>/test/setup/global-setup.js',
  projects: [
    {
      displayName: 'miniprogram',
      testEnvironment: 'jsdom',
      testEnvironmentOptions: { url: 'https://servicewechat.com/' },
      moduleFileExtensions: ['ts', 'js', 'json'],
      transform: { '^.+\\.ts$': tsJest('<rootDir>/test/tsconfig.json') },
      setupFiles: ['<rootDir>/test/setup/globals.ts'],
      snapshotSerializers: ['miniprogram-simulate/jest-snapshot-plugin'],
      testMatch: ['<rootDir>/test/miniprogram/**/*.test.ts'],
    },
    {
      displayName: 'server',
      testEnvironment: 'node',
      moduleFileExtensions: ['ts', 'js', 'json'],
      transform: { '^.+\\.ts$': tsJest('<rootDir>/tsconfig.node.json'), ...esmOnlyTransform },
      transformIgnorePatterns: esmOnlyIgnore,
      testMatch: ['<rootDir>/test/server/**/*.test.ts'],
    },
    {
      // The console in Debian's chromium (playwright-core) against the real server process.
      displayName: 'admin-e2e',
      testEnvironment: 'node',
      moduleFileExtensions: ['ts', 'js', 'json'],
      transform: { '^.+\\.ts$': tsJest('<rootDir>/tsconfig.node.json') },
      testMatch: ['<rootDir>/test/admin-e2e/**/*.e2e.test.ts'],
    },
    {
      displayName: 'scripts',
      testEnvironment: 'node',
      moduleFileExtensions: ['ts', 'js', 'json'],
      transform: { '^.+\\.ts$': tsJest('<rootDir>/tsconfig.node.json') },
      testMatch: ['<rootDir>/test/scripts/**/*.test.ts', '<rootDir>/test/build/**/*.test.ts'],
    },
  ],
}
