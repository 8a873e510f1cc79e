import { describe, expect, it } from 'vitest';
import { messageKeysOf } from '../instrument';
import { screeningCatalogs } from '../messages';
import { audit, auditC, instruments, instrumentWording, instrumentWordings, taps, UnknownInstrumentError } from './index';
import { BRIDGE_TRANSLATION_MARK, defineWording } from './wording';

describe('instrument wording records', () => {
  it('has one record per instrument, in the same order', () => {
    expect(instrumentWordings.map((w) => w.instrumentId)).toEqual(instruments.map((i) => i.id));
    expect(instrumentWording('taps').instrumentId).toBe('taps');
    expect(() => instrumentWording('cage')).toThrow(UnknownInstrumentError);
  });

  it('rejects a validated Spanish version that names no copy it was checked against', () => {
    expect(() =>
      defineWording({
        instrumentId: 'x',
        english: { checked: 'primary', sources: ['form'] },
        spanish: { status: 'validated', source: 'a Spanish edition', checkedAgainst: [] },
      }),
    ).toThrow();
  });

  it.each(instruments.map((i) => [i.id, i] as const))(
    '%s: every Spanish question and answer says what the record says (validated edition or Bridge translation)',
    (_id, instrument) => {
      const { spanish } = instrumentWording(instrument.id);
      // The intro is Bridge's framing sentence, never part of the published instrument.
      const keys = messageKeysOf(instrument).filter((k) => k !== instrument.introKey);
      for (const key of keys) {
        const description = screeningCatalogs.es[key]?.description ?? '';
        if (spanish.status === 'bridge-translation') expect(description, key).toMatch(new RegExp(`^${BRIDGE_TRANSLATION_MARK}`));
        else expect(description, key).not.toContain(BRIDGE_TRANSLATION_MARK);
      }
    },
  );

  it('marks only AUDIT and AUDIT-C Spanish as a validated edition, and CRAFFT as needing its official version', () => {
    expect(instrumentWordings.filter((w) => w.spanish.status === 'validated').map((w) => w.instrumentId)).toEqual(['audit-c', 'audit']);
    const crafft = instrumentWording('crafft-2.1').spanish;
    expect(crafft.status).toBe('bridge-translation');
    expect(crafft.status === 'bridge-translation' && crafft.disclosure).toMatch(/official CRAFFT 2\.1 Spanish version/);
  });

  it('says which English wording could not be checked against any copy of the form', () => {
    expect(instrumentWordings.filter((w) => w.english.checked === 'unverified').map((w) => w.instrumentId)).toEqual(['s2bi']);
  });
});

describe('LOINC codes read from the LOINC panels', () => {
  it('codes every AUDIT item as panel 72110-0 lists it, and AUDIT-C with the first three', () => {
    expect(audit.items.map((i) => i.loinc)).toEqual([
      '68518-0', '68519-8', '68520-6', '97734-8', '97735-5', '97736-3', '97737-1', '97738-9', '97739-7', '97740-5',
    ]);
    expect(audit.loinc).toEqual({ panel: '72110-0', total: '75624-7' });
    expect(auditC.items.map((i) => i.loinc)).toEqual(['68518-0', '68519-8', '68520-6']);
    expect(auditC.loinc).toEqual({ panel: '72109-2', total: '75626-2' });
  });

  it('codes the TAPS part-1 items that have one code, and leaves the two-coded alcohol item bare', () => {
    expect(taps.loinc.panel).toBe('96841-2');
    const code = (id: string) => taps.items.find((i) => i.id === id)?.loinc;
    expect([code('tobacco-12m'), code('alcohol-12m'), code('drugs-12m'), code('rx-12m')]).toEqual(['96842-0', undefined, '96843-8', '96844-6']);
  });
});
