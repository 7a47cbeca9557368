// Client entry: one SDK instance with the default store (the official SDK's cookie), then
// hydration once the server-rendered chunks are loaded.
import { hydrateRoot } from 'react-dom/client';
import { loadableReady } from '@loadable/component';
import App from './App';
import { createInstance, CLIENT_ID } from './sdk';

const initial = window.__INITIAL__;
const sdk = createInstance({ clientId: CLIENT_ID, baseUrl: initial.sandbox });
window.__sdk = sdk;
// For the test: an instance made now, after the module loaded, to compare shapes with.
window.__createInstance = createInstance;

loadableReady(() => {
  hydrateRoot(document.getElementById('root'), <App initial={initial} sdk={sdk} />);
  window.__hydrated = true;
});
