import { beforeAll, expect, it } from 'vitest';
import { describeEachDialect, TEST_PASSWORD, type TestDb } from '../test/harness.js';
import { buildScenario, type Scenario } from '../test/scenario.js';

const login = (t: TestDb, username: string, password: string, remoteAddress?: string) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, ...(remoteAddress ? { remoteAddress } : {}) });
const me = (t: TestDb, cookie: string) => t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
const sessionCookie = (res: { cookies: { name: string; value: string }[] }) => `wangge_session=${res.cookies.find((c) => c.name === 'wangge_session')!.value}`;

let n = 0;
const fresh = () => `auth${++n}${Math.random().toString(36).slice(2, 6)}`;

describeEachDialect('login and sessions', (t) => {
  let s: Scenario;
  beforeAll(async () => {
    s = await buildScenario(t);
  });

  const patchUser = (id: number, cookie: string, payload: object) => t.app.inject({ method: 'PATCH', url: `/api/users/${id}`, headers: { cookie }, payload });
  const audit = async (query: string) => (await t.app.inject({ method: 'GET', url: `/api/audit?${query}`, headers: { cookie: s.cookies.admin } })).json().items as any[];

  it('sets an httpOnly, SameSite=Lax session cookie for the whole site and answers with the user', async () => {
    const name = fresh();
    const id = await t.user(name, { name: '登录测试' });
    const res = await login(t, name, TEST_PASSWORD);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id, username: name, displayName: '登录测试', isSuperAdmin: false, assignments: [], permissions: [] });
    const cookie = res.cookies.find((c) => c.name === 'wangge_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie.value.length).toBeGreaterThanOrEqual(32);
    expect(cookie.secure).toBeFalsy();
    // A session a week long, not a browser-session cookie that vanishes on a phone's app switch.
    expect(new Date(cookie.expires!).getTime() - Date.now()).toBeGreaterThan(6 * 86400_000);
    expect((await me(t, sessionCookie(res))).json().username).toBe(name);
  });

  it('shows the caller their assignments with area names and the permissions they add up to', async () => {
    const leader = (await me(t, s.cookies.eastLeader)).json();
    expect(leader.assignments).toEqual([{ areaId: s.east.id, role: 'chief_grid_leader', area: { id: s.east.id, code: s.east.code, name: '东社区', level: 'community', path: s.east.path } }]);
    expect([...leader.permissions].sort()).toEqual(
      ['announcement.read', 'announcement.review', 'announcement.write', 'area.read', 'area.write', 'case.handle', 'case.manage', 'case.read', 'case.report', 'case.verify', 'form.alert', 'form.export', 'form.read', 'form.write', 'inspection.write', 'resident.export', 'resident.read', 'resident.reveal', 'resident.write', 'roster.read', 'roster.write', 'user.manage'],
    );
    const observer = (await me(t, s.cookies.observer)).json();
    expect(observer.assignments.map((a: any) => [a.area.name, a.role])).toEqual([['测试街道', 'observer']]);
    expect([...observer.permissions].sort()).toEqual(['announcement.read', 'area.read', 'case.read', 'form.read', 'resident.read', 'roster.read']);
    const admin = (await me(t, s.cookies.admin)).json();
    expect(admin.isSuperAdmin).toBe(true);
    expect(admin.permissions).toContain('audit.read');
    const nobody = (await me(t, s.cookies.nobody)).json();
    expect(nobody).toMatchObject({ assignments: [], permissions: [] });
  });

  it('leaves ended assignments out of /me and out of what the user may do', async () => {
    const name = fresh();
    const id = await t.user(name);
    const assignment = await t.assign(id, s.eastGrid2, 'grid_leader');
    const cookie = await t.login(name);
    expect((await me(t, cookie)).json().permissions).toContain('area.write');
    const ended = await t.app.inject({ method: 'POST', url: `/api/assignments/${assignment}/end`, headers: { cookie: s.cookies.eastLeader } });
    expect(ended.statusCode).toBe(200);
    expect((await me(t, cookie)).json()).toMatchObject({ assignments: [], permissions: [] });
    expect((await t.app.inject({ method: 'GET', url: `/api/areas/${s.eastGrid2.id}`, headers: { cookie } })).statusCode).toBe(404);
  });

  it('answers 401 AUTH_REQUIRED without a session or with an unknown one', async () => {
    const anon = await t.app.inject({ method: 'GET', url: '/api/auth/me' });
    expect(anon.statusCode).toBe(401);
    expect(anon.json().error.code).toBe('AUTH_REQUIRED');
    expect((await me(t, 'wangge_session=forged')).json().error.code).toBe('AUTH_REQUIRED');
  });

  it('refuses a wrong password with 401 AUTH_INVALID, counting down the attempts left', async () => {
    const name = fresh();
    await t.user(name);
    const first = await login(t, name, 'wrong-password');
    expect(first.statusCode).toBe(401);
    expect(first.json().error).toMatchObject({ code: 'AUTH_INVALID', message: expect.stringContaining('4 attempt(s) left') });
    expect(first.cookies.find((c) => c.name === 'wangge_session')).toBeUndefined();
    expect((await login(t, name, 'wrong-password')).json().error.message).toContain('3 attempt(s) left');
    // An unknown user gets the same answer, so usernames cannot be probed.
    const unknown = await login(t, `no-such-${fresh()}`, 'wrong-password');
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().error.code).toBe('AUTH_INVALID');
  });

  it('starts the count again after a successful login', async () => {
    const name = fresh();
    await t.user(name);
    for (let i = 0; i < 4; i++) expect((await login(t, name, 'wrong-password')).statusCode).toBe(401);
    expect((await login(t, name, TEST_PASSWORD)).statusCode).toBe(200);
    const again = await login(t, name, 'wrong-password');
    expect(again.json().error.message).toContain('4 attempt(s) left');
  });

  it('locks the account after 5 wrong passwords, even against the right one, until an admin unlocks it', async () => {
    const name = fresh();
    const id = await t.user(name);
    await t.assign(id, s.eastGrid1, 'grid_worker');
    const earlier = await t.login(name);
    for (let i = 0; i < 4; i++) expect((await login(t, name, 'wrong-password')).statusCode).toBe(401);
    const fifth = await login(t, name, 'wrong-password');
    expect(fifth.statusCode).toBe(423);
    expect(fifth.json().error.code).toBe('AUTH_LOCKED');
    const right = await login(t, name, TEST_PASSWORD);
    expect(right.statusCode).toBe(423);
    expect(right.json().error).toMatchObject({ code: 'AUTH_LOCKED', message: expect.stringContaining('minute') });
    expect(right.cookies.find((c) => c.name === 'wangge_session')).toBeUndefined();

    expect((await t.app.inject({ method: 'GET', url: `/api/users/${id}`, headers: { cookie: s.cookies.eastLeader } })).json().locked).toBe(true);
    // A session opened before the lock cannot be used to unlock the account: only a manager can.
    const selfUnlock = await patchUser(id, earlier, { unlock: true });
    expect(selfUnlock.statusCode).toBe(403);
    expect((await login(t, name, TEST_PASSWORD)).statusCode).toBe(423);
    const unlocked = await patchUser(id, s.cookies.eastLeader, { unlock: true });
    expect(unlocked.statusCode).toBe(200);
    expect(unlocked.json().locked).toBe(false);
    expect((await login(t, name, TEST_PASSWORD)).statusCode).toBe(200);
    expect((await audit(`user=${s.users.eastLeader}&action=user.unlock`)).some((e) => e.entityId === String(id))).toBe(true);
  });

  it('lifts a lock by itself once its 15 minutes have passed', async () => {
    const name = fresh();
    const id = await t.user(name);
    for (let i = 0; i < 5; i++) await login(t, name, 'wrong-password');
    const { locked_until } = await t.db.selectFrom('users').select('locked_until').where('id', '=', id).executeTakeFirstOrThrow();
    const minutes = (Date.parse(locked_until!) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(14);
    expect(minutes).toBeLessThanOrEqual(15);
    await t.db.updateTable('users').set({ locked_until: new Date(Date.now() - 1000).toISOString() }).where('id', '=', id).execute();
    expect((await login(t, name, TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('ends a session when it expires', async () => {
    const name = fresh();
    const id = await t.user(name);
    const cookie = await t.login(name);
    expect((await me(t, cookie)).statusCode).toBe(200);
    await t.db.updateTable('sessions').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('user_id', '=', id).execute();
    expect((await me(t, cookie)).statusCode).toBe(401);
    expect(await t.db.selectFrom('sessions').select('id').where('user_id', '=', id).execute()).toEqual([]);
  });

  it('refuses a disabled user at login and ends the sessions they had', async () => {
    const name = fresh();
    const id = await t.user(name);
    await t.assign(id, s.eastGrid1, 'grid_worker');
    const cookie = await t.login(name);
    expect((await me(t, cookie)).statusCode).toBe(200);
    expect((await patchUser(id, s.cookies.admin, { disabled: true })).json().disabled).toBe(true);
    expect((await me(t, cookie)).statusCode).toBe(401);
    const refused = await login(t, name, TEST_PASSWORD);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('AUTH_DISABLED');
    // Enabling the account again does not bring back the old session: it was ended, not paused.
    expect((await patchUser(id, s.cookies.admin, { disabled: false })).json().disabled).toBe(false);
    expect((await me(t, cookie)).statusCode).toBe(401);
    expect((await login(t, name, TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('ends the session at logout: the cookie is cleared and no longer works', async () => {
    const name = fresh();
    await t.user(name);
    const cookie = await t.login(name);
    const other = await t.login(name);
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
    expect(res.statusCode).toBe(204);
    const cleared = res.cookies.find((c) => c.name === 'wangge_session')!;
    expect(cleared.value).toBe('');
    expect(new Date(cleared.expires!).getTime()).toBeLessThan(Date.now());
    expect((await me(t, cookie)).statusCode).toBe(401);
    // Logging out on one device leaves the others signed in.
    expect((await me(t, other)).statusCode).toBe(200);
  });

  it('records every login, failure, lock and logout in the audit log with who and from where', async () => {
    const name = fresh();
    const id = await t.user(name);
    const cookie = sessionCookie(await login(t, name, TEST_PASSWORD, '10.1.2.3'));
    await login(t, name, 'wrong-password', '10.1.2.4');
    await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie }, remoteAddress: '10.1.2.3' });
    const mine = await audit(`user=${id}`);
    expect(mine.map((e) => e.action)).toEqual(['auth.logout', 'auth.login_failed', 'auth.login']);
    expect(mine[2]).toMatchObject({ username: name, ip: '10.1.2.3', entityType: 'user', entityId: String(id) });
    expect(mine[1]).toMatchObject({ username: name, ip: '10.1.2.4', after: { reason: 'wrong password', failures: 1 } });

    const locked = fresh();
    const lockedId = await t.user(locked);
    for (let i = 0; i < 5; i++) await login(t, locked, 'wrong-password');
    await login(t, locked, TEST_PASSWORD);
    const later = await audit(`user=${lockedId}&pageSize=3`);
    expect(later.map((e) => [e.action, e.after?.reason])).toEqual([
      ['auth.login_failed', 'locked'],
      ['auth.locked', 'wrong password'],
      ['auth.login_failed', 'wrong password'],
    ]);

    const ghost = `ghost-${fresh()}`;
    await login(t, ghost, 'whatever-pass');
    const unknown = (await audit('action=auth.login_failed&pageSize=200')).find((e) => e.username === ghost);
    expect(unknown).toMatchObject({ userId: null, after: { reason: 'unknown user' } });
  });

  it('records a failed login with a username longer than any account has, instead of failing', async () => {
    // The login form accepts up to 64 characters; usernames are at most 32.
    const long = `x${'y'.repeat(50)}`;
    const res = await login(t, long, 'whatever-pass');
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('AUTH_INVALID');
    const entry = (await audit('action=auth.login_failed&pageSize=200')).find((e) => e.username && long.startsWith(e.username));
    expect(entry).toMatchObject({ userId: null, after: { reason: 'unknown user' } });
  });
});

describeEachDialect(
  'login rate limit',
  (t) => {
    it('answers 429 RATE_LIMITED after too many logins from one address, and only for that address', async () => {
      const name = fresh();
      await t.user(name);
      for (let i = 0; i < 3; i++) expect((await login(t, name, 'wrong-password', '10.9.0.1')).statusCode).toBe(401);
      const limited = await login(t, name, TEST_PASSWORD, '10.9.0.1');
      expect(limited.statusCode).toBe(429);
      expect(limited.json().error).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringContaining('try again') });
      expect(limited.cookies.find((c) => c.name === 'wangge_session')).toBeUndefined();
      // A forwarded-for header from the client is not trusted by default, so it cannot dodge the limit.
      const spoofed = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: name, password: TEST_PASSWORD }, remoteAddress: '10.9.0.1', headers: { 'x-forwarded-for': '203.0.113.7' } });
      expect(spoofed.statusCode).toBe(429);
      expect((await login(t, name, TEST_PASSWORD, '10.9.0.2')).statusCode).toBe(200);
    });

    it('does not count other API calls against the login limit', async () => {
      const name = fresh();
      await t.user(name);
      const cookie = sessionCookie(await login(t, name, TEST_PASSWORD, '10.9.1.1'));
      for (let i = 0; i < 10; i++) expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie }, remoteAddress: '10.9.1.1' })).statusCode).toBe(200);
      expect((await login(t, name, TEST_PASSWORD, '10.9.1.1')).statusCode).toBe(200);
    });
  },
  { rateLimits: { loginPerMinute: 3, publicPerMinute: 10000, apiPerMinute: 100000 } },
);

describeEachDialect(
  'secure cookies',
  (t) => {
    it('marks the session cookie Secure when the site runs behind HTTPS', async () => {
      const name = fresh();
      await t.user(name);
      const res = await login(t, name, TEST_PASSWORD);
      expect(res.cookies.find((c) => c.name === 'wangge_session')).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Lax' });
    });
  },
  { cookieSecure: true },
);
