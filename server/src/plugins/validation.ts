import { Ajv, type Options } from 'ajv';
import ajvFormats from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';
import { strictFormats } from '../platform/formats.ts';

function build(options: Options): Ajv {
  const ajv = new Ajv({
    // Unknown fields are errors, not silently dropped: a typo must not pass for a valid request.
    removeAdditional: false,
    useDefaults: true,
    allErrors: true,
    // With strictNumbers on, ajv lets a query value coerced to Infinity ("1e400") skip min/max.
    strictNumbers: false,
    strict: false,
    ...options,
  });
  (ajvFormats as unknown as { default: (a: Ajv) => Ajv }).default(ajv);
  return strictFormats(ajv);
}

/**
 * Query strings, path parameters and headers are text, so their values are coerced to the schema's
 * types ("20" → 20). A JSON body already has types: a number where a string belongs is an error
 * there, not something to convert.
 */
export function createValidatorCompiler(): FastifySchemaCompiler<unknown> {
  const coercing = build({ coerceTypes: 'array' });
  const exact = build({ coerceTypes: false });
  return ({ schema, httpPart }) => (httpPart === 'body' ? exact : coercing).compile(schema as object);
}
