import type { Page } from '@playwright/test';

// Bridge's overlay lives in a *closed* shadow root, so page scripts (and Playwright's locators)
// cannot reach into it. Tests read and click it the way a person does: CDP's DOM domain, which
// pierces closed roots, finds an element's box, and the real mouse clicks there.

async function findInOverlay(page: Page, selector: string) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
    const stack = [root];
    let shadowRootId: number | undefined;
    while (stack.length && shadowRootId === undefined) {
      const node = stack.pop()!;
      if (node.localName === 'bridge-overlay') shadowRootId = node.shadowRoots?.[0]?.nodeId;
      stack.push(...(node.children ?? []), ...(node.shadowRoots ?? []), ...(node.contentDocument ? [node.contentDocument] : []));
    }
    if (shadowRootId === undefined) return { cdp, nodeIds: [] as number[] };
    const { nodeIds } = await cdp.send('DOM.querySelectorAll', { nodeId: shadowRootId, selector });
    return { cdp, nodeIds };
  } catch (error) {
    await cdp.detach();
    throw error;
  }
}

/** The text of every element matching `selector` inside the overlay's closed shadow root. */
export async function overlayTexts(page: Page, selector: string): Promise<string[]> {
  const { cdp, nodeIds } = await findInOverlay(page, selector);
  try {
    const texts: string[] = [];
    for (const nodeId of nodeIds) {
      const { object } = await cdp.send('DOM.resolveNode', { nodeId });
      const { result } = await cdp.send('Runtime.callFunctionOn', { objectId: object.objectId!, functionDeclaration: 'function(){return this.textContent}', returnByValue: true });
      texts.push(String(result.value ?? '').trim());
    }
    return texts;
  } finally {
    await cdp.detach();
  }
}

/** Clicks, with the mouse, the first overlay element matching `selector` whose text includes `text`. */
export async function clickInOverlay(page: Page, selector: string, text?: string): Promise<void> {
  const { cdp, nodeIds } = await findInOverlay(page, selector);
  try {
    for (const nodeId of nodeIds) {
      const { object } = await cdp.send('DOM.resolveNode', { nodeId });
      const { result } = await cdp.send('Runtime.callFunctionOn', { objectId: object.objectId!, functionDeclaration: 'function(){return this.textContent}', returnByValue: true });
      if (text && !String(result.value).includes(text)) continue;
      const { model } = await cdp.send('DOM.getBoxModel', { nodeId });
      const [x1, y1, , , x3, y3] = model.content;
      await page.mouse.click((x1! + x3!) / 2, (y1! + y3!) / 2);
      return;
    }
    throw new Error(`no overlay element ${selector}${text ? ` with text "${text}"` : ''}`);
  } finally {
    await cdp.detach();
  }
}

/**
 * Runs `fn` (a function source, `this` = the element) on the first overlay element matching
 * `selector`, in the page's main world, through CDP: the way an accessibility checker can reach
 * into the closed shadow root that page scripts cannot.
 */
export async function callOnOverlayElement<T>(page: Page, selector: string, fn: string): Promise<T> {
  const { cdp, nodeIds } = await findInOverlay(page, selector);
  try {
    if (nodeIds.length === 0) throw new Error(`no overlay element ${selector}`);
    const { object } = await cdp.send('DOM.resolveNode', { nodeId: nodeIds[0]! });
    const { result, exceptionDetails } = await cdp.send('Runtime.callFunctionOn', { objectId: object.objectId!, functionDeclaration: fn, returnByValue: true, awaitPromise: true });
    if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
    return result.value as T;
  } finally {
    await cdp.detach();
  }
}
