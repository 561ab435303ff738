import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { CASE_ACTIONS, CASE_STATUSES, type CaseAction, type CaseStatus, canTransition } from '../../common/case-workflow.js';
import { describeEachDialect, type TestDb } from '../test/harness.js';
import { buildScenario, type Scenario } from '../test/scenario.js';
import { ensureDefaultCategories } from './default-categories.js';
import { escalateDue } from './escalation.js';

const HOUR = 3_600_000;

describeEachDialect('cases', (t: TestDb) => {
  let s: Scenario;
  let categories: Record<string, number>;
  const as = (cookie: string) => ({ cookie });

  beforeAll(async () => {
    s = await buildScenario(t);
    await ensureDefaultCategories(t.db);
    const rows = await t.db.selectFrom('case_categories').select(['id', 'code']).execute();
    categories = Object.fromEntries(rows.map((r) => [r.code, r.id]));
  });

  async function raise(cookie: string, areaId: number, category = 'sanitation', extra: Record<string, unknown> = {}) {
    const res = await t.app.inject({ method: 'POST', url: '/api/cases', headers: as(cookie), payload: { categoryId: categories[category], areaId, title: '楼道堆放杂物', description: '3单元一楼', ...extra } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  }
  function act(cookie: string, id: number, action: CaseAction, extra: Record<string, unknown> = {}) {
    return t.app.inject({ method: 'POST', url: `/api/cases/${id}/transitions`, headers: as(cookie), payload: { action, ...extra } });
  }

  describe('lifecycle', () => {
    it('goes reported → accepted → assigned → in progress → resolved → closed with a timeline entry per step', async () => {
      const c = await raise(s.cookies.eastWorker, s.eastGrid1.id);
      expect(c).toMatchObject({ status: 'reported', responsibleRole: 'grid_worker', reference: expect.stringMatching(/^C\d{8}\d{6}$/) });
      expect(c.allowedActions).not.toContain('accept');
      const steps: [string, CaseAction, Record<string, unknown>, CaseStatus][] = [
        [s.cookies.eastLeader, 'accept', {}, 'accepted'],
        [s.cookies.eastLeader, 'assign', { assignee: s.users.eastWorker }, 'assigned'],
        [s.cookies.eastWorker, 'start', {}, 'in_progress'],
        [s.cookies.eastWorker, 'resolve', { note: '已清理' }, 'resolved'],
        [s.cookies.eastLeader, 'verify', { note: '现场核实' }, 'closed'],
      ];
      let version = c.version;
      for (const [cookie, action, extra, status] of steps) {
        const res = await act(cookie, c.id, action, { ...extra, version });
        expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
        expect(res.json().status).toBe(status);
        version = res.json().version;
      }
      const detail = (await t.app.inject({ method: 'GET', url: `/api/cases/${c.id}`, headers: as(s.cookies.eastLeader) })).json();
      expect(detail.timeline.map((e: { action: string }) => e.action)).toEqual(['report', 'accept', 'assign', 'start', 'resolve', 'verify']);
      expect(detail.timeline[4]).toMatchObject({ note: '已清理', actorName: '东网格员', fromStatus: 'in_progress', toStatus: 'resolved' });
      expect(detail.closedAt).not.toBeNull();
      expect(detail.dueAt).toBeNull();
    });

    it('refuses every action its status does not allow, with 409 CASE_ILLEGAL_TRANSITION, and allows the rest', async () => {
      const staffActions = CASE_ACTIONS.filter((a) => a !== 'rate' && a !== 'confirm_receipt');
      for (const status of CASE_STATUSES) {
        for (const action of staffActions) {
          const c = await raise(s.cookies.chief, s.eastGrid1.id, action === 'claim' ? 'errand' : 'sanitation');
          // Put the case straight into the status under test, resolved by someone else so a verifier may act.
          await t.db
            .updateTable('cases')
            .set({ status, resolved_by: status === 'resolved' ? s.users.eastWorker : null, assignee_user_id: status === 'assigned' || status === 'in_progress' ? s.users.eastWorker : null })
            .where('id', '=', c.id)
            .execute();
          const extra = action === 'assign' ? { assignee: s.users.eastWorker } : ['reject', 'resolve', 'return'].includes(action) ? { note: '原因' } : {};
          // The chief advisor (a leader at the subdistrict) may take every staff action there; claims are for errands.
          const who = action === 'claim' || action === 'start' || action === 'resolve' ? s.cookies.eastWorker : s.cookies.chief;
          const res = await act(who, c.id, action, extra);
          const allowed = canTransition(status, action) && !(action === 'claim' && status === 'assigned');
          if (allowed) expect(res.statusCode, `${status} ${action}: ${res.body}`).toBe(200);
          else {
            expect(res.statusCode, `${status} ${action}: ${res.body}`).toBe(action === 'claim' && status === 'assigned' ? 403 : 409);
            if (res.statusCode === 409) expect(res.json().error.code).toBe('CASE_ILLEGAL_TRANSITION');
          }
        }
      }
    }, 120_000);

    it('never lets the person who resolved a case verify it', async () => {
      const c = await raise(s.cookies.eastLeader, s.eastGrid1.id);
      await act(s.cookies.eastLeader, c.id, 'accept');
      await act(s.cookies.eastLeader, c.id, 'assign', { assignee: s.users.eastLeader });
      const resolved = await act(s.cookies.eastLeader, c.id, 'resolve', { note: '自己处理了' });
      expect(resolved.json().allowedActions).not.toContain('verify');
      const self = await act(s.cookies.eastLeader, c.id, 'verify');
      expect(self.statusCode).toBe(403);
      expect(self.json().error.code).toBe('CASE_SELF_VERIFY');
      // Returned for rework by someone else, then verified by a third person after it is resolved again.
      expect((await act(s.cookies.chief, c.id, 'return', { note: '没清理干净' })).json().status).toBe('in_progress');
      await act(s.cookies.eastLeader, c.id, 'resolve', { note: '再次清理' });
      expect((await act(s.cookies.chief, c.id, 'verify')).json().status).toBe('closed');
    });

    it('asks for a reason where one is owed, field by field', async () => {
      const c = await raise(s.cookies.eastLeader, s.eastGrid1.id);
      const res = await act(s.cookies.eastLeader, c.id, 'reject');
      expect(res.statusCode).toBe(400);
      expect(res.json().error.fields.note).toBeDefined();
      const both = await act(s.cookies.eastLeader, c.id, 'assign', { assignee: s.users.eastWorker, assigneeAreaId: s.eastGrid1.id });
      expect(both.statusCode).toBe(400);
      const west = await act(s.cookies.eastLeader, c.id, 'assign', { assignee: s.users.westLeader });
      expect(west.statusCode).toBe(400);
      expect(west.json().error.fields.assignee).toBeDefined();
    });

    it('does not lose an update when two people act at once: one wins, the other gets 409 CASE_CONFLICT', async () => {
      const c = await raise(s.cookies.eastLeader, s.eastGrid1.id);
      const [a, b] = await Promise.all([act(s.cookies.eastLeader, c.id, 'accept', { version: c.version }), act(s.cookies.chief, c.id, 'reject', { note: '重复', version: c.version })]);
      const codes = [a.statusCode, b.statusCode].sort();
      expect(codes).toEqual([200, 409]);
      const loser = a.statusCode === 409 ? a : b;
      expect(['CASE_CONFLICT', 'CASE_ILLEGAL_TRANSITION']).toContain(loser.json().error.code);
      const detail = (await t.app.inject({ method: 'GET', url: `/api/cases/${c.id}`, headers: as(s.cookies.eastLeader) })).json();
      expect(detail.timeline).toHaveLength(2);
      expect(detail.version).toBe(c.version + 1);
      // A stale page is refused even when the action would be legal now.
      const stale = await act(s.cookies.eastLeader, c.id, 'comment', { note: '补充', version: c.version });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().error.code).toBe('CASE_CONFLICT');
    });
  });

  describe('scope', () => {
    it('keeps a grid’s cases from the grid workers and leaders of other places', async () => {
      const west = await raise(s.cookies.westLeader, s.westGrid1.id);
      expect((await t.app.inject({ method: 'GET', url: `/api/cases/${west.id}`, headers: as(s.cookies.eastWorker) })).statusCode).toBe(404);
      expect((await act(s.cookies.eastWorker, west.id, 'comment', { note: 'x' })).statusCode).toBe(404);
      expect((await act(s.cookies.eastLeader, west.id, 'accept')).statusCode).toBe(404);
      const list = (await t.app.inject({ method: 'GET', url: '/api/cases?pageSize=200', headers: as(s.cookies.eastWorker) })).json();
      expect(list.items.some((c: { id: number }) => c.id === west.id)).toBe(false);
      const raiseWest = await t.app.inject({ method: 'POST', url: '/api/cases', headers: as(s.cookies.eastWorker), payload: { categoryId: categories.sanitation, areaId: s.westGrid1.id, title: 'x' } });
      expect(raiseWest.statusCode).toBe(404);
      // Observers read but neither raise nor act.
      const obs = await t.app.inject({ method: 'POST', url: '/api/cases', headers: as(s.cookies.observer), payload: { categoryId: categories.sanitation, areaId: s.eastGrid1.id, title: 'x' } });
      expect(obs.statusCode).toBe(403);
      expect((await act(s.cookies.observer, west.id, 'accept')).statusCode).toBe(403);
      // Grid workers cannot accept or assign.
      const east = await raise(s.cookies.eastWorker, s.eastGrid1.id);
      expect((await act(s.cookies.eastWorker, east.id, 'accept')).statusCode).toBe(403);
    });

    it('lists my work: assigned to me or my grid, waiting for my role, mine to verify', async () => {
      const mine = await raise(s.cookies.eastLeader, s.eastGrid1.id);
      await act(s.cookies.eastLeader, mine.id, 'accept');
      await act(s.cookies.eastLeader, mine.id, 'assign', { assigneeAreaId: s.eastGrid1.id });
      const other = await raise(s.cookies.eastLeader, s.eastGrid2.id, 'safety');
      const work = (await t.app.inject({ method: 'GET', url: '/api/cases?mine=1&pageSize=200', headers: as(s.cookies.eastWorker) })).json();
      const ids = work.items.map((c: { id: number }) => c.id);
      expect(ids).toContain(mine.id);
      expect(ids).not.toContain(other.id);
      expect(work.items.find((c: { id: number }) => c.id === mine.id).allowedActions).toContain('start');
      // The safety case waits for a grid leader; the east community's chief grid leader does not hold that role.
      const leader = (await t.app.inject({ method: 'GET', url: '/api/cases?mine=1&pageSize=200', headers: as(s.cookies.eastLeader) })).json();
      expect(leader.items.map((c: { id: number }) => c.id)).not.toContain(other.id);
    });
  });

  describe('time limits', () => {
    it('escalates an overdue case one roster level per time limit, exactly once per step, and records it', async () => {
      const c = await raise(s.cookies.eastWorker, s.eastGrid1.id, 'sanitation');
      const created = Date.parse(c.createdAt);
      const level = async () => (await t.db.selectFrom('cases').select('escalation_level').where('id', '=', c.id).executeTakeFirstOrThrow()).escalation_level;
      // Sanitation: 4 hours to accept. Not yet due at 3 h 59 min (other tests' cases may be; they are not this one).
      await escalateDue(t.db, new Date(created + 4 * HOUR - 60_000));
      expect(await level()).toBe(0);
      const at = new Date(created + 4 * HOUR + 1000);
      // Two schedulers (or a restart racing the old process) at the same moment escalate it once.
      await Promise.all([escalateDue(t.db, at), escalateDue(t.db, at)]);
      let row = await t.db.selectFrom('cases').selectAll().where('id', '=', c.id).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ escalation_level: 1, responsible_role: 'grid_leader', overdue_once: 1 });
      // Running again at the same moment (a restart) does nothing more.
      await escalateDue(t.db, at);
      row = await t.db.selectFrom('cases').selectAll().where('id', '=', c.id).executeTakeFirstOrThrow();
      expect(row.escalation_level).toBe(1);
      // Another full time limit later, it climbs again.
      await escalateDue(t.db, new Date(created + 8 * HOUR + 2000));
      row = await t.db.selectFrom('cases').selectAll().where('id', '=', c.id).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ escalation_level: 2, responsible_role: 'grid_advisor' });
      const events = await t.db.selectFrom('case_events').select(['action', 'data']).where('case_id', '=', c.id).where('action', '=', 'escalate').execute();
      expect(events).toHaveLength(2);
      // Accepting restarts the clock with the resolve limit; a closed case never escalates.
      await act(s.cookies.eastLeader, c.id, 'reject', { note: '非本网格' });
      await escalateDue(t.db, new Date(created + 1000 * HOUR));
      expect(await level()).toBe(2);
    });

    it('shows due soon and overdue in lists', async () => {
      const c = await raise(s.cookies.eastWorker, s.eastGrid1.id, 'safety');
      await t.db.updateTable('cases').set({ due_at: new Date(Date.now() - 60_000).toISOString() }).where('id', '=', c.id).execute();
      const overdue = (await t.app.inject({ method: 'GET', url: `/api/cases?overdue=1&area=${s.eastGrid1.id}&pageSize=200`, headers: as(s.cookies.eastLeader) })).json();
      const found = overdue.items.find((x: { id: number }) => x.id === c.id);
      expect(found).toMatchObject({ overdue: true, dueSoon: false });
    });
  });

  describe('residents', () => {
    it('reports without login, follows the case by its link, rates it once closed; retries do not duplicate', async () => {
      const id = randomUUID();
      const body = { id, categoryId: categories.facilities, areaId: s.eastGrid1.id, description: '5号楼楼道灯坏了好几天', reporterName: '李阿姨', reporterPhone: '13912345678' };
      const first = await t.app.inject({ method: 'POST', url: '/api/public/cases', payload: body });
      expect(first.statusCode, first.body).toBe(201);
      const again = await t.app.inject({ method: 'POST', url: '/api/public/cases', payload: body });
      expect(again.statusCode).toBe(200);
      expect(again.json().reference).toBe(first.json().reference);
      const token = first.json().trackingToken;
      expect(first.json().trackingUrl).toMatch(new RegExp(`/track/${token}$`));
      const tracked = (await t.app.inject({ method: 'GET', url: `/api/public/cases/${token}` })).json();
      expect(tracked).toMatchObject({ status: 'reported', canRate: false, areaName: '东一网格' });
      expect(JSON.stringify(tracked)).not.toContain('13912345678');

      const caseId = (await t.db.selectFrom('cases').select('id').where('client_id', '=', id).executeTakeFirstOrThrow()).id;
      const staffView = (await t.app.inject({ method: 'GET', url: `/api/cases/${caseId}`, headers: as(s.cookies.eastLeader) })).json();
      expect(staffView).toMatchObject({ source: 'resident', reporterName: '李阿姨', reporterPhone: '*******5678' });
      expect((await t.app.inject({ method: 'POST', url: `/api/public/cases/${token}/rate`, payload: { rating: 5 } })).statusCode).toBe(409);
      await act(s.cookies.eastLeader, caseId, 'accept');
      await act(s.cookies.eastLeader, caseId, 'assign', { assignee: s.users.eastWorker });
      await act(s.cookies.eastWorker, caseId, 'resolve', { note: '已更换灯泡' });
      await act(s.cookies.eastLeader, caseId, 'verify');
      const closed = (await t.app.inject({ method: 'GET', url: `/api/public/cases/${token}` })).json();
      expect(closed).toMatchObject({ status: 'closed', canRate: true });
      expect(closed.timeline.find((e: { action: string }) => e.action === 'resolve').note).toBe('已更换灯泡');
      const rated = await t.app.inject({ method: 'POST', url: `/api/public/cases/${token}/rate`, payload: { rating: 5, note: '很快' } });
      expect(rated.json()).toMatchObject({ rating: 5, canRate: false });
      expect((await t.app.inject({ method: 'POST', url: `/api/public/cases/${token}/rate`, payload: { rating: 1 } })).statusCode).toBe(409);
    });

    it('errands: asked for by a resident, claimed by a grid worker, closed by the resident confirming receipt', async () => {
      const res = await t.app.inject({ method: 'POST', url: '/api/public/cases', payload: { id: randomUUID(), categoryId: categories.errand, areaId: s.eastGrid1.id, description: '居家隔离，需要代买降压药', neededBy: new Date(Date.now() + 6 * HOUR).toISOString(), reporterName: '王大爷', reporterPhone: '13600001111' } });
      expect(res.statusCode, res.body).toBe(201);
      const token = res.json().trackingToken;
      const caseId = (await t.db.selectFrom('cases').select('id').where('tracking_token', '=', token).executeTakeFirstOrThrow()).id;
      const claimed = await act(s.cookies.eastWorker, caseId, 'claim');
      expect(claimed.json()).toMatchObject({ status: 'assigned', assigneeName: '东网格员' });
      await act(s.cookies.eastWorker, caseId, 'resolve', { note: '药已送到门口' });
      expect((await t.app.inject({ method: 'GET', url: `/api/public/cases/${token}` })).json().canConfirmReceipt).toBe(true);
      const confirmed = await t.app.inject({ method: 'POST', url: `/api/public/cases/${token}/confirm` });
      expect(confirmed.json().status).toBe('closed');
      // A rectification case is not closed by the resident.
      const other = await t.app.inject({ method: 'POST', url: '/api/public/cases', payload: { id: randomUUID(), categoryId: categories.sanitation, areaId: s.eastGrid1.id, description: '垃圾桶满了没人清', reporterName: '赵', reporterPhone: '13600002222' } });
      expect((await t.app.inject({ method: 'POST', url: `/api/public/cases/${other.json().trackingToken}/confirm` })).statusCode).toBe(409);
    });

    it('refuses bad reports with messages per field', async () => {
      const res = await t.app.inject({ method: 'POST', url: '/api/public/cases', payload: { id: randomUUID(), categoryId: categories.inspection, areaId: s.eastGrid1.id, description: '短', reporterName: '', reporterPhone: '123' } });
      expect(res.statusCode).toBe(400);
      const fields = res.json().error.fields;
      expect(Object.keys(fields)).toEqual(expect.arrayContaining(['description', 'reporterName', 'reporterPhone']));
      const internal = await t.app.inject({ method: 'POST', url: '/api/public/cases', payload: { id: randomUUID(), categoryId: categories.inspection, areaId: s.eastGrid1.id, description: '督查类别居民不能选', reporterName: '张', reporterPhone: '13600003333' } });
      expect(internal.statusCode).toBe(400);
      expect(internal.json().error.fields.categoryId).toBeDefined();
    });
  });
});
