import { z } from 'zod';
import en from '../../public/_locales/en/messages.json';
import es from '../../public/_locales/es/messages.json';

/** Chrome `_locales/<lang>/messages.json`: `{ key: { message, description?, placeholders? } }`. */
export const messageCatalogSchema = z.record(
  z.string().regex(/^[A-Za-z0-9_]+$/),
  z.object({
    message: z.string(),
    description: z.string().optional(),
    placeholders: z.record(z.string(), z.object({ content: z.string(), example: z.string().optional() })).optional(),
  }),
);
export type MessageCatalog = z.infer<typeof messageCatalogSchema>;

export type ScreeningLocale = 'en' | 'es';

/** The patient-facing catalogs, validated at load. The patient picks the language, not the browser. */
export const screeningCatalogs: Record<ScreeningLocale, MessageCatalog> = {
  en: messageCatalogSchema.parse(en),
  es: messageCatalogSchema.parse(es),
};

/** Looks up a message; `substitutions` fill `$1`, `$2`… as chrome.i18n.getMessage does. */
export type MessageLookup = (key: string, substitutions?: readonly (string | number)[]) => string;

/** Thrown for a key a catalog does not have, so a missing translation fails loudly in tests. */
export class MissingMessageError extends Error {
  override readonly name = 'MissingMessageError';
}

/**
 * A lookup over one catalog with Chrome's placeholder rules (`$NAME$` → placeholder content →
 * `$1`…; `$$` → `$`). Falls back to `fallback` (English) when the key is missing there; throws
 * `MissingMessageError` when neither has it.
 */
export function createMessageLookup(catalog: MessageCatalog, fallback?: MessageCatalog): MessageLookup {
  return (key, substitutions = []) => {
    const entry = catalog[key] ?? fallback?.[key];
    if (!entry) throw new MissingMessageError(`No message '${key}' in the screening catalog. Add it to public/_locales/*/messages.json.`);
    const placeholders = entry.placeholders ?? {};
    const fill = (text: string) => text.replace(/\$(\d)/g, (_, n: string) => String(substitutions[Number(n) - 1] ?? ''));
    return entry.message
      .replace(/\$([A-Za-z0-9_@]+)\$/g, (whole, name: string) => {
        const p = placeholders[name.toLowerCase()];
        return p ? fill(p.content) : whole;
      })
      .replace(/\$\$/g, '$');
  };
}

/** The lookup for a patient-chosen locale, falling back to English. */
export function screeningMessages(locale: ScreeningLocale): MessageLookup {
  return createMessageLookup(screeningCatalogs[locale], screeningCatalogs.en);
}
