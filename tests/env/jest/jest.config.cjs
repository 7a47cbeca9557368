// Jest as the Sharetribe Web Template configures it: jsdom, the export conditions `node` and
// `require` (so the package's CommonJS build), node_modules not transformed, and fetch from a
// polyfill (the template's react-app-polyfill/jsdom brings whatwg-fetch; jsdom has none).
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'jsdom',
  testEnvironmentOptions: { customExportConditions: ['node', 'require'] },
  setupFiles: ['whatwg-fetch'],
  testMatch: ['<rootDir>/*.test.cjs'],
  transformIgnorePatterns: ['[/\\\\]node_modules[/\\\\].+\\.(js|jsx|mjs|cjs|ts|tsx)$'],
};
