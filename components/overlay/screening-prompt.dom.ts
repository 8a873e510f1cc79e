// The overlay's prompt, built with plain DOM calls rather than Preact: it runs in every EHR page
// view, where each kilobyte of script is compiled cold on the page's main thread
// (lib/ehr/README.md, "Cost in the EHR page"). Every text is set with textContent.

export interface ScreeningPromptOptions {
  /** `due`: the patient on screen is due for SUD screening. `patient-changed`: the page switched patient. */
  state: 'due' | 'patient-changed';
  /** ISO date of the last screening; null shows "never". */
  lastScreened: string | null;
  /** Patient aged 12–21: the prompt suggests CRAFFT 2.1 (see `isAdolescent` in lib/ehr/patient). */
  adolescent?: boolean;
  /** Start as the small tab rather than the pill. */
  initiallyCollapsed?: boolean;
  /** Snooze choices offered, in days. */
  snoozeDays?: readonly number[];
  /** Opens the side panel for this patient. */
  onOpen: () => void;
  /** Snoozes the prompt for this patient for `days`. */
  onSnooze: (days: number) => void;
  /** Closes the prompt for this page view. */
  onDismiss: () => void;
  onCollapsedChange?: (collapsed: boolean) => void;
}

const snoozeLabel = (days: number): string => (days === 1 ? '1 day' : days === 7 ? '1 week' : `${days} days`);

function element<K extends keyof HTMLElementTagNameMap>(doc: Document, tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const el = doc.createElement(tag);
  el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
}

function button(doc: Document, className: string, text: string, onClick: () => void, named?: { label: string; title: string }): HTMLButtonElement {
  const b = element(doc, 'button', className, text);
  b.type = 'button';
  if (named) {
    b.setAttribute('aria-label', named.label);
    b.title = named.title;
  }
  b.addEventListener('click', onClick);
  return b;
}

/**
 * Shows the prompt in `root` (replacing what it held): a small pill that says screening is due
 * and opens Bridge, snoozes or closes; it collapses to a tab (a button or Escape) so it never sits
 * on the EHR's own controls. Shows no patient data. Every control is a button, so it is reachable
 * and operable from the keyboard, and focus stays on the control that was used. Returns a function
 * that removes it.
 */
export function showScreeningPrompt(root: HTMLElement, options: ScreeningPromptOptions): () => void {
  const doc = root.ownerDocument;
  const { state, lastScreened, adolescent = false, snoozeDays = [1, 7, 30] } = options;

  const tab = button(doc, 'bridge-prompt-tab', 'Bridge', () => setCollapsed(false));
  tab.setAttribute('aria-expanded', 'false');
  tab.title = state === 'due' ? 'SUD screening due: show Bridge prompt' : 'Patient changed: show Bridge prompt';
  const dot = element(doc, 'span', 'bridge-prompt-dot');
  dot.setAttribute('aria-hidden', 'true');
  tab.prepend(dot);
  const collapsedView = element(doc, 'div', 'bridge-prompt bridge-prompt--collapsed');
  collapsedView.setAttribute('role', 'region');
  collapsedView.setAttribute('aria-label', 'Bridge');
  collapsedView.append(tab);

  const text = element(doc, 'p', 'bridge-prompt-text');
  if (state === 'due') {
    text.textContent = `SUD screening due · last: ${lastScreened ?? 'never'}`;
    if (adolescent) text.append(element(doc, 'span', 'bridge-prompt-hint', 'CRAFFT 2.1 suggested'));
  } else {
    text.textContent = "Patient changed · the previous patient's work was closed";
    text.setAttribute('role', 'status');
    text.setAttribute('aria-live', 'polite');
  }
  const minimise = button(doc, 'bridge-prompt-icon', '–', () => setCollapsed(true), { label: 'Minimise Bridge prompt', title: 'Minimise' });
  const dismiss = button(doc, 'bridge-prompt-icon', '×', () => options.onDismiss(), { label: 'Dismiss Bridge prompt', title: 'Dismiss' });
  const header = element(doc, 'div', 'bridge-prompt-row');
  header.append(text, minimise, dismiss);

  const actions = element(doc, 'div', 'bridge-prompt-row bridge-prompt-actions');
  actions.append(button(doc, 'bridge-prompt-button bridge-prompt-primary', state === 'due' && adolescent ? 'Open Bridge (CRAFFT)' : 'Open Bridge', () => options.onOpen()));
  const snoozeChoices = element(doc, 'div', 'bridge-prompt-row bridge-prompt-snooze');
  snoozeChoices.setAttribute('role', 'group');
  snoozeChoices.setAttribute('aria-label', 'Snooze for');
  const snooze = button(doc, 'bridge-prompt-button', 'Snooze', () => setChoosingSnooze(snoozeChoices.hidden));
  if (state === 'due') actions.append(snooze);
  for (const days of snoozeDays) {
    snoozeChoices.append(
      button(doc, 'bridge-prompt-button', snoozeLabel(days), () => {
        setChoosingSnooze(false);
        options.onSnooze(days);
      }),
    );
  }

  const pill = element(doc, 'div', 'bridge-prompt');
  pill.setAttribute('role', 'region');
  pill.setAttribute('aria-label', 'Bridge: SUD screening');
  pill.append(header, actions, snoozeChoices);
  pill.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    event.stopPropagation();
    if (!snoozeChoices.hidden) {
      setChoosingSnooze(false);
      snooze.focus();
    } else setCollapsed(true);
  });

  function setChoosingSnooze(choosing: boolean) {
    snoozeChoices.hidden = !choosing;
    snooze.setAttribute('aria-expanded', String(choosing));
  }
  function setCollapsed(collapsed: boolean) {
    const active = (root.getRootNode() as Document | ShadowRoot).activeElement;
    const hadFocus = active !== null && root.contains(active);
    setChoosingSnooze(false);
    pill.hidden = collapsed;
    collapsedView.hidden = !collapsed;
    // The control that was used disappears: focus goes to the one that undoes it.
    if (hadFocus) (collapsed ? tab : minimise).focus();
    options.onCollapsedChange?.(collapsed);
  }

  setChoosingSnooze(false);
  pill.hidden = !!options.initiallyCollapsed;
  collapsedView.hidden = !options.initiallyCollapsed;
  root.replaceChildren(pill, collapsedView);
  return () => root.replaceChildren();
}
