/**
 * The Node implementation of `DecideIo` for `fieldtest decide`: files through node:fs, URLs
 * through fetch, lines through readline, output to stdout. Kept apart so `runDecide` stays testable
 * in memory and `src/decide` never touches I/O.
 */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { DecideIo } from './decide.js';

/** `DecideIo` over the real file system, network and stdout. */
export const nodeIo: DecideIo = {
  readFile: (path) => readFile(path, 'utf8'),
  async fetchText(url) {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`GET ${url} answered HTTP ${response.status}`);
    return response.text();
  },
  stdout(line) {
    process.stdout.write(`${line}\n`);
  },
  readLines: (path) =>
    createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity }),
};
