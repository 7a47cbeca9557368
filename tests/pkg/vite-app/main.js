import { run } from './app.js';

run().then(
  (result) => { window.__result = result; document.getElementById('out').textContent = JSON.stringify(result); },
  (error) => { window.__result = { error: `${error.code}: ${error.message}` }; document.getElementById('out').textContent = String(error); },
);
