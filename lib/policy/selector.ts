/**
 * A syntax check for the CSS selectors a clinic supplies for its EHR. `lib/` has no `document`
 * to try them with, so this catches what a person typing JSON into a policy file gets wrong
 * (unbalanced brackets, quotes, stray braces, empty hops); the content script still reports a
 * selector the browser rejects when it first uses it.
 *
 * ` >>> ` separates hops into a shadow root: `ehr-banner >>> .patient-name` looks for
 * `.patient-name` inside the shadow root of `ehr-banner`.
 */

/** The separator between hops into an open shadow root. */
export const SHADOW_HOP = '>>>';

const CLOSERS: Record<string, string> = { '(': ')', '[': ']' };

/** Why `selector` cannot be a CSS selector (with shadow hops), or null when it looks valid. */
export function selectorProblem(selector: string): string | null {
  if (selector.trim() === '') return 'is empty';
  const hops = selector.split(SHADOW_HOP);
  for (const [index, hop] of hops.entries()) {
    if (hop.trim() === '') {
      return hops.length > 1 ? `has an empty part around \`${SHADOW_HOP}\` (part ${index + 1})` : 'is empty';
    }
    const problem = hopProblem(hop);
    if (problem) return problem;
  }
  return null;
}

function hopProblem(hop: string): string | null {
  const open: string[] = [];
  let quote: string | null = null;
  for (let i = 0; i < hop.length; i += 1) {
    const char = hop[i] as string;
    if (char === '\\') {
      i += 1;
      continue;
    }
    if (quote) {
      if (char === quote) quote = null;
      continue;
    }
    if (char === '"' || char === "'") quote = char;
    else if (char === '(' || char === '[') open.push(CLOSERS[char] as string);
    else if (char === ')' || char === ']') {
      if (open.pop() !== char) return `has an unmatched \`${char}\``;
    } else if (char === '{' || char === '}' || char === ';') return `contains \`${char}\`, which is not allowed in a selector`;
    else if (char < ' ') return 'contains a control character';
  }
  if (quote) return `has an unclosed ${quote} quote`;
  if (open.length > 0) return `is missing a closing \`${open[open.length - 1]}\``;
  if (/^\s*[>+~,]|[>+~,]\s*$/.test(hop)) return 'starts or ends with a combinator';
  return null;
}
