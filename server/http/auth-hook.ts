import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Actor } from '../auth/actor.js';
import { actorFromSession, SESSION_COOKIE } from '../auth/auth.service.js';
import type { Database } from '../db/types.js';
import { AppError } from './errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
}

/** Resolve the session cookie to an Actor on every request; routes then call `requireActor`. */
export function registerAuthHook(app: FastifyInstance, db: Kysely<Database>): void {
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (request) => {
    const token = request.cookies?.[SESSION_COOKIE];
    if (token && request.url.startsWith('/api/')) request.actor = await actorFromSession(db, token, request.ip);
  });
}

/** The signed-in actor, or a 401 that tells the caller to log in. */
export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('AUTH_REQUIRED', 'please log in first');
  return request.actor;
}
