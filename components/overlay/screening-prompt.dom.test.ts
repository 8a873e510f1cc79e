// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test, vi } from 'vitest';
import { ScreeningPrompt, type ScreeningPromptProps } from './ScreeningPrompt';
import { useRenderRoot } from '../../tests/support/render-root';

let root: HTMLElement;
useRenderRoot((el) => (root = el));

function mount(props: Partial<ScreeningPromptProps> = {}) {
  const spies = { onOpen: vi.fn(), onSnooze: vi.fn(), onDismiss: vi.fn(), onCollapsedChange: vi.fn() };
  act(() => {
    render(<ScreeningPrompt state="due" lastScreened={null} {...spies} {...props} />, root);
  });
  return spies;
}

const button = (name: string | RegExp): HTMLButtonElement => {
  const found = Array.from(root.querySelectorAll('button')).find((b) =>
    typeof name === 'string' ? b.textContent?.trim() === name || b.getAttribute('aria-label') === name : name.test(b.textContent ?? ''),
  );
  if (!found) throw new Error(`no button ${name}`);
  return found;
};
const click = (b: HTMLElement) => act(() => b.click());

describe('ScreeningPrompt', () => {
  test('says screening is due and when it was last done', () => {
    mount();
    expect(root.textContent).toContain('SUD screening due · last: never');
    mount({ lastScreened: '2025-01-10' });
    expect(root.textContent).toContain('last: 2025-01-10');
    expect(root.textContent).not.toContain('CRAFFT');
  });

  test('Open Bridge, Snooze with days, and dismiss call back', () => {
    const spies = mount();
    click(button('Open Bridge'));
    expect(spies.onOpen).toHaveBeenCalledOnce();
    click(button('Snooze'));
    expect(button('Snooze').getAttribute('aria-expanded')).toBe('true');
    click(button('1 week'));
    expect(spies.onSnooze).toHaveBeenCalledWith(7);
    click(button('Dismiss Bridge prompt'));
    expect(spies.onDismiss).toHaveBeenCalledOnce();
  });

  test('adolescents are offered CRAFFT 2.1', () => {
    mount({ adolescent: true });
    expect(root.textContent).toContain('CRAFFT 2.1 suggested');
    expect(button(/Open Bridge \(CRAFFT\)/)).toBeTruthy();
  });

  test('collapses to a tab and back, from a button or Escape', () => {
    const spies = mount();
    click(button('Minimise Bridge prompt'));
    expect(spies.onCollapsedChange).toHaveBeenLastCalledWith(true);
    const tab = root.querySelector('.bridge-prompt-tab') as HTMLButtonElement;
    expect(tab.getAttribute('aria-expanded')).toBe('false');
    expect(root.textContent).not.toContain('screening due');
    click(tab);
    expect(root.textContent).toContain('screening due');
    act(() => {
      button('Open Bridge').dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    });
    expect(root.querySelector('.bridge-prompt-tab')).not.toBeNull();
  });

  test('every control is a focusable button with a name', () => {
    mount({ adolescent: true });
    click(button('Snooze'));
    for (const b of Array.from(root.querySelectorAll('button'))) {
      expect(b.getAttribute('type')).toBe('button');
      expect(b.tabIndex).not.toBe(-1);
      expect((b.getAttribute('aria-label') ?? b.textContent ?? '').trim().length).toBeGreaterThan(0);
    }
  });

  test('patient changed state announces itself and offers no snooze', () => {
    mount({ state: 'patient-changed' });
    const status = root.querySelector('[role="status"]');
    expect(status?.textContent).toContain('Patient changed');
    expect(root.textContent).not.toContain('Snooze');
  });

  test('renders page-supplied text as text only', () => {
    mount({ lastScreened: '<img src=x onerror=alert(1)>' });
    expect(root.querySelector('img')).toBeNull();
    expect(root.textContent).toContain('<img src=x onerror=alert(1)>');
  });
});

test('every CSS class is prefixed bridge-, so it cannot collide with the page', () => {
  const css = readFileSync(join(process.cwd(), 'components/overlay/ScreeningPrompt.css'), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
  const classes = css.match(/\.[a-zA-Z][\w-]*/g) ?? [];
  expect(classes.length).toBeGreaterThan(5);
  for (const c of classes) expect(c.startsWith('.bridge-'), c).toBe(true);
});
