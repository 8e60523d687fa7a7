import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildSnippet, snippetPath } from './build-snippet.js';

describe('the web snippet', () => {
  it('is committed as built from its sources (npm run build:snippet) and stays under 15 KB', async () => {
    const fresh = await buildSnippet();
    expect(readFileSync(snippetPath, 'utf8'), 'snippet.js is stale: run npm run build:snippet').toBe(fresh);
    expect(Buffer.byteLength(fresh)).toBeLessThan(15 * 1024);
    expect(fresh).not.toMatch(/\brequire\(|\bimport\s/);
  });
});
