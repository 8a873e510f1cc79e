import { useState } from 'preact/hooks';
// Styles are not imported here: the content script injects them into its closed shadow root
// from ./styles.ts (CSS as text), and a side-effect import would emit a stray stylesheet.

export interface ScreeningPromptProps {
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

/**
 * The overlay's prompt: a small pill at the page's bottom-right (the host positions it) that says
 * screening is due and opens Bridge, snoozes or closes; collapses to a tab so it never sits on the
 * EHR's own controls. Shows no patient data. Escape collapses it. Every control is a button, so it
 * is reachable and operable from the keyboard.
 */
export function ScreeningPrompt({
  state,
  lastScreened,
  adolescent = false,
  initiallyCollapsed = false,
  snoozeDays = [1, 7, 30],
  onOpen,
  onSnooze,
  onDismiss,
  onCollapsedChange,
}: ScreeningPromptProps) {
  const [collapsed, setCollapsed] = useState(initiallyCollapsed);
  const [choosingSnooze, setChoosingSnooze] = useState(false);
  const collapse = (value: boolean) => {
    setCollapsed(value);
    setChoosingSnooze(false);
    onCollapsedChange?.(value);
  };

  if (collapsed) {
    return (
      <div class="bridge-prompt bridge-prompt--collapsed" role="region" aria-label="Bridge">
        <button type="button" class="bridge-prompt-tab" aria-expanded="false" onClick={() => collapse(false)}
          title={state === 'due' ? 'SUD screening due: show Bridge prompt' : 'Patient changed: show Bridge prompt'}>
          <span aria-hidden="true" class="bridge-prompt-dot" />
          Bridge
        </button>
      </div>
    );
  }

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.stopPropagation();
    if (choosingSnooze) setChoosingSnooze(false);
    else collapse(true);
  };

  return (
    <div class="bridge-prompt" role="region" aria-label="Bridge: SUD screening" onKeyDown={onKeyDown}>
      <div class="bridge-prompt-row">
        {state === 'due' ? (
          <p class="bridge-prompt-text">
            SUD screening due · last: {lastScreened ?? 'never'}
            {adolescent && <span class="bridge-prompt-hint">CRAFFT 2.1 suggested</span>}
          </p>
        ) : (
          <p class="bridge-prompt-text" role="status" aria-live="polite">
            Patient changed · the previous patient's work was closed
          </p>
        )}
        <button type="button" class="bridge-prompt-icon" aria-label="Minimise Bridge prompt" title="Minimise" onClick={() => collapse(true)}>
          –
        </button>
        <button type="button" class="bridge-prompt-icon" aria-label="Dismiss Bridge prompt" title="Dismiss" onClick={onDismiss}>
          ×
        </button>
      </div>
      <div class="bridge-prompt-row bridge-prompt-actions">
        <button type="button" class="bridge-prompt-button bridge-prompt-primary" onClick={onOpen}>
          {state === 'due' && adolescent ? 'Open Bridge (CRAFFT)' : 'Open Bridge'}
        </button>
        {state === 'due' && (
          <button type="button" class="bridge-prompt-button" aria-expanded={choosingSnooze} onClick={() => setChoosingSnooze(!choosingSnooze)}>
            Snooze
          </button>
        )}
      </div>
      {choosingSnooze && (
        <div class="bridge-prompt-row bridge-prompt-snooze" role="group" aria-label="Snooze for">
          {snoozeDays.map((days) => (
            <button key={days} type="button" class="bridge-prompt-button" onClick={() => { setChoosingSnooze(false); onSnooze(days); }}>
              {snoozeLabel(days)}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
