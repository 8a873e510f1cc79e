/** Opens a shadow root; content scripts may pass `chrome.dom.openOrClosedShadowRoot` to reach closed ones. */
export type ShadowRootOpener = (host: Element) => ShadowRoot | null;

const openShadowRootOnly: ShadowRootOpener = (host) => host.shadowRoot;

/**
 * `querySelector` that understands `a >>> b` (continue inside the shadow root of the element `a`
 * matched). Returns null when a part matches nothing or a host has no reachable shadow root.
 * Throws the browser's SyntaxError on an invalid selector: callers that take selectors from
 * policy validate them first ({@link checkSelector}).
 */
export function queryDeep(root: ParentNode, selector: string, openShadowRoot: ShadowRootOpener = openShadowRootOnly): Element | null {
  const parts = selector.split('>>>').map((p) => p.trim());
  let scope: ParentNode = root;
  for (let i = 0; i < parts.length; i++) {
    const found = scope.querySelector(parts[i] as string);
    if (!found || i === parts.length - 1) return found;
    const shadow = openShadowRoot(found);
    if (!shadow) return null;
    scope = shadow;
  }
  return null;
}

/** Like {@link queryDeep}, every match of the last part (for radio groups). */
export function queryDeepAll(root: ParentNode, selector: string, openShadowRoot: ShadowRootOpener = openShadowRootOnly): Element[] {
  const parts = selector.split('>>>').map((p) => p.trim());
  const last = parts.pop() as string;
  const scopeHost = parts.length ? queryDeep(root, parts.join(' >>> '), openShadowRoot) : null;
  const scope = parts.length ? (scopeHost ? openShadowRoot(scopeHost) : null) : root;
  return scope ? Array.from(scope.querySelectorAll(last)) : [];
}

/**
 * The document inside a same-origin iframe matched by `frameSelector`; null when there is no such
 * frame, it has not loaded, or it is cross-origin (the browser then denies access).
 */
export function frameDocument(root: ParentNode, frameSelector: string, openShadowRoot?: ShadowRootOpener): Document | null {
  const frame = queryDeep(root, frameSelector, openShadowRoot);
  if (!frame || frame.tagName !== 'IFRAME' && frame.tagName !== 'FRAME') return null;
  try {
    return (frame as HTMLIFrameElement).contentDocument ?? null;
  } catch {
    return null;
  }
}

/** Null when every part of the selector is valid CSS for `sample`'s engine, else the browser's message. */
export function checkSelector(sample: ParentNode, selector: string): string | null {
  for (const part of selector.split('>>>')) {
    try {
      sample.querySelector(part.trim());
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }
  return null;
}
