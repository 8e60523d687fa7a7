/**
 * Builds the browser snippet (src/sdk/web/snippet.ts → snippet.js, minified, no dependencies)
 * with esbuild. Run `npm run build:snippet` after changing the sources and commit snippet.js;
 * a unit test fails when the committed file differs from a fresh build.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const snippetPath = fileURLToPath(new URL('./snippet.js', import.meta.url));

/** The minified snippet as text. */
export async function buildSnippet(): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./snippet.ts', import.meta.url))],
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['es2019'],
    platform: 'browser',
    write: false,
    legalComments: 'none',
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error('esbuild produced no output');
  return file.text;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = await buildSnippet();
  writeFileSync(snippetPath, text);
  console.log(`snippet.js: ${Buffer.byteLength(text)} bytes`);
}
