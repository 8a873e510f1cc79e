// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { showScreeningPrompt, type ScreeningPromptOptions } from './screening-prompt.dom';

let root: HTMLElement;
afterEach(() => root?.remove());

function mount(options: Partial<ScreeningPromptOptions> = {}) {
  root?.remove();
  root = document.createElement('div');
  document.body.append(root);
  const spies = { onOpen: vi.fn(), onSnooze: vi.fn(), onDismiss: vi.fn(), onCollapsedChange: vi.fn() };
  const remove = showScreeningPrompt(root, { state: 'due', lastScreened: null, ...spies, ...options });
  return { ...spies, remove };
}

/** The visible button with this text or accessible name (hidden parts do not count). */
const button = (name: string | RegExp): HTMLButtonElement => {
  const found = Array.from(root.querySelectorAll('button')).find(
    (b) =>
      !b.closest('[hidden]') &&
      (typeof name === 'string' ? b.textContent?.trim() === name || b.getAttribute('aria-label') === name : name.test(b.textContent ?? '')),
  );
  if (!found) throw new Error(`no visible button ${name}`);
  return found;
};
const visibleText = () =>
  Array.from(root.children)
    .filter((c) => !(c as HTMLElement).hidden)
    .map((c) => c.textContent)
    .join(' ');

describe('showScreeningPrompt', () => {
  test('says screening is due and when it was last done', () => {
    mount();
    expect(visibleText()).toContain('SUD screening due · last: never');
    mount({ lastScreened: '2025-01-10' });
    expect(visibleText()).toContain('last: 2025-01-10');
    expect(visibleText()).not.toContain('CRAFFT');
  });

  test('Open Bridge, Snooze with days, and dismiss call back', () => {
    const spies = mount();
    button('Open Bridge').click();
    expect(spies.onOpen).toHaveBeenCalledOnce();
    expect(() => button('1 week')).toThrow();
    button('Snooze').click();
    expect(button('Snooze').getAttribute('aria-expanded')).toBe('true');
    button('1 week').click();
    expect(spies.onSnooze).toHaveBeenCalledWith(7);
    expect(button('Snooze').getAttribute('aria-expanded')).toBe('false');
    button('Dismiss Bridge prompt').click();
    expect(spies.onDismiss).toHaveBeenCalledOnce();
  });

  test('adolescents are offered CRAFFT 2.1', () => {
    mount({ adolescent: true });
    expect(visibleText()).toContain('CRAFFT 2.1 suggested');
    expect(button(/Open Bridge \(CRAFFT\)/)).toBeTruthy();
  });

  test('collapses to a tab and back, from a button or Escape, keeping focus on the control that undoes it', () => {
    const spies = mount();
    const minimise = button('Minimise Bridge prompt');
    minimise.focus();
    minimise.click();
    expect(spies.onCollapsedChange).toHaveBeenLastCalledWith(true);
    const tab = button('Bridge');
    expect(tab.getAttribute('aria-expanded')).toBe('false');
    expect(document.activeElement).toBe(tab);
    expect(visibleText()).not.toContain('screening due');
    tab.click();
    expect(visibleText()).toContain('screening due');
    expect(document.activeElement).toBe(button('Minimise Bridge prompt'));
    button('Snooze').click();
    // Escape first closes the snooze choices, then collapses the prompt.
    button('Open Bridge').dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(button('Snooze').getAttribute('aria-expanded')).toBe('false');
    expect(document.activeElement).toBe(button('Snooze'));
    button('Open Bridge').dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(button('Bridge').getAttribute('aria-expanded')).toBe('false');
    expect(spies.onCollapsedChange).toHaveBeenLastCalledWith(true);
  });

  test('can start collapsed', () => {
    mount({ initiallyCollapsed: true });
    expect(visibleText()).not.toContain('screening due');
    expect(button('Bridge')).toBeTruthy();
  });

  test('every control is a focusable button with a name', () => {
    mount({ adolescent: true });
    button('Snooze').click();
    const buttons = Array.from(root.querySelectorAll('button'));
    expect(buttons.length).toBe(8); // tab, minimise, dismiss, open, snooze, three snooze choices
    for (const b of buttons) {
      expect(b.getAttribute('type')).toBe('button');
      expect(b.tabIndex).not.toBe(-1);
      expect((b.getAttribute('aria-label') ?? b.textContent ?? '').trim().length).toBeGreaterThan(0);
    }
  });

  test('patient changed state announces itself and offers no snooze', () => {
    mount({ state: 'patient-changed' });
    const status = root.querySelector('[role="status"]');
    expect(status?.textContent).toContain('Patient changed');
    expect(visibleText()).not.toContain('Snooze');
  });

  test('renders page-supplied text as text only', () => {
    mount({ lastScreened: '<img src=x onerror=alert(1)>' });
    expect(root.querySelector('img')).toBeNull();
    expect(visibleText()).toContain('<img src=x onerror=alert(1)>');
  });

  test('the returned function removes the prompt', () => {
    const { remove } = mount();
    remove();
    expect(root.childElementCount).toBe(0);
  });
});

test('every CSS class is prefixed bridge-, so it cannot collide with the page', () => {
  const css = readFileSync(join(process.cwd(), 'components/overlay/screening-prompt.css'), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
  const classes = css.match(/\.[a-zA-Z][\w-]*/g) ?? [];
  expect(classes.length).toBeGreaterThan(5);
  for (const c of classes) expect(c.startsWith('.bridge-'), c).toBe(true);
});
