/**
 * Request validation. Bodies are validated strictly (a string where an integer belongs is a 400,
 * not silently converted); query strings and path parameters arrive as text and are coerced.
 */
import { Ajv, type Options } from 'ajv';
import formats from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

function build(options: Options): Ajv {
  const ajv = new Ajv({ allErrors: false, useDefaults: true, removeAdditional: false, strict: false, ...options });
  // ajv-formats is CommonJS with a default export; Node's ESM interop wraps it once more.
  const addFormats = (formats as unknown as { default: (a: Ajv) => Ajv }).default ?? formats;
  addFormats(ajv);
  return ajv;
}

const bodyAjv = build({ coerceTypes: false });
const textAjv = build({ coerceTypes: 'array' });

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  const ajv = httpPart === 'body' ? bodyAjv : textAjv;
  return ajv.compile(schema as object);
};
