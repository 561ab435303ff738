import { existsSync } from 'node:fs';
import { join } from 'node:path';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { announcementsRoutes } from './announcements/announcements.routes.js';
import { createDeliveryWorker } from './announcements/delivery-worker.js';
import { webhooksRoutes } from './announcements/webhooks.routes.js';
import { outboundPolicy } from './http/outbound-url.js';
import { areasRoutes } from './areas/areas.routes.js';
import { auditRoutes } from './audit/audit.routes.js';
import { authRoutes } from './auth/auth.routes.js';
import type { Deps } from './deps.js';
import { attachmentsRoutes } from './attachments/attachments.routes.js';
import { casesRoutes } from './cases/cases.routes.js';
import { caseViewsRoutes } from './cases/case-views.routes.js';
import { inspectionsRoutes } from './cases/inspections.routes.js';
import { startEscalationLoop } from './cases/escalation.js';
import { formsRoutes } from './forms/forms.routes.js';
import { startTallyLoop } from './forms/tally.js';
import { gridCardRoutes } from './grid-card/grid-card.routes.js';
import { registerAuthHook } from './http/auth-hook.js';
import { AppError, errorHandler } from './http/errors.js';
import { languageOf, localizePayload } from './http/localize.js';
import { open311Routes } from './open311/open311.routes.js';
import { registryFilesRoutes } from './registry/registry-files.routes.js';
import { registryRoutes } from './registry/registry.routes.js';
import { rosterRoutes } from './roster/roster.routes.js';
import { usersRoutes } from './users/users.routes.js';

export interface BuildOptions {
  logger?: boolean | object;
  trustProxy?: boolean;
}

/** Paths the light mobile entry serves; everything else that is not the API goes to the admin app. */
const MOBILE_PREFIXES = ['/card/', '/n/', '/f/', '/screen/', '/report/', '/track/', '/m/'];

/** Build the whole HTTP app without listening, so tests can drive it with `inject`. */
export async function buildApp(deps: Deps, options: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    trustProxy: options.trustProxy ?? process.env.WANGGE_TRUST_PROXY === '1',
    bodyLimit: 2 * 1024 * 1024,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);

  await app.register(cookie);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  // WANGGE_RATE_LIMITS=off: without the plugin, the per-route limits below are not applied either.
  if (deps.config.rateLimits.enabled) await app.register(rateLimit, {
    global: true,
    max: deps.config.rateLimits.apiPerMinute,
    timeWindow: '1 minute',
    errorResponseBuilder: (_req, ctx) => {
      const err = new AppError('RATE_LIMITED', `too many requests; try again in ${Math.ceil(ctx.ttl / 1000)} seconds`);
      return Object.assign(err, { statusCode: 429 });
    },
  });
  await app.register(multipart, { limits: { fileSize: 200 * 1024 * 1024, files: 1, fields: 10 } });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Wangge API', description: 'Grid-based community governance (网格化社区治理)', version: '0.1.0' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'wangge_session' } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: false });

  registerAuthHook(app, deps.db);
  // Import outcomes carry row messages in their body, not as errors: answer them in the reader's language too.
  app.addHook('preSerialization', async (request, _reply, payload) => (request.url.startsWith('/api/imports/') ? localizePayload(payload, languageOf(request)) : payload));

  app.get('/healthz', { config: { rateLimit: false } }, async () => {
    await deps.db.selectFrom('settings').select('key').limit(1).execute();
    return { status: 'ok', db: deps.dialect };
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  for (const routes of [authRoutes, areasRoutes, usersRoutes, rosterRoutes, auditRoutes, gridCardRoutes, registryRoutes, registryFilesRoutes, announcementsRoutes, webhooksRoutes, formsRoutes, casesRoutes, caseViewsRoutes, inspectionsRoutes, open311Routes, attachmentsRoutes]) {
    await app.register(async (scope) => routes(scope, deps));
  }

  registerWeb(app, deps.config.webDir);
  startDeliveryWorker(app, deps);
  if (deps.config.tallyPollMs > 0) {
    const stop = startTallyLoop(deps.db, deps.config.tallyPollMs, app.log);
    app.addHook('onClose', stop);
  }
  if (deps.config.escalationPollMs > 0) {
    const stop = startEscalationLoop(deps.db, deps.config.escalationPollMs, deps.clock ?? (() => new Date()), app.log);
    app.addHook('onClose', stop);
  }
  return app;
}

/** Group-chat deliveries go out from inside the app; the loop ends with it. `webhookPollMs: 0` leaves it off. */
function startDeliveryWorker(app: FastifyInstance, deps: Deps) {
  const { config } = deps;
  if (!(config.webhookPollMs > 0)) return;
  const worker = createDeliveryWorker({
    db: deps.db,
    publicUrl: config.publicUrl ?? `http://localhost:${config.port}`,
    pollMs: config.webhookPollMs,
    now: deps.clock,
    log: app.log,
    targets: { policy: outboundPolicy(config) },
  });
  worker.start();
  app.addHook('onClose', async () => worker.stop());
}

function registerWeb(app: FastifyInstance, webDir: string) {
  const hasWeb = existsSync(join(webDir, 'index.html'));
  // wildcard: files are looked up per request, so a rebuilt app is served without a restart.
  if (hasWeb) app.register(fastifyStatic, { root: webDir, wildcard: true, index: false, maxAge: '1h', preCompressed: true });
  // The URL printed at start-up is the root: it must open the app, not a directory listing refusal.
  if (hasWeb) app.get('/', { schema: { hide: true } }, (_req, reply) => reply.header('cache-control', 'no-cache').sendFile('index.html'));
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0];
    if (req.method !== 'GET' || path.startsWith('/api/') || path === '/api' || path.startsWith('/assets/')) {
      return reply.status(404).send({ error: { code: 'NOT_FOUND', message: `no such endpoint: ${req.method} ${path}` } });
    }
    if (!hasWeb) return reply.status(404).type('text/plain; charset=utf-8').send('The web app is not built yet: run `npm run build`.');
    // The resident form page has its own small entry (its JavaScript budget is 150 KB gzipped).
    const page = path.startsWith('/f/') && existsSync(join(webDir, 'form.html')) ? 'form.html' : MOBILE_PREFIXES.some((p) => path.startsWith(p)) && existsSync(join(webDir, 'mobile.html')) ? 'mobile.html' : 'index.html';
    return reply.header('cache-control', 'no-cache').sendFile(page);
  });
}
