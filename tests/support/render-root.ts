import { render, type ComponentChild } from 'preact';
import { act } from 'preact/test-utils';
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

/**
 * For component tests that render inside `act` (effects and state updates flushed): `mount(node)`
 * renders into a fresh container in `document.body` and returns it; every container is unmounted
 * and removed after the test.
 */
export function useActMount(): (node: ComponentChild) => HTMLElement {
  const hosts: HTMLElement[] = [];
  afterEach(() => {
    for (const host of hosts.splice(0)) {
      act(() => render(null, host));
      host.remove();
    }
  });
  return (node) => {
    const host = document.createElement('div');
    document.body.append(host);
    hosts.push(host);
    act(() => render(node, host));
    return host;
  };
}
