import { describeDefault, managedSchemaFromPolicy } from './managed-schema';
import { POLICY_KEYS, policyDefaults, policyKeyDescription } from './schema';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/**
 * The policy key table of docs/deploy.md, generated from the schema's descriptions and
 * defaults (a test keeps the committed doc equal to it).
 */
export function policyKeyTableMarkdown(): string {
  const types = managedSchemaFromPolicy().properties ?? {};
  const rows = POLICY_KEYS.map(
    (key) => `| \`${key}\` | ${types[key]?.type ?? ''} | ${cell(policyKeyDescription(key))} | ${cell(describeDefault(policyDefaults[key]))} |`,
  );
  return ['| Key | Type | Meaning | Default |', '|---|---|---|---|', ...rows].join('\n');
}
