import { beforeAll, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { describeEachDialect, TEST_CIPHER } from '../test/harness.js';
import { buildScenario, type Scenario } from '../test/scenario.js';
import { ensureDefaultCategories } from './default-categories.js';

const HOUR = 3_600_000;
const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

describeEachDialect('case escalation scheduler', (t) => {
  let s: Scenario;
  beforeAll(async () => {
    s = await buildScenario(t);
    await ensureDefaultCategories(t.db);
  });

  it('runs inside the app, and after a restart neither misses nor repeats an escalation', async () => {
    const category = await t.db.selectFrom('case_categories').select('id').where('code', '=', 'safety').executeTakeFirstOrThrow();
    const made = await t.app.inject({ method: 'POST', url: '/api/cases', headers: { cookie: s.cookies.eastWorker }, payload: { categoryId: category.id, areaId: s.eastGrid1.id, title: '消防通道堵塞' } });
    expect(made.statusCode, made.body).toBe(201);
    const id = made.json().id;
    const created = Date.parse(made.json().createdAt);
    const row = () => t.db.selectFrom('cases').select(['escalation_level', 'responsible_role']).where('id', '=', id).executeTakeFirstOrThrow();
    const escalations = async () => (await t.db.selectFrom('case_events').select('id').where('case_id', '=', id).where('action', '=', 'escalate').execute()).length;

    // The app's own scheduler, on a clock we move: safety cases have 2 hours to be accepted.
    let now = new Date(created + HOUR);
    const first = await buildApp({ db: t.db, dialect: t.dialect, config: { ...t.config, escalationPollMs: 20 }, cipher: TEST_CIPHER, clock: () => now });
    await settle(150);
    expect((await row()).escalation_level).toBe(0);
    now = new Date(created + 2 * HOUR + 5000);
    await settle(250);
    expect(await row()).toMatchObject({ escalation_level: 1, responsible_role: 'grid_advisor' });
    await first.close();

    // The server was down while the next limit passed; the restarted one catches up once, and a second process at the same time does not double it.
    now = new Date(created + 4 * HOUR + 10_000);
    const [a, b] = await Promise.all([0, 1].map(() => buildApp({ db: t.db, dialect: t.dialect, config: { ...t.config, escalationPollMs: 20 }, cipher: TEST_CIPHER, clock: () => now })));
    await settle(300);
    await Promise.all([a.close(), b.close()]);
    expect(await row()).toMatchObject({ escalation_level: 2, responsible_role: 'chief_grid_leader' });
    expect(await escalations()).toBe(2);

    // The escalated case appears in the supervision list of the community's chief grid leader.
    const list = await t.app.inject({ method: 'GET', url: `/api/cases?escalated=1&area=${s.east.id}`, headers: { cookie: s.cookies.eastLeader } });
    expect(list.json().items.map((c: { id: number }) => c.id)).toContain(id);
    const mine = await t.app.inject({ method: 'GET', url: '/api/cases?mine=1&pageSize=200', headers: { cookie: s.cookies.eastLeader } });
    expect(mine.json().items.map((c: { id: number }) => c.id)).toContain(id);
  });
});
