import type { PolicyWarning } from '@/lib/policy/parse';

/**
 * Policy values Bridge ignored, each naming the key and what was wrong, so the clinic's IT can
 * fix the policy. Renders nothing when the policy is clean.
 */
export function PolicyWarnings({ warnings }: { warnings: readonly PolicyWarning[] }) {
  if (warnings.length === 0) return null;
  return (
    <section class="bridge-card bridge-policy-warnings" aria-labelledby="bridge-policy-warnings-heading" data-testid="policy-warnings">
      <h2 id="bridge-policy-warnings-heading">Policy problems</h2>
      <p>
        Your organization's policy has {warnings.length === 1 ? 'a value' : `${warnings.length} values`} Bridge could not use. Bridge
        ignored {warnings.length === 1 ? 'it' : 'them'} and uses the default instead; everything else in the policy applies. Tell your IT
        department:
      </p>
      <ul>
        {warnings.map((warning) => (
          <li key={`${warning.key}:${warning.message}`}>
            Ignored policy value <code>{warning.key}</code>: {warning.message}
          </li>
        ))}
      </ul>
    </section>
  );
}
