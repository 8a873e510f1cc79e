import { handoutText, type HandoutKey, type HandoutLanguage } from './handout-strings';
import type { CarePlan } from './plan';

/**
 * The patient handout: the care plan in plain words, in English or Spanish, with the places the
 * patient chose (phone and address), peer-support meetings, the next visit and crisis lines.
 * Pure: the handout page renders the sections and prints them. What the clinician typed (a step's
 * description, a meeting's name) is printed as typed, in the language it was typed in.
 */

/** A place the patient chose (from a referral or "Find treatment"). */
export interface HandoutPlace {
  name: string;
  address: string;
  phone: string;
}

export interface HandoutInput {
  plan: CarePlan;
  /** The day the handout is printed (YYYY-MM-DD): "We made this plan with you on …". */
  today: string;
  places: readonly HandoutPlace[];
  /** The next visit: a referral appointment, else the plan's next contact. */
  nextVisit: { on: string; place: string | null } | null;
}

export interface HandoutSection {
  id: 'intro' | 'goals' | 'steps' | 'team' | 'places' | 'meetings' | 'next' | 'help' | 'footer';
  heading: string | null;
  /** Each entry is a block (a paragraph or list item); `lines` inside it print on their own lines. */
  blocks: { lines: string[]; quote?: string }[];
}

export interface Handout {
  lang: HandoutLanguage;
  title: string;
  sections: HandoutSection[];
}

/** A date as the patient reads it: "Monday, December 7, 2026" / "lunes, 7 de diciembre de 2026". */
export function handoutDate(day: string, lang: HandoutLanguage): string {
  const date = new Date(`${day.slice(0, 10)}T12:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  return new Intl.DateTimeFormat(lang === 'es' ? 'es-US' : 'en-US', { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(date);
}

/** Builds the handout for one plan in one language. Only active goals and steps that are not stopped or done are listed. */
export function carePlanHandout(input: HandoutInput, lang: HandoutLanguage): Handout {
  const t = (key: HandoutKey, values?: Record<string, string>) => handoutText(lang, key, values);
  const { plan } = input;
  const date = (d: string) => handoutDate(d, lang);
  const sections: HandoutSection[] = [];
  const strip = (s: string) => s.trim().replace(/[.!?]+$/, '');

  sections.push({ id: 'intro', heading: null, blocks: [{ lines: [t('intro', { date: date(input.today) })] }] });

  const goals = plan.goals.filter((g) => g.status === 'active' || g.status === 'proposed');
  sections.push({
    id: 'goals',
    heading: t('goalsHeading'),
    blocks: goals.length
      ? goals.map((g) => ({ quote: g.patientWords, lines: [t('goalLine', { words: g.patientWords.trim(), date: date(g.targetDate) })] }))
      : [{ lines: [t('noGoals')] }],
  });

  const members = new Map(plan.careTeam.map((m) => [m.id, m]));
  const steps = plan.interventions.filter((i) => (i.status === 'planned' || i.status === 'active') && i.kind !== 'peer-support');
  sections.push({
    id: 'steps',
    heading: t('stepsHeading'),
    blocks: steps.length
      ? steps.map((i) => {
          const helper = i.assignedTo ? members.get(i.assignedTo) : undefined;
          const what = i.kind === 'moud' && i.medication ? `${t('kind_moud')} (${t(`med_${i.medication}` as const)})` : t(`kind_${i.kind}` as const);
          return {
            lines: [
              `${what}: ${strip(i.description)}.`,
              ...(helper && helper.role !== 'patient' ? [t('stepWho', { name: helper.name })] : []),
              ...(i.frequency ? [t('stepHowOften', { frequency: strip(i.frequency) })] : []),
              ...(i.startOn ? [t('stepStart', { date: date(i.startOn) })] : []),
            ],
          };
        })
      : [{ lines: [t('noSteps')] }],
  });

  const team = plan.careTeam.filter((m) => m.role !== 'patient');
  if (team.length) {
    sections.push({
      id: 'team',
      heading: t('teamHeading'),
      blocks: team.map((m) => ({
        lines: [
          t('teamLine', { name: m.name, role: t(`role_${m.role}` as const) }),
          ...(m.organisation ? [t('teamOrg', { organisation: m.organisation })] : []),
          ...(m.contact?.phone ? [t('teamPhone', { phone: m.contact.phone })] : []),
          ...(m.contact?.address ? [t('teamAddress', { address: m.contact.address })] : []),
          ...(m.responsibilities.length ? [t('teamDoes', { what: m.responsibilities.map(strip).join('; ') })] : []),
        ],
      })),
    });
  }

  if (input.places.length) {
    sections.push({
      id: 'places',
      heading: t('placesHeading'),
      blocks: input.places.map((p) => ({
        lines: [t('placeLine', { name: strip(p.name) }), ...(p.address ? [t('placeAddress', { address: p.address })] : []), ...(p.phone ? [t('placePhone', { phone: p.phone })] : [])],
      })),
    });
  }

  const meetings = plan.interventions.filter((i) => i.kind === 'peer-support' && (i.status === 'planned' || i.status === 'active'));
  if (meetings.length) {
    sections.push({
      id: 'meetings',
      heading: t('meetingsHeading'),
      blocks: [
        { lines: [t('meetingsIntro')] },
        ...meetings.map((i) => ({ lines: [t('meetingLine', { what: strip(i.description) }), ...(i.frequency ? [t('meetingHowOften', { frequency: strip(i.frequency) })] : [])] })),
      ],
    });
  }

  const next = input.nextVisit;
  sections.push({
    id: 'next',
    heading: t('nextHeading'),
    blocks: [{ lines: [next ? (next.place ? t('nextVisitWith', { date: date(next.on), place: strip(next.place) }) : t('nextVisit', { date: date(next.on) })) : t('nextVisitNone')] }],
  });
  sections.push({ id: 'help', heading: t('helpHeading'), blocks: [{ lines: [t('help988')] }, { lines: [t('helpSamhsa')] }, { lines: [t('help911')] }] });
  sections.push({ id: 'footer', heading: null, blocks: [{ lines: [t('footer')] }] });
  return { lang, title: t('title'), sections };
}

/** The handout as plain text, one line per printed line (for the readability and language checks). */
export function handoutPlainText(handout: Handout): string {
  return [handout.title, ...handout.sections.flatMap((s) => [...(s.heading ? [s.heading] : []), ...s.blocks.flatMap((b) => b.lines)])].join('\n');
}

/**
 * The handout's sentences, for the readability measure: every printed line that ends a sentence,
 * without headings (not sentences) and without lines that are only a phone number or an address,
 * which readability formulas mis-read as one long word.
 */
export function handoutProse(handout: Handout): string {
  const contact = /^(Phone|Address|Teléfono|Dirección): /;
  return handout.sections
    .flatMap((s) => s.blocks.flatMap((b) => b.lines))
    .filter((line) => !contact.test(line))
    .join(' ');
}
