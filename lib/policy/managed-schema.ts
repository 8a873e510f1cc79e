import { z } from 'zod';
import { POLICY_KEYS, policyDefaults, policySchema } from './schema';

/**
 * Chrome's managed-storage schema, generated from the zod policy schema so the two cannot
 * drift (a test compares it with the committed `public/managed_schema.json`).
 *
 * Chrome accepts a subset of JSON Schema (developer.chrome.com/docs/extensions/reference/manifest/storage;
 * the attribute whitelist is `kAttributesAndTypesFor*` in chromium components/policy/core/common/schema.cc):
 * one `type` per schema, no `additionalProperties` at the top level, and per type only
 * description/title/id/sensitiveValue plus items (array), properties/additionalProperties/
 * patternProperties/required (object), enum/pattern (string), enum/minimum/maximum (integer).
 * An unknown attribute, or `additionalProperties: false`, makes Chrome refuse to load the
 * extension.
 *
 * The generated schema deliberately states types only. Chrome silently withholds a value that
 * breaks the schema, so Bridge could not tell the admin about it; with types only, a value of
 * the right type but the wrong meaning (retentionDays -3, an NPI failing its check digit)
 * reaches Bridge, which ignores it and says why on the options page. Type errors show at
 * chrome://policy.
 */
export type ManagedSchemaNode = {
  type: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  description?: string;
  sensitiveValue?: boolean;
  items?: ManagedSchemaNode;
  properties?: Record<string, ManagedSchemaNode>;
  additionalProperties?: ManagedSchemaNode;
};

type JsonSchema = Record<string, unknown>;

/** The managed-storage schema for `public/managed_schema.json`, as a JSON-ready object. */
export function managedSchemaFromPolicy(): ManagedSchemaNode {
  const generated = z.toJSONSchema(policySchema, { io: 'input', unrepresentable: 'throw' }) as JsonSchema;
  const properties: Record<string, ManagedSchemaNode> = {};
  const generatedProperties = generated.properties as Record<string, JsonSchema>;
  for (const key of POLICY_KEYS) {
    const node = toChromeNode(generatedProperties[key] as JsonSchema, `properties.${key}`);
    node.description = `${node.description ?? ''} Default: ${describeDefault(policyDefaults[key])}.`.trim();
    properties[key] = node;
  }
  return { type: 'object', properties };
}

/** The file contents: two-space JSON with a final newline, as committed. */
export function managedSchemaFileText(): string {
  return `${JSON.stringify(managedSchemaFromPolicy(), null, 2)}\n`;
}

/** How a default reads in docs and schema descriptions: "90", "en", "not set", "none". */
export function describeDefault(value: unknown): string {
  if (value === null) return 'not set';
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function toChromeNode(schema: JsonSchema, path: string): ManagedSchemaNode {
  const nullableBranch = unwrapNullable(schema);
  if (nullableBranch) {
    return toChromeNode({ ...nullableBranch, description: schema.description ?? nullableBranch.description }, path);
  }
  const type = schema.type;
  if (type !== 'object' && type !== 'array' && type !== 'string' && type !== 'integer' && type !== 'number' && type !== 'boolean') {
    throw new TypeError(`${path}: Chrome's managed schema needs exactly one type, the zod schema gives ${JSON.stringify(type ?? schema)}`);
  }
  const node: ManagedSchemaNode = { type };
  if (typeof schema.description === 'string') node.description = schema.description;
  if (schema.sensitiveValue === true) node.sensitiveValue = true;
  if (type === 'array') node.items = toChromeNode(schema.items as JsonSchema, `${path}.items`);
  if (type === 'object') {
    const properties = schema.properties as Record<string, JsonSchema> | undefined;
    if (properties) {
      node.properties = Object.fromEntries(
        Object.entries(properties).map(([name, child]) => [name, toChromeNode(child, `${path}.${name}`)]),
      );
    }
    const additional = schema.additionalProperties;
    if (additional && typeof additional === 'object') {
      node.additionalProperties = toChromeNode(additional as JsonSchema, `${path}.additionalProperties`);
    }
  }
  return node;
}

function unwrapNullable(schema: JsonSchema): JsonSchema | null {
  const branches = schema.anyOf;
  if (!Array.isArray(branches) || branches.length !== 2) return null;
  const nonNull = branches.filter((branch: JsonSchema) => branch.type !== 'null');
  return nonNull.length === 1 ? (nonNull[0] as JsonSchema) : null;
}
