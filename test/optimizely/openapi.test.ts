/**
 * The OpenAPI document is generated from the routes and served like Optimizely's at
 * /v2/swagger.json (OpenAPI 3.1), rendered for people at /docs, and checked in as openapi.json.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases } from '../helpers/databases.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { contractFiles } from '../helpers/contract.js';

type Operations = Record<string, Record<string, { operationId?: string; security?: unknown }>>;
interface OpenApi { openapi: string; info: { title: string }; paths: Operations; servers?: unknown; components?: { securitySchemes?: Record<string, unknown> } }

const contract = parse(readFileSync(fileURLToPath(new URL(`../../contracts/${contractFiles.optimizely}`, import.meta.url)), 'utf8')) as OpenApi;
const checkedIn = JSON.parse(readFileSync(fileURLToPath(new URL('../../openapi.json', import.meta.url)), 'utf8')) as OpenApi;

/** operationId → "METHOD /path" */
function operationsOf(doc: OpenApi): Map<string, string> {
  const out = new Map<string, string>();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) if (op.operationId) out.set(op.operationId, `${method.toUpperCase()} ${path}`);
  }
  return out;
}

describe.each(databases)('the OpenAPI document on %s', (engine) => {
  let server: TestServer;
  let served: OpenApi;
  beforeAll(async () => {
    server = await startServer(engine);
    const res = await fetch(`${server.url}/v2/swagger.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    served = (await res.json()) as OpenApi;
  });
  afterAll(async () => server.close());

  it('is OpenAPI 3.1 with bearer authentication, served without a token', () => {
    expect(served.openapi).toMatch(/^3\.1\./);
    expect(served.info.title).toBeTruthy();
    expect(served.components?.securitySchemes?.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it("has every operation of the Optimizely contract, on the contract's method and path", () => {
    const ours = operationsOf(served);
    const theirs = operationsOf(contract);
    expect(theirs.size).toBe(29);
    for (const [id, route] of theirs) {
      const [method, path] = route.split(' ') as [string, string];
      const prefix = path.startsWith('/projects/{project_id}/flags') ? '/flags/v1' : '/v2';
      expect(ours.get(id), id).toBe(`${method} ${prefix}${path}`);
    }
  });

  it('is what openapi.json in the repository holds (npm run openapi regenerates it)', () => {
    const strip = (doc: OpenApi) => ({ ...doc, servers: undefined });
    expect(strip(served)).toEqual(strip(checkedIn));
  });

  it('is rendered as HTML at /docs', async () => {
    const page = await fetch(`${server.url}/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain('swagger-ui');
    const initializer = await (await fetch(`${server.url}/docs/static/swagger-initializer.js`)).text();
    expect(initializer).toContain('/v2/swagger.json');
  });
});
