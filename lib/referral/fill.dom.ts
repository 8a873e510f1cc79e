import { resolveFieldKey } from './collect.dom';
import { fillPlanSchema, type FillPlan, type FillStep } from './plan';

/** What the content script's check before filling said: same patient, same page, or why not. */
export type VerifyResult = { ok: true } | { ok: false; reason: string };

export interface FillOptions {
  /**
   * Called once, just before the first write. The content script re-checks the patient
   * fingerprint and the URL here; anything but `{ ok: true }` aborts with nothing written.
   */
  verify: () => VerifyResult | Promise<VerifyResult>;
  /** Outline filled fields so the clinician sees what changed (default true). */
  highlight?: boolean;
}

/** How to put one field back as it was. Plain data, keyed like the plan. */
export interface UndoEntry {
  fieldKey: string;
  /** The element actually written (for a radio group: the radio that was clicked). */
  elementKey: string;
  kind: 'value' | 'checked';
  previous: string;
  /** For a radio group: the radio that was checked before, or null. */
  previousCheckedKey: string | null;
  previousOutline: string;
  previousOutlineOffset: string;
}
export interface UndoRecord {
  entries: UndoEntry[];
}

export type FillOutcome =
  | {
      ok: true;
      filled: string[];
      skipped: { fieldKey: string; reason: string }[];
      undo: UndoRecord;
    }
  | { ok: false; reason: string };

/** The plan did not validate (edited by hand into something the filler cannot run). */
export class FillPlanError extends Error {
  override readonly name = 'FillPlanError';
}

export const HIGHLIGHT_OUTLINE = '2px solid #1d7a46';
export const HIGHLIGHT_OFFSET = '1px';

type Writable = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

/** The element's own window's prototypes, so a field inside an iframe gets its frame's setter. */
function nativeSetter(el: Element, prop: 'value' | 'checked'): ((this: Element, v: unknown) => void) | undefined {
  const win = (el.ownerDocument.defaultView ?? globalThis) as unknown as Record<string, { prototype: object } | undefined>;
  const ctor = el.tagName === 'SELECT' ? 'HTMLSelectElement' : el.tagName === 'TEXTAREA' ? 'HTMLTextAreaElement' : 'HTMLInputElement';
  const proto = win[ctor]?.prototype;
  return proto ? (Object.getOwnPropertyDescriptor(proto, prop)?.set as ((v: unknown) => void) | undefined) : undefined;
}

function fire(el: Element, type: 'input' | 'change'): void {
  const win = el.ownerDocument.defaultView;
  const EventCtor = (win?.Event ?? Event) as typeof Event;
  el.dispatchEvent(new EventCtor(type, { bubbles: true }));
}

/**
 * Writes a value the way a person typing would be seen by React, Angular and Vue: through the
 * prototype's setter (React's value tracker sits on the instance and would swallow a plain
 * assignment) followed by bubbling `input` and `change`.
 */
function setValue(el: Writable, value: string): void {
  const setter = nativeSetter(el, 'value');
  if (setter) setter.call(el, value);
  else el.value = value;
  fire(el, 'input');
  fire(el, 'change');
}

/** Checks or unchecks by clicking (what frameworks listen to), falling back to the setter. */
function setChecked(el: HTMLInputElement, checked: boolean): void {
  if (el.checked === checked) return;
  let sawChange = false;
  const listener = () => {
    sawChange = true;
  };
  el.addEventListener('change', listener, { once: true });
  el.click();
  el.removeEventListener('change', listener);
  if (el.checked !== checked) {
    const setter = nativeSetter(el, 'checked');
    if (setter) setter.call(el, checked);
    else el.checked = checked;
    sawChange = false;
  }
  if (!sawChange) {
    fire(el, 'input');
    fire(el, 'change');
  }
}

function isLocked(el: Element): string | null {
  const f = el as Writable;
  if (f.disabled || el.closest('fieldset[disabled]')) return 'the field is disabled';
  if (el.tagName !== 'SELECT' && (f as HTMLInputElement).readOnly) return 'the field is read-only';
  return null;
}

function highlight(el: HTMLElement): void {
  el.style.outline = HIGHLIGHT_OUTLINE;
  el.style.outlineOffset = HIGHLIGHT_OFFSET;
}

function checkedRadioKey(doc: Document, step: FillStep): string | null {
  for (const o of step.options) {
    if (!o.key) continue;
    const r = resolveFieldKey(doc, o.key) as HTMLInputElement | null;
    if (r?.checked) return o.key;
  }
  return null;
}

function applyStep(doc: Document, step: FillStep, highlightOn: boolean): UndoEntry | string {
  const elementKey =
    step.control === 'radio-group' ? step.options.find((o) => o.value === step.value)?.key : step.fieldKey;
  if (!elementKey) return `no radio button with the value "${step.value}"`;
  const el = resolveFieldKey(doc, elementKey) as Writable | null;
  if (!el) return 'the field is no longer on the page';
  const locked = isLocked(el);
  if (locked) return locked;
  const style = (el as HTMLElement).style;
  const base = {
    fieldKey: step.fieldKey,
    elementKey,
    previousOutline: style?.outline ?? '',
    previousOutlineOffset: style?.outlineOffset ?? '',
  };
  let entry: UndoEntry;
  if (step.control === 'checkbox' || step.control === 'radio-group') {
    const input = el as HTMLInputElement;
    if (input.tagName !== 'INPUT' || (input.type !== 'checkbox' && input.type !== 'radio')) return 'the field changed type';
    entry = {
      ...base,
      kind: 'checked',
      previous: String(input.checked),
      previousCheckedKey: step.control === 'radio-group' ? checkedRadioKey(doc, step) : null,
    };
    setChecked(input, step.control === 'radio-group' ? true : step.value === 'true');
  } else {
    if (el.tagName === 'SELECT') {
      const select = el as HTMLSelectElement;
      if (!Array.from(select.options).some((o) => o.value === step.value)) return `the choice "${step.display}" is no longer offered`;
    }
    entry = { ...base, kind: 'value', previous: el.value, previousCheckedKey: null };
    setValue(el, step.value);
  }
  if (highlightOn) highlight(el as HTMLElement);
  return entry;
}

/**
 * Fills the included steps of `plan` into `doc`, and nothing else: a field the plan does not
 * name is never touched. Calls `verify()` first and writes nothing if it fails. Disabled or
 * read-only fields, and fields that have gone from the page, are skipped with a reason. Returns
 * an undo record for `undoFill`.
 */
export async function fillForm(doc: Document, plan: FillPlan, options: FillOptions): Promise<FillOutcome> {
  const parsed = fillPlanSchema.safeParse(plan);
  if (!parsed.success) throw new FillPlanError(`The fill plan is not valid: ${parsed.error.issues[0]?.message ?? 'unknown problem'}. Nothing was filled.`);
  let verdict: VerifyResult;
  try {
    verdict = await options.verify();
  } catch (error) {
    verdict = { ok: false, reason: `the page check failed (${error instanceof Error ? error.message : String(error)})` };
  }
  if (!verdict.ok) return { ok: false, reason: `Nothing was filled: ${verdict.reason}` };
  const highlightOn = options.highlight ?? true;
  const filled: string[] = [];
  const skipped: { fieldKey: string; reason: string }[] = [];
  const entries: UndoEntry[] = [];
  for (const step of parsed.data.steps) {
    if (!step.include) continue;
    const result = applyStep(doc, step, highlightOn);
    if (typeof result === 'string') skipped.push({ fieldKey: step.fieldKey, reason: result });
    else {
      entries.push(result);
      filled.push(step.fieldKey);
    }
  }
  return { ok: true, filled, skipped, undo: { entries } };
}

/**
 * Puts back what `fillForm` changed, newest first, with the same events, and removes the
 * highlight. Returns the keys of fields it could not find any more.
 */
export function undoFill(doc: Document, undo: UndoRecord): { restored: string[]; missing: string[] } {
  const restored: string[] = [];
  const missing: string[] = [];
  for (const entry of [...undo.entries].reverse()) {
    const el = resolveFieldKey(doc, entry.elementKey) as Writable | null;
    if (!el) {
      missing.push(entry.fieldKey);
      continue;
    }
    if (entry.kind === 'checked') {
      const input = el as HTMLInputElement;
      if (input.type === 'radio') {
        const previous = entry.previousCheckedKey ? (resolveFieldKey(doc, entry.previousCheckedKey) as HTMLInputElement | null) : null;
        if (previous) setChecked(previous, true);
        else if (input.checked) setChecked(input, false);
      } else setChecked(input, entry.previous === 'true');
    } else setValue(el, entry.previous);
    const style = (el as HTMLElement).style;
    style.outline = entry.previousOutline;
    style.outlineOffset = entry.previousOutlineOffset;
    restored.push(entry.fieldKey);
  }
  return { restored, missing };
}
