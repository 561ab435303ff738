import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ZLogin, ZMe } from '../../common/auth.js';
import type { Deps } from '../deps.js';
import { requireActor } from '../http/auth-hook.js';
import { describeMe, login, logout, SESSION_COOKIE } from './auth.service.js';

const tags = ['auth'];

export async function authRoutes(app: FastifyInstance, { db, config }: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/api/auth/login',
    {
      schema: { tags, summary: 'Log in; sets the session cookie', security: [], body: ZLogin, response: { 200: ZMe } },
      config: { rateLimit: { max: config.rateLimits.loginPerMinute, timeWindow: '1 minute' } },
    },
    async (req, reply) => {
      const result = await login(db, req.body.username, req.body.password, req.ip, req.headers['user-agent'] ?? null);
      reply.setCookie(SESSION_COOKIE, result.token, { path: '/', httpOnly: true, sameSite: 'lax', secure: config.cookieSecure, expires: result.expiresAt });
      return describeMe(db, result.actor);
    },
  );
  r.post('/api/auth/logout', { schema: { tags, summary: 'Log out' } }, async (req, reply) => {
    const token = req.cookies[SESSION_COOKIE];
    if (token) await logout(db, token, req.actor);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });
  r.get('/api/auth/me', { schema: { tags, summary: 'Who is logged in, with assignments and permissions', response: { 200: ZMe } } }, (req) => describeMe(db, requireActor(req)));
}
