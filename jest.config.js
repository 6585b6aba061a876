// Three jest projects: the mini-program in jsdom through miniprogram-simulate, and the server and
// the build/release scripts in node. Type errors are caught by `npm run typecheck`, so ts-jest only
// transpiles (isolatedModules) and the suites stay fast.
const tsJest = (tsconfig) => ['ts-jest', { tsconfig, diagnostics: false }]

module.exports = {
  globalSetup: '<rootDir>/test/setup/timezone.js',
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
      transform: { '^.+\\.ts$': tsJest('<rootDir>/tsconfig.node.json') },
      testMatch: ['<rootDir>/test/server/**/*.test.ts'],
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
