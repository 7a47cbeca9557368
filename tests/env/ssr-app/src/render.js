// Server rendering: the app to HTML with the chunks it used (renderToString + ChunkExtractor).
import { renderToString } from 'react-dom/server';
import { ChunkExtractor } from '@loadable/server';
import App from './App';

export function renderPage(initial, statsFile) {
  const extractor = new ChunkExtractor({ statsFile, entrypoints: ['main'] });
  const html = renderToString(extractor.collectChunks(<App initial={initial} sdk={null} />));
  const state = JSON.stringify(initial).replace(/</g, '\\u003c');
  return `<!doctype html><html><head><meta charset="utf-8"><title>SSR app</title>${extractor.getLinkTags()}</head>
<body><div id="root">${html}</div><script>window.__INITIAL__ = ${state};</script>${extractor.getScriptTags()}</body></html>`;
}
