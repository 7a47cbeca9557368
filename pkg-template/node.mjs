// `import` in Node: the CommonJS build's exports, so `import` and `require` in one process share
// one WebAssembly instance and one set of `types` classes.
import sdk from './index.cjs';

export const { createInstance, types, tokenStore, transit, util, file, init, ready } = sdk;
