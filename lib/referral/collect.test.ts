// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { collectFields, cssPath, resolveFieldKey } from './collect.dom';
import { collectedFormSchema } from './fields';
import { formFixtureNames, loadFormFixture } from '../../tests/fixtures/forms/load';

describe('collectFields', () => {
  it('describes every fixture as valid data whose keys resolve back to the field', async () => {
    for (const name of formFixtureNames()) {
      await loadFormFixture(document, name);
      const form = collectedFormSchema.parse(collectFields(document));
      expect(form.fields.length, name).toBeGreaterThan(0);
      expect(new Set(form.fields.map((f) => f.key)).size, name).toBe(form.fields.length);
      for (const f of form.fields) {
        const el = resolveFieldKey(document, f.control === 'radio-group' ? f.options[0]!.key! : f.key);
        expect(el, `${name} ${f.key}`).not.toBeNull();
      }
    }
  });

  it('reads table row labels and column headers, and section captions', async () => {
    await loadFormFixture(document, '10-column-headers');
    const f = collectFields(document).fields.find((x) => x.name === 'c3')!;
    expect(f.labels).toEqual([
      { text: 'Phone', source: 'table-header' },
      { text: 'Referred to provider', source: 'section' },
    ]);
    await loadFormFixture(document, '01-table-layout');
    const g = collectFields(document).fields.find((x) => x.name === 'refToProv')!;
    expect(g.labels[0]).toEqual({ text: '*Referred To:', source: 'row-header' });
  });

  it('groups radios by name with their labels, and reads legends and select options', async () => {
    await loadFormFixture(document, '05-fieldset-radios');
    const fields = collectFields(document).fields;
    const prio = fields.find((x) => x.name === 'priority')!;
    expect(prio.control).toBe('radio-group');
    expect(prio.labels).toContainEqual({ text: 'Priority', source: 'legend' });
    expect(prio.options.map((o) => [o.value, o.label])).toEqual([
      ['routine', 'Routine (within 2 weeks)'],
      ['urgent', 'Urgent (within 72 hours)'],
      ['stat', 'Emergent / same day'],
    ]);
    await loadFormFixture(document, '01-table-layout');
    const sel = collectFields(document).fields.find((x) => x.name === 'refPriority')!;
    expect(sel.options.map((o) => `${o.value}=${o.label}`)).toEqual(['R=Routine', 'U=Urgent', 'S=STAT']);
  });

  it('reads aria-labelledby with several ids, placeholders, disabled and read-only states', async () => {
    await loadFormFixture(document, '03-aria-labelledby');
    expect(collectFields(document).fields[1]!.labels[0]).toEqual({ text: 'Refer to (organization)', source: 'aria-labelledby' });
    await loadFormFixture(document, '12-disabled-readonly');
    const fields = collectFields(document).fields;
    expect(fields.find((x) => x.id === 'nm')).toMatchObject({ readOnly: true, currentValue: 'DOE, JANE' });
    expect(fields.find((x) => x.id === 'mrn')).toMatchObject({ disabled: true });
    expect(fields.find((x) => x.id === 'urg')).toMatchObject({ disabled: true });
    expect(fields.find((x) => x.id === 'why')).toMatchObject({ maxLength: 40 });
  });

  it('leaves out hidden, password, file and button inputs', () => {
    document.body.replaceChildren();
    for (const type of ['hidden', 'password', 'file', 'submit', 'button', 'text']) {
      const i = document.createElement('input');
      i.type = type;
      document.body.append(i);
    }
    expect(collectFields(document).fields.map((f) => f.inputType)).toEqual(['text']);
  });

  it('keys fields by id when unique, else by a nth-of-type path', () => {
    document.body.replaceChildren();
    const a = document.createElement('div');
    a.append(document.createElement('input'), document.createElement('input'));
    document.body.append(a);
    const second = a.children[1]!;
    expect(cssPath(second, document)).toBe('html > body > div > input:nth-of-type(2)');
    expect(resolveFieldKey(document, cssPath(second, document))).toBe(second);
  });
});
