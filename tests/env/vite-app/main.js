// The browser side: real calls against the sandbox named in `?sandbox=`.
import { run } from './calls.js';

const sandbox = new URL(location.href).searchParams.get('sandbox');
run(sandbox).then(
  (result) => { window.__result = result; document.getElementById('out').textContent = JSON.stringify(result); },
  (error) => { window.__result = { error: `${error.code}: ${error.message}` }; },
);
