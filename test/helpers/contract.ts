/**
 * Validates real responses against the API contracts (contracts/*.openapi.yaml, copies of
 * shared/contracts kept in the repository so a fresh clone can run the suite; a test checks the
 * copies have not drifted). A response that does not match its operation's schema fails.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import { parse } from 'yaml';
import { expect } from 'vitest';
import type { Response } from './http.js';

type Doc = { paths: Record<string, Record<string, { operationId?: string; responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }>> };

export const contractFiles = {
  optimizely: 'optimizely-feature-experimentation.openapi.yaml',
  ours: 'ours-privacy-experiments.openapi.yaml',
  posthog: 'posthog-experiments.openapi.yaml',
} as const;
export type Dialect = keyof typeof contractFiles;

const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
(formats as unknown as { default: (a: Ajv2020) => void }).default(ajv);
ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isSafeInteger(n) });
ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) });
ajv.addFormat('double', { type: 'number', validate: () => true });
ajv.addFormat('float', { type: 'number', validate: () => true });

const docs = new Map<Dialect, Doc>();

function load(dialect: Dialect): Doc {
  let doc = docs.get(dialect);
  if (!doc) {
    const path = fileURLToPath(new URL(`../../contracts/${contractFiles[dialect]}`, import.meta.url));
    doc = parse(readFileSync(path, 'utf8')) as Doc;
    ajv.addSchema(doc, `${dialect}.json`);
    docs.set(dialect, doc);
  }
  return doc;
}

/** The JSON pointer of an operation's response schema, or null when the contract has none. */
function schemaRef(dialect: Dialect, operationId: string, status: number): string | null {
  const doc = load(dialect);
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (op.operationId !== operationId) continue;
      const response = op.responses?.[String(status)] ?? op.responses?.[`${String(status)[0]}XX`];
      if (!response) throw new Error(`contract ${dialect}: ${operationId} documents no ${status} response`);
      if (!response.content?.['application/json']?.schema) return null;
      const pointer = `/paths/${path.replace(/~/g, '~0').replace(/\//g, '~1')}/${method}/responses/${op.responses?.[String(status)] ? status : `${String(status)[0]}XX`}/content/application~1json/schema`;
      return `${dialect}.json#${pointer}`;
    }
  }
  throw new Error(`contract ${dialect} has no operation ${operationId}`);
}

/** Asserts the response has `status` and its body matches the contract's schema for it. */
export function expectContract(dialect: Dialect, operationId: string, response: Response, status: number): void {
  expect(response.status, `${operationId}: ${response.text.slice(0, 500)}`).toBe(status);
  const ref = schemaRef(dialect, operationId, status);
  if (ref === null) return;
  const validate = ajv.getSchema(ref) ?? ajv.compile({ $ref: ref });
  const ok = validate(response.body);
  expect(ok, `${operationId} ${status} does not match the ${dialect} contract: ${ajv.errorsText(validate.errors)}\n${response.text.slice(0, 1000)}`).toBe(true);
}
