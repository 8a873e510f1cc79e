import { describe, expect, it } from 'vitest';
import { messageKeysOf } from './instrument';
import { instruments } from './instruments';
import { createMessageLookup, MissingMessageError, screeningCatalogs, screeningMessages } from './messages';

describe('screening messages', () => {
  const uiKeys = ['self_next', 'self_back', 'self_finish', 'self_thank_you_title', 'self_thank_you_body', 'self_progress', 'answer_yes', 'answer_no'];

  it.each(instruments.map((i) => [i.id, i] as const))('%s has every message in English and Spanish', (_id, instrument) => {
    for (const key of [...messageKeysOf(instrument), ...uiKeys]) {
      expect(screeningCatalogs.en[key]?.message, `en ${key}`).toBeTruthy();
      expect(screeningCatalogs.es[key]?.message, `es ${key}`).toBeTruthy();
    }
  });

  it('has the same keys in both languages, and every Spanish message says where it came from', () => {
    expect(Object.keys(screeningCatalogs.es).sort()).toEqual(Object.keys(screeningCatalogs.en).sort());
    for (const [key, entry] of Object.entries(screeningCatalogs.es)) {
      expect(entry.description, key).toMatch(/Bridge translation, not validated|WHO AUDIT, Spanish edition/);
    }
  });

  it('marks the AUDIT as the WHO Spanish edition and CRAFFT as needing its official version', () => {
    expect(screeningCatalogs.es.audit_q1!.description).toMatch(/WHO AUDIT, Spanish edition/);
    expect(screeningCatalogs.es.crafft_car!.description).toMatch(/official CRAFFT 2.1 Spanish version/);
  });

  it('fills Chrome placeholders', () => {
    expect(screeningMessages('en')('self_progress', [3, 10])).toBe('Question 3 of 10');
    expect(screeningMessages('es')('self_progress', [3, 10])).toBe('Pregunta 3 de 10');
  });

  it('falls back to English, then throws for an unknown key', () => {
    const t = createMessageLookup({}, screeningCatalogs.en);
    expect(t('self_next')).toBe('Next');
    expect(() => t('no_such_key')).toThrow(MissingMessageError);
  });

  it('leaves no unused messages in the catalog', () => {
    const used = new Set([...instruments.flatMap(messageKeysOf), ...uiKeys]);
    const selfUi = Object.keys(screeningCatalogs.en).filter((k) => k.startsWith('self_') || k.startsWith('unit_'));
    selfUi.forEach((k) => used.add(k));
    expect(Object.keys(screeningCatalogs.en).filter((k) => !used.has(k))).toEqual([]);
  });
});
