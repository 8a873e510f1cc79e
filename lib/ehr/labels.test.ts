import { expect, test } from 'vitest';
import { z } from 'zod';
import { BANNER_FIELDS, LABEL_VOCABULARY, normaliseLabel } from './labels';

test('the vocabulary has labels for every field and no label names two fields', () => {
  z.record(z.enum(BANNER_FIELDS), z.array(z.string().min(1)).min(1)).parse(LABEL_VOCABULARY);
  const owner = new Map<string, string>();
  for (const field of BANNER_FIELDS) {
    for (const label of LABEL_VOCABULARY[field]) {
      const key = normaliseLabel(label);
      expect(owner.get(key) ?? field, `${label} is listed for ${owner.get(key)} and ${field}`).toBe(field);
      owner.set(key, field);
    }
  }
});
