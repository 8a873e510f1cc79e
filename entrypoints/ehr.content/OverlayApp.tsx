export type OverlayState = { kind: 'hidden' } | { kind: 'due'; label: string; adolescent: boolean };

export interface OverlayActions {
  open(): void;
  snooze(days: number): void;
  dismiss(): void;
}

/** The overlay's whole UI: nothing, or the small "screening due" prompt. */
export function OverlayApp({ state, actions }: { state: OverlayState; actions: OverlayActions }) {
  if (state.kind === 'hidden') return null;
  return (
    <aside class="bridge-prompt" role="complementary" aria-label="Bridge screening prompt">
      <span class="bridge-prompt-label">{state.label}</span>
      {state.adolescent && <span class="bridge-prompt-hint">CRAFFT 2.1 suggested</span>}
      <button type="button" class="bridge-prompt-open" onClick={actions.open}>Open Bridge</button>
      <button type="button" onClick={() => actions.snooze(7)}>Snooze 7 days</button>
      <button type="button" aria-label="Dismiss" onClick={actions.dismiss}>×</button>
    </aside>
  );
}
