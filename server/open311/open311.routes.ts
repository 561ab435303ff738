import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../deps.js';
import { PhoneWindow } from '../forms/public-forms.service.js';
import { publicBaseUrl } from '../grid-card/grid-card.routes.js';
import { AppError } from '../http/errors.js';
import { languageOf, localizeText } from '../http/localize.js';
import { createRequest, getRequest, listRequests, listServices, requestOfToken, serviceDefinition, servicesChangeset } from './open311.service.js';
import { toXml, type XmlValue } from './xml.js';

/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) over the case engine: services are the
 * categories residents may choose, requests are the cases that came in through Open311. Every resource
 * answers in JSON or XML by its extension; every failure is the specification's error list.
 */
export const OPEN311_BASE = '/open311/v2';
const SPECIFICATION = 'http://wiki.open311.org/GeoReport_v2';
const tags = ['open311'];
const FORMATS = ['json', 'xml'] as const;
type Format = (typeof FORMATS)[number];

const ZFormat = z.string().describe('json or xml');
const ZText = z.union([z.string(), z.number()]).optional();
const ZRequestBody = z.object({
  api_key: z.string().optional().describe('required: the key made with `wangge apikey add`'),
  jurisdiction_id: z.string().optional().describe('ignored: this server answers for one jurisdiction'),
  service_code: z.string().optional().describe('required: a service_code from services'),
  lat: ZText,
  long: ZText,
  address_string: z.string().optional(),
  address_id: z.string().optional().describe('an area code under the key’s area'),
  email: z.string().optional().describe('not stored'),
  device_id: z.string().optional(),
  account_id: z.string().optional(),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  phone: z.string().optional().describe('required: an 11-digit mainland mobile number'),
  description: z.string().optional(),
  media_url: z.string().optional(),
});
const ZRequestQuery = z.object({
  jurisdiction_id: z.string().optional(),
  api_key: z.string().optional(),
  service_request_id: z.string().optional().describe('comma separated; other filters are then ignored'),
  service_code: z.string().optional().describe('comma separated'),
  start_date: z.string().optional(),
  end_date: z.string().optional(),
  status: z.string().optional().describe('open, closed or both, comma separated'),
});
const ZJurisdiction = z.object({ jurisdiction_id: z.string().optional() });

/** The format a URL asks for (its extension), or null when it names neither. */
function formatOf(request: FastifyRequest): Format | null {
  const fromParams = (request.params as { format?: string } | undefined)?.format;
  const ext = fromParams ?? /\.(\w+)(?:\?|$)/.exec(request.url.split('?')[0])?.[1];
  return FORMATS.includes(ext as Format) ? (ext as Format) : null;
}

function send(reply: FastifyReply, format: Format, status: number, root: string, value: XmlValue, itemNames: Record<string, string> = {}) {
  reply.status(status);
  if (format === 'xml') return reply.type('text/xml; charset=utf-8').send(toXml(root, value, itemNames));
  return reply.type('application/json; charset=utf-8').send(JSON.stringify(value));
}

/** GeoReport's error list: [{code, description}] or <errors><error>…</error></errors>. */
function sendErrors(request: FastifyRequest, reply: FastifyReply, status: number, description: string) {
  const errors = [{ code: status, description: localizeText(description, languageOf(request)) }];
  return send(reply, formatOf(request) ?? 'json', status, 'errors', errors, { errors: 'error' });
}

/** The format in the URL, or a 404 in the error format when the extension is neither json nor xml. */
function requireFormat(request: FastifyRequest): Format {
  const format = formatOf(request);
  if (!format) throw new AppError('NOT_FOUND', `no such format; add .json or .xml to ${request.url.split('?')[0].replace(/\.[^./]*$/, '')}`);
  return format;
}

function errorHandler(err: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  if (err instanceof AppError) {
    const detail = err.fields ? `${err.message} (${Object.entries(err.fields).map(([k, v]) => `${k}: ${v}`).join('; ')})` : err.message;
    return sendErrors(request, reply, err.status, detail);
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const fields = err.validation.map((v) => `${v.instancePath.replace(/^\//, '') || (v.params as any)?.issue?.path?.join('.') || 'request'}: ${v.message ?? 'invalid'}`);
    return sendErrors(request, reply, 400, fields.join('; '));
  }
  const fe = err as FastifyError;
  if (fe.statusCode === 429) return sendErrors(request, reply, 429, 'too many requests, please wait a minute and try again');
  if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return sendErrors(request, reply, 415, 'unsupported content type; send application/x-www-form-urlencoded or JSON');
  if (fe.statusCode === 413) return sendErrors(request, reply, 413, 'the request is too large');
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) return sendErrors(request, reply, fe.statusCode, fe.statusCode === 400 && err instanceof SyntaxError ? 'the request body is not valid JSON' : fe.message);
  request.log.error({ err }, 'unhandled error');
  return sendErrors(request, reply, 500, 'something went wrong on the server; it has been logged');
}

export async function open311Routes(app: FastifyInstance, deps: Deps) {
  const { db, cipher, config } = deps;
  const now = () => (deps.clock ? deps.clock() : new Date());
  const r = app.withTypeProvider<ZodTypeProvider>();
  app.setErrorHandler(errorHandler);
  // GeoReport clients POST forms; this scope reads them (JSON keeps working as everywhere else).
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  // Civic apps in other origins read the public resources from the browser; creating needs a key anyway.
  app.addHook('onSend', async (req, reply) => {
    if (req.method === 'GET') reply.header('access-control-allow-origin', '*').header('cross-origin-resource-policy', 'cross-origin');
  });

  const publicLimit = { max: config.rateLimits.publicPerMinute, timeWindow: '1 minute' };
  const submitLimit = { max: config.rateLimits.submitPerMinute, timeWindow: '1 minute' };
  const phoneLimit = config.rateLimits.enabled ? new PhoneWindow(config.rateLimits.submitPerPhonePerHour) : null;
  const tz = config.timeZone;
  const doc = <E extends object>(summary: string, extra: E) => ({ tags, summary, security: [], params: z.object({ format: ZFormat }), ...extra });

  r.get(`${OPEN311_BASE}/discovery.:format`, { schema: doc('Open311 service discovery (GeoReport v2 endpoint, formats, where to get a key)', { querystring: ZJurisdiction }), config: { rateLimit: publicLimit } }, async (req, reply) => {
    const format = requireFormat(req);
    const changeset = await servicesChangeset(db, tz);
    const base = publicBaseUrl(req, config.publicUrl).replace(/\/$/, '');
    const discovery = {
      changeset,
      contact: `${base}/`,
      key_service: 'API keys are issued by the administrator of this server (wangge apikey add --name NAME --area CODE)',
      endpoints: [{ specification: SPECIFICATION, url: `${base}${OPEN311_BASE}`, changeset, type: 'production', formats: ['text/xml', 'application/json'] }],
    };
    return send(reply, format, 200, 'discovery', discovery, { endpoints: 'endpoint', formats: 'format' });
  });

  r.get(`${OPEN311_BASE}/services.:format`, { schema: doc('Open311 services: the case categories residents may report', { querystring: ZJurisdiction }), config: { rateLimit: publicLimit } }, async (req, reply) => {
    const format = requireFormat(req);
    return send(reply, format, 200, 'services', (await listServices(db)) as unknown as XmlValue, { services: 'service' });
  });

  r.get(
    `${OPEN311_BASE}/services/:service_code.:format`,
    { schema: { ...doc('Open311 service definition (no extra attributes: metadata is false)', { querystring: ZJurisdiction }), params: z.object({ service_code: z.string(), format: ZFormat }) }, config: { rateLimit: publicLimit } },
    async (req, reply) => {
      const format = requireFormat(req);
      return send(reply, format, 200, 'service_definition', await serviceDefinition(db, req.params.service_code), { attributes: 'attribute' });
    },
  );

  r.post(
    `${OPEN311_BASE}/requests.:format`,
    {
      schema: doc('Open311: create a service request (a case) with an API key; form-urlencoded or JSON', { body: ZRequestBody, consumes: ['application/x-www-form-urlencoded', 'application/json'] }),
      config: { rateLimit: submitLimit },
      // A post without a body still deserves the specification's answer (403 without a key), not a schema error.
      preValidation: async (req) => {
        if (req.body === undefined || req.body === null) req.body = {};
        else if (typeof req.body !== 'object') throw new AppError('OPEN311_ERROR', 'unsupported content type; send application/x-www-form-urlencoded or JSON');
      },
    },
    async (req, reply) => {
      const format = requireFormat(req);
      const created = await createRequest(db, cipher, { ...(req.query as object), ...req.body }, { baseUrl: publicBaseUrl(req, config.publicUrl), phoneLimit, now: now() });
      return send(reply, format, 201, 'service_requests', [created] as unknown as XmlValue, { service_requests: 'request' });
    },
  );

  r.get(`${OPEN311_BASE}/requests.:format`, { schema: doc('Open311: requests made through Open311 (default the last 90 days, at most 1000)', { querystring: ZRequestQuery }), config: { rateLimit: publicLimit } }, async (req, reply) => {
    const format = requireFormat(req);
    return send(reply, format, 200, 'service_requests', (await listRequests(db, req.query, tz, now())) as unknown as XmlValue, { service_requests: 'request' });
  });

  r.get(
    `${OPEN311_BASE}/requests/:service_request_id.:format`,
    { schema: { ...doc('Open311: one request by its service_request_id (the case reference)', { querystring: ZJurisdiction }), params: z.object({ service_request_id: z.string(), format: ZFormat }) }, config: { rateLimit: publicLimit } },
    async (req, reply) => {
      const format = requireFormat(req);
      return send(reply, format, 200, 'service_requests', (await getRequest(db, req.params.service_request_id, tz)) as unknown as XmlValue, { service_requests: 'request' });
    },
  );

  r.get(
    `${OPEN311_BASE}/tokens/:token.:format`,
    { schema: { ...doc('Open311: the service_request_id behind a tracking token', { querystring: ZJurisdiction }), params: z.object({ token: z.string(), format: ZFormat }) }, config: { rateLimit: publicLimit } },
    async (req, reply) => {
      const format = requireFormat(req);
      return send(reply, format, 200, 'service_requests', await requestOfToken(db, req.params.token), { service_requests: 'request' });
    },
  );

  // A resource without .json/.xml, or one the specification does not have, answers in the error format (not with the web app).
  const unknown = async (req: FastifyRequest) => {
    const path = req.url.split('?')[0];
    throw new AppError('NOT_FOUND', /\.\w+$/.test(path) ? `no such Open311 resource: ${req.method} ${path}` : `no such Open311 resource: ${req.method} ${path}; resources end in .json or .xml`);
  };
  for (const url of [`${OPEN311_BASE}/:resource`, `${OPEN311_BASE}/:resource/:id`]) app.route({ method: ['GET', 'POST'], url, schema: { hide: true }, config: { rateLimit: publicLimit }, handler: unknown });
}
