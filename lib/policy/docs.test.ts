import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { policyKeyTableMarkdown } from './key-table';
import { POLICY_KEYS } from './schema';

const DOC = fileURLToPath(new URL('../../docs/deploy.md', import.meta.url));
const TABLE = /(<!-- policy-keys:start[^\n]*-->\n)[\s\S]*?(\n<!-- policy-keys:end -->)/;

describe('docs/deploy.md', () => {
  it('carries the policy key table generated from the schema (UPDATE_DEPLOY_DOC=1 rewrites it)', () => {
    const doc = readFileSync(DOC, 'utf8');
    expect(doc).toMatch(TABLE);
    const generated = doc.replace(TABLE, (_match, start: string, end: string) => `${start}${policyKeyTableMarkdown()}${end}`);
    if (process.env.UPDATE_DEPLOY_DOC === '1') writeFileSync(DOC, generated);
    expect(readFileSync(DOC, 'utf8')).toBe(generated);
  });

  it('lists every policy key with a meaning and a default', () => {
    const doc = readFileSync(DOC, 'utf8');
    for (const key of POLICY_KEYS) expect(doc).toMatch(new RegExp(`^\\| \`${key}\` \\| \\w+ \\| [^|]{20,}.* \\| [^|]+ \\|$`, 'm'));
  });
});
