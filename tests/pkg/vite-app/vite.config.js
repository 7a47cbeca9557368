// Builds for modern browsers: the package uses top-level await.
export default { base: './', build: { target: 'es2022' }, logLevel: 'warn' };
