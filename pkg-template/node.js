// The Node entry's source, bundled by `cargo xtask build` (esbuild) into index.cjs: the `.wasm`
// is read from disk next to the package's files, so the module instantiates synchronously on
// first use and every helper is synchronous, as in the official SDK. `import.meta.url` is the
// bundle's own file URL there. Node has `fetch` (20+); nothing here touches `window`.
import { readFileSync } from 'node:fs';
import { setSyncSource } from './loader.js';

setSyncSource(() => readFileSync(new URL('./sharetribe_sdk_bg.wasm', import.meta.url)));

export * from './index.js';
