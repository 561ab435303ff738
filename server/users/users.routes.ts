import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZUser, ZUserCreate, ZUserListQuery, ZUserPage, ZUserUpdate } from '../../common/users.js';
import type { Deps } from '../deps.js';
import { requireActor } from '../http/auth-hook.js';
import { createUser, getUser, listUsers, updateUser } from './users.service.js';

const ZId = z.object({ id: z.coerce.number().int().positive() });
const tags = ['users'];

export async function usersRoutes(app: FastifyInstance, { db }: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/users', { schema: { tags, summary: 'Users in your scope (phones masked)', querystring: ZUserListQuery, response: { 200: ZUserPage } } }, (req) => listUsers(db, requireActor(req), req.query));
  r.post('/api/users', { schema: { tags, summary: 'Create a user', body: ZUserCreate, response: { 201: ZUser } } }, async (req, reply) => reply.status(201).send(await createUser(db, requireActor(req), req.body)));
  r.get('/api/users/:id', { schema: { tags, summary: 'One user', params: ZId, response: { 200: ZUser } } }, (req) => getUser(db, requireActor(req), req.params.id));
  r.patch('/api/users/:id', { schema: { tags, summary: 'Change a user (name, phone, password, disable, unlock)', params: ZId, body: ZUserUpdate, response: { 200: ZUser } } }, (req) =>
    updateUser(db, requireActor(req), req.params.id, req.body),
  );
}
