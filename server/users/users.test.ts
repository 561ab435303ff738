import { beforeAll, expect, it } from 'vitest';
import { describeEachDialect, TEST_PASSWORD } from '../test/harness.js';
import { buildScenario, type Scenario } from '../test/scenario.js';

let n = 0;
const fresh = (prefix = 'u') => `${prefix}${++n}${Math.random().toString(36).slice(2, 6)}`;

describeEachDialect('users', (t) => {
  let s: Scenario;
  beforeAll(async () => {
    s = await buildScenario(t);
  });

  const get = (url: string, cookie: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });
  const send = (method: 'POST' | 'PATCH', url: string, cookie: string, payload: object) => t.app.inject({ method, url, headers: { cookie }, payload });
  const usernameOf = async (id: number) => (await t.db.selectFrom('users').select('username').where('id', '=', id).executeTakeFirstOrThrow()).username;
  const listAll = async (cookie: string, query = '') => (await get(`/api/users?pageSize=200${query}`, cookie)).json();

  it('creates a user with 201 and lets the creator find and assign them', async () => {
    const username = fresh('new');
    const res = await send('POST', '/api/users', s.cookies.eastLeader, { username, password: 'a-good-password', displayName: '新网格员', phone: '13900139000', showPhone: true });
    expect(res.statusCode).toBe(201);
    const user = res.json();
    expect(user).toMatchObject({ username, displayName: '新网格员', phone: '13900139000', showPhone: true, isSuperAdmin: false, disabled: false, locked: false, lastLoginAt: null });
    expect(user).not.toHaveProperty('passwordHash');
    expect(JSON.stringify(user)).not.toContain('scrypt');
    expect((await listAll(s.cookies.eastLeader)).items.map((u: any) => u.id)).toContain(user.id);
    const assigned = await send('POST', '/api/assignments', s.cookies.eastLeader, { userId: user.id, areaId: s.eastGrid2.id, role: 'grid_worker' });
    expect(assigned.statusCode).toBe(201);
    // The new account can log in with the password it was given.
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: 'a-good-password' } });
    expect(login.statusCode).toBe(200);
  });

  it('refuses a taken username with 409 USERNAME_TAKEN on the username field', async () => {
    const taken = await usernameOf(s.users.westLeader);
    const res = await send('POST', '/api/users', s.cookies.eastLeader, { username: taken, password: 'a-good-password', displayName: '重名' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'USERNAME_TAKEN', fields: { username: expect.any(String) } });
    // Spaces around the name do not make it a different one.
    const padded = await send('POST', '/api/users', s.cookies.eastLeader, { username: ` ${taken} `, password: 'a-good-password', displayName: '重名' });
    expect(padded.json().error.code).toBe('USERNAME_TAKEN');
  });

  it('says which field is wrong: a short password, a bad phone, a bad username', async () => {
    const weak = await send('POST', '/api/users', s.cookies.eastLeader, { username: fresh(), password: '1234567', displayName: '弱密码' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error).toMatchObject({ code: 'VALIDATION_FAILED', fields: { password: expect.stringContaining('8 characters') } });
    const phone = await send('POST', '/api/users', s.cookies.eastLeader, { username: fresh(), password: 'a-good-password', displayName: '错号码', phone: '12345' });
    expect(phone.json().error.fields.phone).toContain('11-digit');
    const name = await send('POST', '/api/users', s.cookies.eastLeader, { username: '张三', password: 'a-good-password', displayName: '张三' });
    expect(name.json().error.fields.username).toBeTruthy();
    const weakUpdate = await send('PATCH', `/api/users/${s.users.eastWorker}`, s.cookies.eastLeader, { password: 'short' });
    expect(weakUpdate.json().error.fields.password).toBeTruthy();
  });

  it('lists only the users in the caller’s scope', async () => {
    const east = (await listAll(s.cookies.eastLeader)).items.map((u: any) => u.id);
    expect(east).toEqual(expect.arrayContaining([s.users.eastLeader, s.users.eastWorker]));
    for (const outside of [s.users.westLeader, s.users.chief, s.users.observer, s.users.nobody, s.users.admin]) expect(east).not.toContain(outside);

    const street = (await listAll(s.cookies.chief)).items.map((u: any) => u.id);
    expect(street).toEqual(expect.arrayContaining([s.users.chief, s.users.eastLeader, s.users.eastWorker, s.users.westLeader, s.users.observer]));
    expect(street).not.toContain(s.users.nobody);
    expect(street).not.toContain(s.users.admin);

    const worker = (await listAll(s.cookies.eastWorker)).items.map((u: any) => u.id);
    expect(worker).toContain(s.users.eastWorker);
    expect(worker).not.toContain(s.users.eastLeader);

    const admin = await listAll(s.cookies.admin);
    expect(admin.items.map((u: any) => u.id)).toEqual(expect.arrayContaining(Object.values(s.users)));
    expect((await get('/api/users', s.cookies.nobody)).statusCode).toBe(403);
  });

  it('masks phone numbers in the list except the caller’s own', async () => {
    const items = (await listAll(s.cookies.eastLeader)).items;
    expect(items.find((u: any) => u.id === s.users.eastWorker).phone).toBe('138****8002');
    expect(items.find((u: any) => u.id === s.users.eastLeader).phone).toBe('13800138001');
    const fromChief = (await listAll(s.cookies.chief)).items;
    expect(fromChief.find((u: any) => u.id === s.users.eastLeader).phone).toBe('138****8001');
    // Someone who only reads the roster does not see a full number on the detail page either.
    expect((await get(`/api/users/${s.users.eastWorker}`, s.cookies.observer)).json().phone).toBe('138****8002');
    expect((await get(`/api/users/${s.users.eastWorker}`, s.cookies.eastLeader)).json().phone).toBe('13800138002');
  });

  it('searches by name, username and phone digits, within scope', async () => {
    const byName = (await listAll(s.cookies.chief, `&q=${encodeURIComponent('东网格')}`)).items.map((u: any) => u.id);
    expect(byName).toEqual([s.users.eastWorker]);
    expect((await listAll(s.cookies.chief, '&q=WESTLEAD')).items.map((u: any) => u.id)).toEqual([s.users.westLeader]);
    expect((await listAll(s.cookies.eastLeader, '&q=westlead')).items).toEqual([]);
    const byPhone = await listAll(s.cookies.chief, '&q=8002');
    expect(byPhone.items.map((u: any) => u.id)).toEqual([s.users.eastWorker]);
    expect(byPhone.total).toBe(1);
  });

  it('pages the list with a stable total', async () => {
    const all = await listAll(s.cookies.chief);
    const first = (await get('/api/users?pageSize=2&page=1', s.cookies.chief)).json();
    const second = (await get('/api/users?pageSize=2&page=2', s.cookies.chief)).json();
    expect(first.total).toBe(all.total);
    expect(first.items).toHaveLength(2);
    expect([...first.items, ...second.items].map((u: any) => u.id)).toEqual(all.items.slice(0, 4).map((u: any) => u.id));
  });

  it('keeps a community leader from changing someone above them or in another community', async () => {
    const above = await t.user(fresh('above'));
    await t.assign(above, s.east, 'chief_advisor');
    const peer = await t.user(fresh('peer'));
    await t.assign(peer, s.east, 'chief_grid_leader');
    const straddler = await t.user(fresh('both'));
    await t.assign(straddler, s.eastGrid2, 'grid_worker');
    await t.assign(straddler, s.westGrid1, 'grid_worker');
    for (const id of [above, peer, straddler]) {
      for (const change of [{ displayName: '被改' }, { password: 'another-password' }, { disabled: true }]) {
        const res = await send('PATCH', `/api/users/${id}`, s.cookies.eastLeader, change);
        expect(res.statusCode, `${id} ${JSON.stringify(change)}`).toBe(403);
        expect(res.json().error.code).toBe('FORBIDDEN');
      }
      const row = await t.db.selectFrom('users').select(['display_name', 'disabled']).where('id', '=', id).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ disabled: 0 });
      expect(row.display_name).not.toBe('被改');
    }
    // Someone only in the west community is not even visible to the east leader.
    expect((await send('PATCH', `/api/users/${s.users.westLeader}`, s.cookies.eastLeader, { displayName: '被改' })).statusCode).toBe(404);
    // The west leader sees the straddler, but their east role is outside the west leader's scope.
    expect((await send('PATCH', `/api/users/${straddler}`, s.cookies.westLeader, { displayName: '被改' })).statusCode).toBe(403);
    // The street's chief covers both and ranks above them.
    expect((await send('PATCH', `/api/users/${straddler}`, s.cookies.chief, { displayName: '两边都管' })).json().displayName).toBe('两边都管');
  });

  it('lets anyone change their own name, phone and password, but not disable or unlock themselves', async () => {
    const username = fresh('self');
    const id = await t.user(username);
    await t.assign(id, s.eastGrid1, 'grid_worker');
    const cookie = await t.login(username);
    const res = await send('PATCH', `/api/users/${id}`, cookie, { displayName: '自己改名', phone: '13700137000', showPhone: true });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ displayName: '自己改名', phone: '13700137000', showPhone: true });
    expect((await get('/api/auth/me', cookie)).json().displayName).toBe('自己改名');

    expect((await send('PATCH', `/api/users/${id}`, cookie, { password: 'my-new-password' })).statusCode).toBe(200);
    // Changing one's own password keeps the session one is using.
    expect((await get('/api/auth/me', cookie)).statusCode).toBe(200);
    const oldPw = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: TEST_PASSWORD } });
    expect(oldPw.statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: 'my-new-password' } })).statusCode).toBe(200);

    expect((await send('PATCH', `/api/users/${id}`, cookie, { disabled: true })).statusCode).toBe(403);
    expect((await send('PATCH', `/api/users/${id}`, cookie, { unlock: true })).statusCode).toBe(403);
    expect((await get('/api/auth/me', cookie)).statusCode).toBe(200);
    // Nobody can change someone else just by seeing them.
    expect((await send('PATCH', `/api/users/${s.users.eastWorker}`, cookie, { displayName: 'x' })).statusCode).toBe(403);
  });

  it('ends a user’s sessions when a manager resets their password', async () => {
    const username = fresh('reset');
    const id = await t.user(username);
    await t.assign(id, s.eastGrid2, 'grid_worker');
    const phone = await t.login(username);
    const desktop = await t.login(username);
    const res = await send('PATCH', `/api/users/${id}`, s.cookies.eastLeader, { password: 'reset-by-leader' });
    expect(res.statusCode).toBe(200);
    for (const cookie of [phone, desktop]) expect((await get('/api/auth/me', cookie)).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: TEST_PASSWORD } })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: 'reset-by-leader' } })).statusCode).toBe(200);
    // The manager's own session is untouched, and the reset is on record without the password.
    expect((await get('/api/auth/me', s.cookies.eastLeader)).statusCode).toBe(200);
    const log = (await get(`/api/audit?action=user.password&user=${s.users.eastLeader}`, s.cookies.admin)).json();
    expect(log.items[0]).toMatchObject({ entityId: String(id) });
    expect(JSON.stringify(log.items[0])).not.toContain('reset-by-leader');
  });

  it('lets a manager disable a user below them, which hides them from the public card', async () => {
    const username = fresh('gone');
    const id = await t.user(username, { name: '离职网格员' });
    await t.assign(id, s.eastGrid2, 'grid_worker');
    const card = async () => (await t.app.inject({ method: 'GET', url: `/api/public/grids/${s.eastGrid2.id}/card` })).json().people.map((p: any) => p.name);
    expect(await card()).toContain('离职网格员');
    const res = await send('PATCH', `/api/users/${id}`, s.cookies.eastLeader, { disabled: true });
    expect(res.json().disabled).toBe(true);
    expect(await card()).not.toContain('离职网格员');
  });
});
