// Vite's defaults apart from a relative base: the package needs no top-level await, so no
// special build target.
export default { base: './', logLevel: 'warn' };
