import { z } from 'zod';
import { normalisePhone, RowErrors, RowFieldError, ProviderSet, fileFailure, requiredCoordinate, requiredState, requiredText, requiredZip, optionalText, optionalWebsite, type ImportResult } from './common';
import { providerId, sortTags, type Provider } from '../provider';
import { serviceTagSchema, type ServiceTag } from '../service-codes';
import type { ZipLocator } from './locator-2017';

/**
 * Community-resource tags from an HSDS service's words (name, description, taxonomy terms),
 * since HSDS 3.0 leaves the taxonomy to each publisher. Terms from shared/domain.md
 * ("Resources patients need on paper", "Open Referral HSDS"): mutual-help programs (AA, NA,
 * SMART Recovery, Refuge Recovery), peer recovery specialists, recovery housing, vocational and
 * harm-reduction services.
 */
export const HSDS_KEYWORD_TAGS = z
  .array(z.object({ pattern: z.string().min(1), tags: z.array(serviceTagSchema).min(1) }))
  .parse([
    { pattern: '\\b(alcoholics anonymous|narcotics anonymous|smart recovery|refuge recovery|mutual[- ]help|12[- ]step|aa meeting|na meeting|support group)', tags: ['mutual-help'] },
    { pattern: '\\b(peer (support|recovery|specialist|mentor)|recovery coach)', tags: ['peer-support'] },
    { pattern: '\\b(recovery (housing|residence|home)|sober living|oxford house)', tags: ['recovery-housing'] },
    { pattern: '\\b(vocational|employment|job training|job readiness)', tags: ['vocational'] },
    { pattern: '\\b(harm reduction|syringe|needle exchange|fentanyl test)', tags: ['harm-reduction'] },
    { pattern: '\\b(naloxone|narcan)', tags: ['naloxone'] },
    { pattern: '\\b(telehealth|telemedicine|online meeting|virtual meeting)', tags: ['telehealth'] },
    { pattern: '\\b(spanish|en español)', tags: ['spanish'] },
    { pattern: '\\bbuprenorphine', tags: ['buprenorphine'] },
  ]);

const keywordRules = HSDS_KEYWORD_TAGS.map((rule) => ({ re: new RegExp(rule.pattern, 'i'), tags: rule.tags }));

/** Tags a community service's text implies. */
export function tagsForHsdsText(text: string): ServiceTag[] {
  return keywordRules.flatMap((rule) => (rule.re.test(text) ? rule.tags : []));
}

type Table = Record<string, unknown>[];
type Row = Record<string, unknown>;

/** HSDS 3.0 table names; a data package may also use the plural. */
const TABLES = ['organization', 'service', 'location', 'service_at_location', 'phone', 'address'] as const;

function table(pkg: Record<string, unknown>, name: (typeof TABLES)[number]): Table | RowFieldError {
  const value = pkg[name] ?? pkg[`${name}s`];
  if (value === undefined) return [];
  if (!Array.isArray(value)) return new RowFieldError(1, name, 'must be a list of records');
  return value as Table;
}

function byId(rows: Table): Map<string, Row> {
  const map = new Map<string, Row>();
  for (const row of rows) if (row && typeof row === 'object' && typeof row.id === 'string') map.set(row.id, row);
  return map;
}

/**
 * Imports an Open Referral HSDS 3.0 JSON data package (tables `organization`, `service`,
 * `location`, `service_at_location`, `phone`, optionally `address`) as community resources: one
 * listing per service at a location. Errors name the table and its 1-based row
 * ("Row 3: `location.latitude` ..."). A location without coordinates is placed at its ZIP
 * centroid when `locateZip` is given.
 */
export function importHsdsPackage(input: string | unknown, asOf: string, locateZip?: ZipLocator): ImportResult {
  let pkg: unknown = input;
  if (typeof input === 'string') {
    try {
      pkg = JSON.parse(input);
    } catch (error) {
      return fileFailure('file', `is not JSON (${(error as Error).message})`);
    }
  }
  if (typeof pkg !== 'object' || pkg === null || Array.isArray(pkg)) return fileFailure('file', 'must be an HSDS data package object with service, location and service_at_location lists');
  const tables: Partial<Record<(typeof TABLES)[number], Table>> = {};
  for (const name of TABLES) {
    const t = table(pkg as Record<string, unknown>, name);
    if (t instanceof RowFieldError) return fileFailure(name, 'must be a list of records');
    tables[name] = t;
  }
  const errors = new RowErrors();
  const organizations = byId(tables.organization!);
  const services = byId(tables.service!);
  const locations = byId(tables.location!);
  const addressOf = new Map<string, Row>();
  for (const address of tables.address!) {
    if (address && typeof address.location_id === 'string' && (!addressOf.has(address.location_id) || address.address_type === 'physical')) {
      addressOf.set(address.location_id, address);
    }
  }
  const phones = tables.phone!;
  const firstPhone = (key: string, id: unknown): string | null => {
    if (typeof id !== 'string') return null;
    for (const phone of phones) {
      if (phone && phone[key] === id && typeof phone.number === 'string') {
        const number = normalisePhone(phone.number);
        if (number) return typeof phone.extension === 'string' || typeof phone.extension === 'number' ? `${number} x${phone.extension}` : number;
      }
    }
    return null;
  };
  const providers = new ProviderSet();
  const links = tables.service_at_location!;
  if (links.length === 0) return fileFailure('service_at_location', 'is empty: the package lists no service at any location');
  links.forEach((link, index) => {
    const rowNumber = index + 1;
    const provider = errors.guard((): Provider => {
      if (!link || typeof link !== 'object') throw new RowFieldError(rowNumber, 'service_at_location', 'must be a record');
      const service = services.get(String(link.service_id));
      if (!service) throw new RowFieldError(rowNumber, 'service_at_location.service_id', `names no service, got '${String(link.service_id).slice(0, 40)}'`);
      const location = locations.get(String(link.location_id));
      if (!location) throw new RowFieldError(rowNumber, 'service_at_location.location_id', `names no location, got '${String(link.location_id).slice(0, 40)}'`);
      const organization = organizations.get(String(service.organization_id)) ?? null;
      const address: Row = addressOf.get(String(location.id)) ?? location;
      const field = (f: string) => (address === location ? `location.${f}` : `address.${f}`);
      const prefixed = (r: Row, prefix: string): Row => Object.fromEntries(Object.entries(r).map(([k, v]) => [`${prefix}.${k}`, v]));
      const a = prefixed(address, address === location ? 'location' : 'address');
      const l = prefixed(location, 'location');
      const s = prefixed(service, 'service');
      const name = requiredText(s, rowNumber, 'service.name');
      const street1 = optionalText(a, rowNumber, field('address_1')) ?? '';
      const city = requiredText(a, rowNumber, field('city'), 100);
      const state = requiredState(a, rowNumber, field('state_province'));
      const zip = requiredZip(a, rowNumber, field('postal_code'));
      const noCoordinates = (location.latitude === undefined || location.latitude === null || location.latitude === '') && (location.longitude === undefined || location.longitude === null || location.longitude === '');
      const centroid = noCoordinates && locateZip ? locateZip(zip) : null;
      const lat = centroid ? centroid.lat : requiredCoordinate(l, rowNumber, 'location.latitude', 90);
      const lng = centroid ? centroid.lng : requiredCoordinate(l, rowNumber, 'location.longitude', 180);
      const words = [service.name, service.description, service.alternate_name, ...(Array.isArray(service.taxonomy_terms) ? service.taxonomy_terms : [])]
        .filter((w): w is string => typeof w === 'string')
        .join(' ');
      const tags = sortTags(tagsForHsdsText(words));
      const orgName = organization && typeof organization.name === 'string' ? organization.name.trim() : null;
      return {
        id: providerId(name, street1, city, state, zip),
        name,
        name2: orgName && orgName !== name ? orgName.slice(0, 300) : null,
        street1,
        street2: optionalText(a, rowNumber, field('address_2')),
        city,
        state,
        zip,
        phone: firstPhone('service_at_location_id', link.id) ?? firstPhone('service_id', service.id) ?? firstPhone('location_id', location.id) ?? firstPhone('organization_id', organization?.id),
        phoneAsOf: null,
        intakePhone: null,
        hotline: null,
        website: optionalWebsite(s, rowNumber, 'service.url') ?? (organization ? optionalWebsite(prefixed(organization, 'organization'), rowNumber, 'organization.website') : null),
        lat,
        lng,
        typeOfCare: ['community'],
        services: tags,
        rawCodes: [],
        servicesKnown: tags.length > 0,
        source: 'hsds',
        alsoFrom: [],
        lastVerified: asOf,
      };
    });
    if (provider) providers.add(provider);
  });
  if (errors.count > 0) return errors.failure();
  return {
    ok: true,
    providers: providers.values(),
    summary: { rowsRead: links.length, providers: providers.size, duplicatesMerged: providers.duplicatesMerged, notes: [] },
  };
}
