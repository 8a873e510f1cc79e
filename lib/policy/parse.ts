import type { z } from 'zod';
import { POLICY_KEYS, policyShape, type Policy, type PolicyKey } from './schema';

/** One policy value Bridge ignored, and why, in words an admin can act on. */
export interface PolicyWarning {
  /** The top-level policy key (or `(policy)` when the whole policy was not an object). */
  key: string;
  message: string;
}

/** The policy values that passed validation, plus a warning for each that did not. */
export interface ParsedPolicy {
  policy: Partial<Policy>;
  warnings: PolicyWarning[];
}

/** Key used in a warning about the policy as a whole rather than one of its keys. */
export const WHOLE_POLICY = '(policy)';

/** The values that passed validation, by key, plus a warning for each that did not. */
export interface KeyedParseResult<Key extends string> {
  values: Partial<Record<Key, unknown>>;
  warnings: PolicyWarning[];
}

/**
 * Validates `raw` key by key against `shape`: valid keys are kept (as the schema outputs them),
 * invalid ones are dropped with a warning naming the key, the problem and the value, and keys
 * not in `shape` are reported with `unknownKeyMessage`. Never throws.
 */
export function parseByKey<Key extends string>(
  shape: Record<Key, z.ZodType>,
  raw: unknown,
  unknownKeyMessage: string,
): KeyedParseResult<Key> {
  if (raw === undefined || raw === null) return { values: {}, warnings: [] };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return { values: {}, warnings: [{ key: WHOLE_POLICY, message: `must be an object of keys and values, got ${showValue(raw)}` }] };
  }
  const values: Partial<Record<Key, unknown>> = {};
  const warnings: PolicyWarning[] = [];
  for (const key of Object.keys(raw)) {
    const value = (raw as Record<string, unknown>)[key];
    if (!Object.hasOwn(shape, key)) {
      warnings.push({ key, message: unknownKeyMessage });
      continue;
    }
    const result = parseOneKey(shape[key as Key], value);
    if (result.ok) values[key as Key] = result.value;
    else warnings.push({ key, message: result.message });
  }
  return { values, warnings };
}

/**
 * Validates a policy as the browser delivered it, key by key: a valid key is kept, an invalid
 * one is dropped with a warning naming the key, what was wrong and the value given, and an
 * unknown key is reported. Never throws, whatever `raw` is; with no usable policy the result is
 * `{ policy: {} }` and Bridge runs on defaults.
 */
export function parsePolicy(raw: unknown): ParsedPolicy {
  const { values, warnings } = parseByKey(
    policyShape as Record<PolicyKey, z.ZodType>,
    raw,
    `is not a Bridge policy key; it was ignored. Known keys: ${POLICY_KEYS.join(', ')}`,
  );
  return { policy: values as Partial<Policy>, warnings };
}

type KeyResult = { ok: true; value: unknown } | { ok: false; message: string };

/** Validates one value against its key's schema; the message says what was wrong and what was given. */
export function parseOneKey(schema: z.ZodType, value: unknown): KeyResult {
  // A present key set to undefined would otherwise take the schema default silently.
  if (value === undefined) return { ok: false, message: 'has no value' };
  let result: z.ZodSafeParseResult<unknown>;
  try {
    result = schema.safeParse(value);
  } catch (error) {
    return { ok: false, message: `could not be read (${error instanceof Error ? error.message : String(error)})` };
  }
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, message: describeIssues(result.error.issues, value) };
}

/** Renders up to three zod issues as one sentence: where, what was expected, what was given. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], value: unknown): string {
  const shown = issues.slice(0, 3).map((issue) => describeIssue(issue, value));
  const more = issues.length > 3 ? `; and ${issues.length - 3} more problem(s)` : '';
  return shown.join('; ') + more;
}

function describeIssue(issue: z.core.$ZodIssue, value: unknown): string {
  const where = issue.path.length > 0 ? `at ${formatPath(issue.path)}: ` : '';
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((name) => `\`${name}\``).join(', ');
    return `${where}has unknown field${issue.keys.length > 1 ? 's' : ''} ${keys}`;
  }
  const given = valueAt(value, issue.path);
  return `${where}${issue.message}, got ${given.found ? showValue(given.value) : 'nothing'}`;
}

function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`;
    else text += text === '' ? String(part) : `.${String(part)}`;
  }
  return `\`${text}\``;
}

function valueAt(value: unknown, path: readonly PropertyKey[]): { found: boolean; value?: unknown } {
  let current: unknown = value;
  for (const part of path) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, part)) return { found: false };
    current = (current as Record<PropertyKey, unknown>)[part];
  }
  return { found: true, value: current };
}

const MAX_SHOWN = 80;

/** A short, safe rendering of a policy value for a warning: JSON, cut at 80 characters. */
export function showValue(value: unknown): string {
  let text: string;
  try {
    text = value === undefined ? 'nothing' : (JSON.stringify(value) ?? String(value));
  } catch {
    text = Object.prototype.toString.call(value);
  }
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text;
}
