/**
 * GET /web/{sdk_key}.js: the web experiment snippet with the environment's config in front of
 * it. Built from the store on each request (so a committed change is live at once) and cached
 * by browsers and CDNs with an ETag over the body.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { webConfigOf, type WebConfig } from '../store/read/web-config.js';
import type { SnippetConfig } from './web/config.js';

const snippet = readFileSync(new URL('./web/snippet.js', import.meta.url), 'utf8');

/** Traffic ranges as the datafile builds them: cumulative weight × percentage, floored. */
function ranges(percentage: number, weights: readonly number[]): number[] {
  let cumulative = 0;
  return weights.map((w) => {
    cumulative += w;
    return Math.floor((cumulative * percentage) / 10000);
  });
}

/** Where the snippet sends events: the native endpoint when served, else the Optimizely one. */
function eventsTarget(app: FastifyInstance, publicUrl: string): SnippetConfig['events'] {
  const base = publicUrl.replace(/\/$/, '');
  if (app.hasRoute({ method: 'POST', url: '/api/events' })) return { url: `${base}/api/events`, format: 'native' };
  if (app.hasRoute({ method: 'POST', url: '/v1/events' })) return { url: `${base}/v1/events`, format: 'optimizely' };
  return null;
}

export function snippetConfig(config: WebConfig, events: SnippetConfig['events']): SnippetConfig {
  return {
    sdkKey: config.sdkKey,
    projectId: config.projectId,
    cookieName: config.cookieName,
    cookieDays: config.cookieDays,
    antiFlickerTimeoutMs: config.antiFlickerTimeoutMs,
    events,
    experiments: config.experiments.map((e) => {
      const ends = ranges(e.percentageIncluded, e.variants.map((v) => v.weight));
      return {
        id: e.id,
        key: e.key,
        includeQueryString: e.includeQueryString,
        targeting: e.targeting,
        variants: e.variants.map((v, i) => ({ id: v.id, key: v.key, end: ends[i] ?? 0, redirectUrl: v.redirectUrl, mods: v.domModifications })),
      };
    }),
  };
}

/** JSON that is safe inside a <script> body. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

export async function webSnippetRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get('/web/:file', {
    schema: { hide: true, params: Type.Object({ file: Type.String({ maxLength: 200 }) }) },
    config: { public: true },
  }, async (request, reply) => {
    const match = /^([A-Za-z0-9_-]{1,100})\.js$/.exec(request.params.file);
    const config = match?.[1] ? await webConfigOf(app.fieldtest.db, match[1]) : null;
    if (!config) return reply.code(404).type('application/javascript').send('/* fieldtest: unknown SDK key */\n');
    const body = `window.__fieldtestConfig=${scriptJson(snippetConfig(config, eventsTarget(app, app.fieldtest.config.publicUrl)))};\n${snippet}`;
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    void reply.header('etag', etag).header('cache-control', 'public, max-age=60, must-revalidate').header('x-content-type-options', 'nosniff');
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply.type('application/javascript; charset=utf-8').send(body);
  });
}
