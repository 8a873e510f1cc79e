import { render } from 'preact';
import { afterEach, beforeEach } from 'vitest';

/**
 * Gives each component test a fresh container in `document.body` (passed to `assign`), and
 * unmounts and removes it after the test, so no rendered tree leaks into the next one.
 */
export function useRenderRoot(assign: (root: HTMLElement) => void): void {
  let current: HTMLElement;
  beforeEach(() => {
    current = document.createElement('div');
    document.body.append(current);
    assign(current);
  });
  afterEach(() => {
    render(null, current);
    current.remove();
  });
}
