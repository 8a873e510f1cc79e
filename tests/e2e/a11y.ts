import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from '@playwright/test';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * Runs axe-core in the page and returns the serious and critical violations. The source is
 * evaluated through the DevTools protocol, which extension pages' CSP does not govern, so
 * nothing is added to the page's own scripts.
 */
/** Loads axe-core into the page's main world (through CDP, which no page CSP governs). */
export async function loadAxe(page: Page): Promise<void> {
  await page.evaluate(AXE_SOURCE);
}

/**
 * A function source for `callOnOverlayElement`: axe cannot enter a closed shadow root, so the
 * root's exact markup and styles (`this` is an element inside it) are copied into an open shadow
 * root on the same page, where axe checks names, roles and contrast with real layout; the copy is
 * removed afterwards. Returns serious and critical violations only.
 */
export const AXE_ON_THIS = `async function () {
  const closed = this.getRootNode();
  const host = document.createElement('bridge-axe-copy');
  host.style.cssText = 'position: fixed; right: 16px; bottom: 16px; z-index: 2147483647';
  host.attachShadow({ mode: 'open' }).innerHTML = closed.innerHTML;
  document.body.append(host);
  let violations;
  try {
    ({ violations } = await axe.run(host, { resultTypes: ['violations'] }));
  } finally {
    host.remove();
  }
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
}`;

export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const { violations } = await axe.run(document, { resultTypes: ['violations'] });
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  });
}
