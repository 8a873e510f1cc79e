import { referralLetterSections } from '@/lib/referral/letter';
import type { ReferralPacket } from '@/lib/referral/packet';
import './ReferralLetter.css';

interface ReferralLetterProps {
  packet: ReferralPacket;
  /** Opens the print dialog (the side panel passes `() => window.print()`); save as PDF from there. */
  onPrint?: () => void;
  /** Copies the plain-text letter (the side panel passes a clipboard writer). */
  onCopy?: () => void;
}

/**
 * The referral letter, laid out for the screen and for paper: the print stylesheet hides
 * everything but the letter, and the §2.32 notice always prints last.
 */
export function ReferralLetter({ packet, onPrint, onCopy }: ReferralLetterProps) {
  const sections = referralLetterSections(packet);
  return (
    <article class="bridge-letter" aria-label="Referral letter">
      {(onPrint || onCopy) && (
        <div class="bridge-letter-actions bridge-no-print">
          {onPrint && (
            <button type="button" class="bridge-primary" onClick={onPrint}>
              Print or save as PDF
            </button>
          )}
          {onCopy && (
            <button type="button" onClick={onCopy}>
              Copy as text
            </button>
          )}
        </div>
      )}
      {sections.map((s, i) =>
        i === 0 ? (
          <header key={s.heading} class="bridge-letter-head">
            <h1>{s.heading}</h1>
            {s.lines.map((l) => (
              <p key={l}>{l}</p>
            ))}
          </header>
        ) : (
          <section key={s.heading} class={s.heading.startsWith('Confidentiality') ? 'bridge-letter-notice' : 'bridge-letter-section'}>
            <h2>{s.heading}</h2>
            {s.lines.map((l, j) => (
              <p key={j}>{l}</p>
            ))}
          </section>
        ),
      )}
    </article>
  );
}
