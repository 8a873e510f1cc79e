import type { CollectedField, CollectedForm, FieldControl, FieldOption, LabelSource } from './fields';

/** Joins the path segments of a field that lives inside iframes or shadow roots. */
export const KEY_SEPARATOR = ' >>> ';

type Root = Document | ShadowRoot;
type FormControl = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

const SKIPPED_INPUT_TYPES = new Set(['hidden', 'submit', 'button', 'reset', 'image', 'file', 'password', 'range', 'color']);
const NEARBY_MAX = 80;

function isFormControl(el: Element): el is FormControl {
  const tag = el.tagName;
  if (tag === 'SELECT' || tag === 'TEXTAREA') return true;
  if (tag !== 'INPUT') return false;
  return !SKIPPED_INPUT_TYPES.has(((el as HTMLInputElement).type || 'text').toLowerCase());
}

function controlOf(el: FormControl): FieldControl {
  if (el.tagName === 'SELECT') return 'select';
  if (el.tagName === 'TEXTAREA') return 'textarea';
  const type = ((el as HTMLInputElement).type || 'text').toLowerCase();
  switch (type) {
    case 'text':
    case 'search':
    case 'url':
      return 'text';
    case 'radio':
      return 'radio-group';
    case 'checkbox':
    case 'date':
    case 'datetime-local':
    case 'email':
    case 'tel':
    case 'number':
      return type;
    default:
      return 'other';
  }
}

const SIMPLE_ID = /^[A-Za-z_][\w-]*$/;

function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function idSelector(id: string): string {
  return SIMPLE_ID.test(id) ? `#${id}` : `[id=${quote(id)}]`;
}

/** Memo of id uniqueness per root, for one collection pass (ids are checked once per root, not per field). */
export type IdCache = Map<Root, Map<string, boolean>>;

function uniqueInRoot(root: Root, selector: string, cache?: IdCache): boolean {
  let memo = cache?.get(root);
  if (cache && !memo) cache.set(root, (memo = new Map()));
  const known = memo?.get(selector);
  if (known !== undefined) return known;
  let unique: boolean;
  try {
    unique = root.querySelectorAll(selector).length === 1;
  } catch {
    unique = false;
  }
  memo?.set(selector, unique);
  return unique;
}

/**
 * A CSS path from `root` to `el`: `#id` when the id is unique in the root, otherwise
 * `tag:nth-of-type(n)` steps up to the nearest ancestor with a unique id (or the root).
 */
export function cssPath(el: Element, root: Root, cache?: IdCache): string {
  const steps: string[] = [];
  let node: Element | null = el;
  while (node) {
    if (node.id && uniqueInRoot(root, idSelector(node.id), cache)) {
      steps.unshift(idSelector(node.id));
      break;
    }
    const parent: Element | null = node.parentElement;
    const tag = node.tagName.toLowerCase();
    const siblings: Element[] = parent ? Array.from(parent.children) : Array.from((node.parentNode as ParentNode | null)?.children ?? []);
    const sameTag = siblings.filter((s) => s.tagName === node!.tagName);
    steps.unshift(sameTag.length > 1 ? `${tag}:nth-of-type(${sameTag.indexOf(node) + 1})` : tag);
    node = parent;
  }
  return steps.join(' > ');
}

/** Text of an element without the text of form controls inside it (a label wrapping a select). */
export function ownText(el: Node): string {
  let out = '';
  for (const child of Array.from(el.childNodes)) {
    if (child.nodeType === 3) out += child.textContent ?? '';
    else if (child.nodeType === 1) {
      const tag = (child as Element).tagName;
      if (tag === 'SELECT' || tag === 'TEXTAREA' || tag === 'OPTION' || tag === 'SCRIPT' || tag === 'STYLE' || tag === 'INPUT') continue;
      out += ` ${ownText(child)} `;
    }
  }
  return out.replace(/\s+/g, ' ').trim();
}

function byId(root: Root, id: string): Element | null {
  return 'getElementById' in root ? root.getElementById(id) : null;
}

function labelsFor(el: FormControl, root: Root): string[] {
  const found = new Set<Element>();
  const native = (el as HTMLInputElement).labels;
  if (native) for (const l of Array.from(native)) found.add(l);
  else if (el.id) {
    for (const l of Array.from(root.querySelectorAll(`label[for=${quote(el.id)}]`))) found.add(l);
  }
  const wrapping = el.closest('label');
  if (wrapping) found.add(wrapping);
  return [...found].map(ownText).filter(Boolean);
}

/** The header of the column and the label cell of the row, for forms laid out as tables. */
function tableLabels(el: Element, headerRows: Map<Element, Element | null>): { text: string; source: LabelSource }[] {
  const cell = el.closest('td, th') as HTMLTableCellElement | null;
  if (!cell) return [];
  const row = cell.parentElement as HTMLTableRowElement | null;
  const table = cell.closest('table');
  if (!row || !table) return [];
  const out: { text: string; source: LabelSource }[] = [];
  const cells = Array.from(row.children);
  const index = cells.indexOf(cell);
  for (let i = index - 1; i >= 0; i--) {
    const prev = cells[i]!;
    if (prev.querySelector('input, select, textarea')) break;
    const text = ownText(prev);
    if (text) {
      out.push({ text, source: 'row-header' });
      break;
    }
  }
  let headerRow = headerRows.get(table);
  if (headerRow === undefined) {
    headerRow = Array.from(table.querySelectorAll('tr')).find((r) => r.querySelector('th') && !r.querySelector('input, select, textarea')) ?? null;
    headerRows.set(table, headerRow);
  }
  if (headerRow === row) headerRow = null;
  if (headerRow) {
    let col = 0;
    for (let i = 0; i < index; i++) col += (cells[i] as HTMLTableCellElement).colSpan || 1;
    let at = 0;
    for (const th of Array.from(headerRow.children) as HTMLTableCellElement[]) {
      const span = th.colSpan || 1;
      if (col >= at && col < at + span) {
        const text = ownText(th);
        if (text) out.push({ text, source: 'table-header' });
        break;
      }
      at += span;
    }
  }
  return out;
}

/** Text just before the field (a `<span>Reason:</span><input>` layout), capped at a short phrase. */
function nearbyText(el: Element): string {
  let node: Node | null = el.previousSibling;
  for (let hops = 0; node && hops < 3; hops++, node = node.previousSibling) {
    if (node.nodeType === 1 && (node as Element).matches('input, select, textarea, br')) {
      if ((node as Element).tagName === 'BR') continue;
      break;
    }
    const text = (node.nodeType === 1 ? ownText(node) : (node.textContent ?? '')).replace(/\s+/g, ' ').trim();
    if (text) return text.slice(-NEARBY_MAX);
  }
  const parent = el.parentElement;
  if (parent && parent.querySelectorAll('input, select, textarea').length === 1) {
    const prev = parent.previousElementSibling;
    if (prev && !prev.querySelector('input, select, textarea') && prev.tagName !== 'LABEL') {
      const text = ownText(prev);
      if (text && text.length <= NEARBY_MAX) return text;
    }
  }
  return '';
}

/** The heading of the section the field sits in: fieldset legend, aria-label of a group, or a heading. */
function sectionText(el: Element, ownLegend: string): string {
  let node: Element | null = el.parentElement;
  for (let depth = 0; node && depth < 8; depth++, node = node.parentElement) {
    if (node.tagName === 'FIELDSET') {
      const legend = node.querySelector(':scope > legend');
      const text = legend ? ownText(legend) : '';
      if (text && text !== ownLegend) return text;
    }
    if (node.tagName === 'TABLE') {
      const caption = node.querySelector(':scope > caption');
      if (caption && ownText(caption)) return ownText(caption);
    }
    const aria = node.getAttribute('aria-label');
    if (aria && /^(group|region|form)$/.test(node.getAttribute('role') ?? '')) return aria;
    if (node.tagName === 'SECTION' || node.tagName === 'FORM' || node.getAttribute('role') === 'group') {
      const heading = node.querySelector(':scope > h1, :scope > h2, :scope > h3, :scope > h4, :scope > h5, :scope > h6, :scope > header');
      if (heading) return ownText(heading);
    }
  }
  return '';
}

function describeLabels(el: FormControl, root: Root, headerRows: Map<Element, Element | null>): { text: string; source: LabelSource }[] {
  const out: { text: string; source: LabelSource }[] = [];
  const isRadio = el.tagName === 'INPUT' && (el as HTMLInputElement).type === 'radio';
  if (!isRadio) for (const text of labelsFor(el, root)) out.push({ text, source: 'label' });
  const labelledBy = el.getAttribute('aria-labelledby');
  if (labelledBy) {
    const text = labelledBy
      .split(/\s+/)
      .map((id) => byId(root, id))
      .filter((n): n is Element => !!n)
      .map(ownText)
      .join(' ')
      .trim();
    if (text) out.push({ text, source: 'aria-labelledby' });
  }
  const aria = el.getAttribute('aria-label');
  if (aria?.trim()) out.push({ text: aria.trim(), source: 'aria-label' });
  const group = el.closest('fieldset, [role="radiogroup"]');
  let legend = '';
  if (group) {
    if (group.tagName === 'FIELDSET') {
      const l = group.querySelector(':scope > legend');
      legend = l ? ownText(l) : '';
    } else {
      legend = group.getAttribute('aria-label') ?? '';
      const groupBy = group.getAttribute('aria-labelledby');
      const labelNode = !legend && groupBy ? byId(root, groupBy) : null;
      if (labelNode) legend = ownText(labelNode);
    }
    // A legend labels a radio group, or a lone field; for a fieldset of many fields it is a section.
    const controls = group.querySelectorAll('input:not([type=radio]), select, textarea').length;
    if (legend && (isRadio || controls <= 1)) out.push({ text: legend, source: 'legend' });
    else legend = '';
  }
  out.push(...tableLabels(el, headerRows));
  if (!out.some((l) => l.source !== 'title')) {
    const near = nearbyText(isRadio ? (el.closest('label') ?? el) : el);
    if (near) out.push({ text: near, source: 'nearby' });
  }
  const title = el.getAttribute('title');
  if (title?.trim()) out.push({ text: title.trim(), source: 'title' });
  const section = sectionText(el, legend);
  if (section) out.push({ text: section, source: 'section' });
  return out;
}

function baseField(el: FormControl, root: Root, keyPrefix: string, framePath: string[], state: Walk): CollectedField {
  const input = el as HTMLInputElement;
  const maxLength = el.tagName === 'SELECT' ? -1 : (el as HTMLInputElement).maxLength;
  return {
    key: keyPrefix + cssPath(el, root, state.ids),
    framePath,
    control: controlOf(el),
    tagName: el.tagName.toLowerCase(),
    inputType: el.tagName === 'INPUT' ? (input.getAttribute('type') ?? 'text').toLowerCase() : '',
    name: el.getAttribute('name') ?? '',
    id: el.id ?? '',
    autocomplete: el.getAttribute('autocomplete') ?? '',
    labels: describeLabels(el, root, state.headerRows),
    placeholder: el.getAttribute('placeholder') ?? '',
    pattern: el.getAttribute('pattern') ?? '',
    maxLength: typeof maxLength === 'number' && maxLength >= 0 ? maxLength : null,
    options:
      el.tagName === 'SELECT'
        ? Array.from((el as HTMLSelectElement).options).map((o) => ({
            value: o.value,
            label: (o.label || o.textContent || '').replace(/\s+/g, ' ').trim(),
            disabled: o.disabled,
          }))
        : [],
    disabled: el.disabled || !!el.closest('fieldset[disabled]'),
    readOnly: el.tagName !== 'SELECT' && (el as HTMLInputElement).readOnly,
    currentValue: input.type === 'checkbox' ? String(input.checked) : el.value,
  };
}

function radioOptionLabel(radio: HTMLInputElement, root: Root): string {
  return labelsFor(radio, root)[0] ?? radio.getAttribute('aria-label') ?? nearbyAfter(radio) ?? radio.value;
}

function nearbyAfter(el: Element): string | null {
  const next = el.nextSibling;
  const text = next ? (next.nodeType === 1 ? ownText(next) : (next.textContent ?? '')).trim() : '';
  return text || null;
}

interface Walk {
  fields: CollectedField[];
  radioGroups: Map<string, CollectedField>;
  limit: number;
  ids: IdCache;
  headerRows: Map<Element, Element | null>;
}

function walk(root: Root, keyPrefix: string, framePath: string[], state: Walk): void {
  for (const el of Array.from(root.querySelectorAll('*'))) {
    if (state.fields.length >= state.limit) return;
    if (isFormControl(el)) {
      const input = el as HTMLInputElement;
      if (el.tagName === 'INPUT' && input.type === 'radio') {
        const form = input.form ? cssPath(input.form, root, state.ids) : '';
        const groupId = `${keyPrefix}|${form}|${input.name || cssPath(el, root, state.ids)}`;
        let group = state.radioGroups.get(groupId);
        if (!group) {
          group = { ...baseField(el, root, keyPrefix, framePath, state), currentValue: '' };
          state.radioGroups.set(groupId, group);
          state.fields.push(group);
        }
        const option: FieldOption = {
          value: input.value,
          label: radioOptionLabel(input, root),
          key: keyPrefix + cssPath(el, root, state.ids),
          disabled: input.disabled || !!input.closest('fieldset[disabled]'),
        };
        group.options.push(option);
        if (input.checked) group.currentValue = input.value;
        // The group is only disabled when every radio in it is.
        group.disabled = group.options.every((o) => o.disabled);
      } else {
        state.fields.push(baseField(el, root, keyPrefix, framePath, state));
      }
    }
    const shadow = (el as Element & { shadowRoot: ShadowRoot | null }).shadowRoot;
    if (shadow) walk(shadow, `${keyPrefix}${cssPath(el, root, state.ids)}${KEY_SEPARATOR}`, framePath, state);
    if (el.tagName === 'IFRAME' || el.tagName === 'FRAME') {
      let doc: Document | null = null;
      try {
        doc = (el as HTMLIFrameElement).contentDocument;
      } catch {
        doc = null; // cross-origin: the content script of that frame collects it, if allowed
      }
      if (doc) {
        const path = cssPath(el, root, state.ids);
        walk(doc, `${keyPrefix}${path}${KEY_SEPARATOR}`, [...framePath, keyPrefix + path], state);
      }
    }
  }
}

/**
 * Describes every fillable field under `doc`, in document order, descending into open shadow
 * roots and same-origin iframes. Radio buttons sharing a name are one `radio-group` field.
 * Hidden, password, file and button inputs are left out. Reads the DOM only; writes nothing.
 */
export function collectFields(doc: Document, options: { url?: string; maxFields?: number } = {}): CollectedForm {
  const state: Walk = { fields: [], radioGroups: new Map(), limit: options.maxFields ?? 2000, ids: new Map(), headerRows: new Map() };
  walk(doc, '', [], state);
  return { url: options.url ?? doc.URL ?? '', fields: state.fields };
}

/**
 * The element a field key names, following the key through iframes and shadow roots, or null
 * when the page no longer has it.
 */
export function resolveFieldKey(doc: Document, key: string): Element | null {
  const segments = key.split(KEY_SEPARATOR);
  let root: Root = doc;
  for (let i = 0; i < segments.length; i++) {
    let el: Element | null;
    try {
      el = (root as ParentNode).querySelector(segments[i]!);
    } catch {
      return null;
    }
    if (!el) return null;
    if (i === segments.length - 1) return el;
    if (el.tagName === 'IFRAME' || el.tagName === 'FRAME') {
      let next: Document | null = null;
      try {
        next = (el as HTMLIFrameElement).contentDocument;
      } catch {
        return null;
      }
      if (!next) return null;
      root = next;
    } else {
      const shadow: ShadowRoot | null = (el as Element & { shadowRoot: ShadowRoot | null }).shadowRoot;
      if (!shadow) return null;
      root = shadow;
    }
  }
  return null;
}
