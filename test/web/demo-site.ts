/** A small demo site for the snippet tests, on its own origin (as a customer's site would be). */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface DemoSite {
  readonly url: string;
  close(): Promise<void>;
}

function page(title: string, snippetUrl: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title>
<script>window.fieldtest = { properties: { plan: 'pro' } };</script>
<script src="${snippetUrl}"></script>
<style>body{font-family:sans-serif;margin:40px} h1.hero{padding:16px}</style>
</head><body>${body}</body></html>`;
}

const hero = `<h1 class="hero">Simple pricing for every team</h1><p class="lead">Start today.</p>
<div id="slot"></div>
<script>setTimeout(function(){var d=document.createElement('div');d.className='promo';d.textContent='Original promo';document.getElementById('slot').appendChild(d);},50);</script>`;

export async function startDemoSite(snippetUrl: string): Promise<DemoSite> {
  const pages: Record<string, string> = {
    '/pricing': page('Pricing', snippetUrl, hero),
    '/about': page('About', snippetUrl, hero),
    '/landing': page('Landing', snippetUrl, '<h1 class="hero">Old landing</h1>'),
    '/landing-v2': page('Landing v2', snippetUrl, '<h1 class="hero">New landing</h1><button id="buy">Buy</button>'),
  };
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const html = pages[path];
    res.writeHead(html ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
