import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { managedSchemaFileText, managedSchemaFromPolicy } from './managed-schema';
import { POLICY_KEYS } from './schema';

const FILE = fileURLToPath(new URL('../../public/managed_schema.json', import.meta.url));

/**
 * Chrome's attribute whitelist per type (chromium components/policy/core/common/schema.cc,
 * `kAttributesAndTypesFor*`). Checked strictly, as Chrome does without the ignore-unknown option.
 */
const ALLOWED: Record<string, string[]> = {
  array: ['description', 'id', 'items', 'sensitiveValue', 'title', 'type'],
  boolean: ['description', 'id', 'sensitiveValue', 'title', 'type'],
  integer: ['description', 'enum', 'id', 'maximum', 'minimum', 'sensitiveValue', 'title', 'type'],
  number: ['description', 'id', 'sensitiveValue', 'title', 'type'],
  object: ['additionalProperties', 'description', 'id', 'patternProperties', 'properties', 'required', 'sensitiveValue', 'title', 'type'],
  string: ['description', 'enum', 'id', 'pattern', 'sensitiveValue', 'title', 'type'],
};

function chromeSchemaProblems(node: unknown, path: string, topLevel = false): string[] {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return [`${path}: must be a dict`];
  const schema = node as Record<string, unknown>;
  const type = schema.type;
  if (typeof type !== 'string' || !(type in ALLOWED)) return [`${path}: needs exactly one known type, got ${JSON.stringify(type)}`];
  const problems = Object.keys(schema)
    .filter((attribute) => !ALLOWED[type]?.includes(attribute))
    .map((attribute) => `${path}: attribute '${attribute}' is not allowed for type ${type}`);
  if (topLevel && type !== 'object') problems.push(`${path}: top level must be an object`);
  if (topLevel && 'additionalProperties' in schema) problems.push(`${path}: top level may not have additionalProperties`);
  if (type === 'array') problems.push(...chromeSchemaProblems(schema.items, `${path}.items`));
  if (type === 'object') {
    for (const [name, child] of Object.entries((schema.properties ?? {}) as Record<string, unknown>)) {
      problems.push(...chromeSchemaProblems(child, `${path}.${name}`));
    }
    if ('additionalProperties' in schema) problems.push(...chromeSchemaProblems(schema.additionalProperties, `${path}.additionalProperties`));
  }
  return problems;
}

describe('managed storage schema', () => {
  it('is the committed public/managed_schema.json (UPDATE_MANAGED_SCHEMA=1 rewrites it)', () => {
    const generated = managedSchemaFileText();
    if (process.env.UPDATE_MANAGED_SCHEMA === '1') writeFileSync(FILE, generated);
    expect(readFileSync(FILE, 'utf8')).toBe(generated);
  });

  it("uses only what Chrome's schema parser accepts", () => {
    expect(chromeSchemaProblems(managedSchemaFromPolicy(), '(root)', true)).toEqual([]);
  });

  it('declares every policy key, each with its description and default', () => {
    const schema = managedSchemaFromPolicy();
    expect(Object.keys(schema.properties ?? {})).toEqual(POLICY_KEYS);
    for (const key of POLICY_KEYS) expect(schema.properties?.[key]?.description).toMatch(/ Default: .+\.$/);
    expect(schema.properties?.retentionDays).toMatchObject({ type: 'integer' });
    expect(schema.properties?.fhirEndpoint?.properties?.bearerToken).toEqual(expect.objectContaining({ type: 'string', sensitiveValue: true }));
  });

  it('the whitelist check catches what Chrome rejects', () => {
    const rejected = { type: 'object', additionalProperties: false, properties: { a: { anyOf: [] }, b: { type: 'string', format: 'uri' } } };
    expect(chromeSchemaProblems(rejected, '(root)', true)).toEqual([
      '(root): top level may not have additionalProperties',
      '(root).a: needs exactly one known type, got undefined',
      "(root).b: attribute 'format' is not allowed for type string",
      '(root).additionalProperties: must be a dict',
    ]);
  });
});
