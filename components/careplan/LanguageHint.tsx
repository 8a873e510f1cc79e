import { useState } from 'preact/hooks';
import { findStigmatizingTerms } from '@/lib/language/check';

interface LanguageHintProps {
  text: string;
  lang?: 'en' | 'es';
}

/**
 * A gentle suggestion under a field the clinician types in, when the text uses a word that
 * stigmatizes (lib/language). It never blocks saving and each suggestion can be dismissed.
 */
export function LanguageHint({ text, lang = 'en' }: LanguageHintProps) {
  const [dismissed, setDismissed] = useState<string[]>([]);
  const findings = findStigmatizingTerms(text, { lang }).filter((f) => !dismissed.includes(f.termId));
  if (findings.length === 0) return null;
  return (
    <ul class="bridge-language-hint" aria-live="polite" data-testid="language-hint">
      {findings.map((f) => (
        <li key={`${f.termId}-${f.start}`}>
          {f.severity === 'consider' ? 'Maybe' : 'Consider'} “{f.suggestion}” instead of “{text.slice(f.start, f.end)}”.{' '}
          <button type="button" class="bridge-link-button" onClick={() => setDismissed((d) => [...d, f.termId])} aria-label={`Dismiss the suggestion about “${text.slice(f.start, f.end)}”`}>
            Dismiss
          </button>
        </li>
      ))}
    </ul>
  );
}
