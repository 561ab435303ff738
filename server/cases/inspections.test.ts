import { beforeAll, describe, expect, it } from 'vitest';
import type { CaseAction } from '../../common/case-workflow.js';
import { describeEachDialect, type TestDb } from '../test/harness.js';
import { buildScenario, type Scenario } from '../test/scenario.js';
import { ensureDefaultCategories } from './default-categories.js';

describeEachDialect('inspections', (t: TestDb) => {
  let s: Scenario;
  let categories: Record<string, number>;
  const as = (cookie: string) => ({ cookie });
  const CHECKLIST = [{ item: '消防通道畅通' }, { item: '垃圾分类到位' }, { item: '公示牌信息更新' }];

  beforeAll(async () => {
    s = await buildScenario(t);
    await ensureDefaultCategories(t.db);
    const rows = await t.db.selectFrom('case_categories').select(['id', 'code']).execute();
    categories = Object.fromEntries(rows.map((r) => [r.code, r.id]));
  });

  async function plan(cookie = s.cookies.eastLeader, areaId = s.eastGrid1.id) {
    const res = await t.app.inject({ method: 'POST', url: '/api/inspections', headers: as(cookie), payload: { areaId, title: '三月网格督查', kind: 'grid', checklist: CHECKLIST } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  }
  const record = (cookie: string, id: number, payload: object) => t.app.inject({ method: 'POST', url: `/api/inspections/${id}/record`, headers: as(cookie), payload });
  const act = async (cookie: string, id: number, action: CaseAction, extra: Record<string, unknown> = {}) => {
    const res = await t.app.inject({ method: 'POST', url: `/api/cases/${id}/transitions`, headers: as(cookie), payload: { action, ...extra } });
    expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
    return res.json();
  };
  /** A photo the recorder uploaded (the row only: linking checks who uploaded it, not the bytes). */
  async function upload(userId: number) {
    const { id } = await t.db
      .insertInto('case_attachments')
      .values({ case_id: null, event_id: null, inspection_item_id: null, file: `test/${Math.random()}.jpg`, thumb_file: null, name: 'photo.jpg', mime: 'image/jpeg', size: 10, width: 1, height: 1, uploaded_by: userId, public_upload: 0, created_at: new Date().toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  }

  it('plans an inspection with its checklist, for leaders of the area only', async () => {
    const insp = await plan();
    expect(insp).toMatchObject({ status: 'planned', areaId: s.eastGrid1.id, areaName: '东一网格', kind: 'grid', inspectorId: null, recordedAt: null });
    expect(insp.items.map((i: { item: string; passed: null }) => [i.item, i.passed])).toEqual(CHECKLIST.map((c) => [c.item, null]));
    const worker = await t.app.inject({ method: 'POST', url: '/api/inspections', headers: as(s.cookies.eastWorker), payload: { areaId: s.eastGrid1.id, title: 'x', kind: 'grid', checklist: CHECKLIST } });
    expect(worker.statusCode).toBe(403);
    const west = await t.app.inject({ method: 'POST', url: '/api/inspections', headers: as(s.cookies.westLeader), payload: { areaId: s.eastGrid1.id, title: 'x', kind: 'grid', checklist: CHECKLIST } });
    expect(west.statusCode).toBe(404);
    const empty = await t.app.inject({ method: 'POST', url: '/api/inspections', headers: as(s.cookies.eastLeader), payload: { areaId: s.eastGrid1.id, title: 'x', kind: 'grid', checklist: [] } });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.fields.checklist).toBeDefined();
    // Read where cases are read: the grid worker and the observer yes, the west leader no.
    expect((await t.app.inject({ method: 'GET', url: `/api/inspections/${insp.id}`, headers: as(s.cookies.eastWorker) })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: `/api/inspections/${insp.id}`, headers: as(s.cookies.westLeader) })).statusCode).toBe(404);
    const list = (await t.app.inject({ method: 'GET', url: `/api/inspections?area=${s.east.id}&status=planned`, headers: as(s.cookies.observer) })).json();
    expect(list.items.map((i: { id: number }) => i.id)).toContain(insp.id);
    const westList = (await t.app.inject({ method: 'GET', url: '/api/inspections', headers: as(s.cookies.westLeader) })).json();
    expect(westList.items.map((i: { id: number }) => i.id)).not.toContain(insp.id);
    expect((await t.app.inject({ method: 'GET', url: `/api/inspections?area=${s.east.id}`, headers: as(s.cookies.westLeader) })).statusCode).toBe(404);
  });

  it('turns each failed item into a case, and closes when the last finding is verified', async () => {
    const insp = await plan();
    const [fire, trash, board] = insp.items;
    const photo = await upload(s.users.eastLeader);
    const res = await record(s.cookies.eastLeader, insp.id, {
      items: [
        { id: fire.id, passed: false, note: '3号楼消防通道堆放电动车', attachmentIds: [photo] },
        { id: trash.id, passed: true },
        { id: board.id, passed: false, note: '网格员电话未更新' },
      ],
      score: 78,
      findingCategoryId: categories.inspection,
    });
    expect(res.statusCode, res.body).toBe(200);
    const recorded = res.json();
    expect(recorded).toMatchObject({ status: 'recorded', score: 78, inspectorId: s.users.eastLeader, inspectorName: '东组长', closedAt: null });
    expect(recorded.recordedAt).not.toBeNull();
    const caseIds = recorded.items.map((i: { caseId: number | null }) => i.caseId);
    expect(caseIds[1]).toBeNull();
    expect(caseIds.filter(Boolean)).toHaveLength(2);
    expect(recorded.items[0]).toMatchObject({ passed: false, note: '3号楼消防通道堆放电动车', caseStatus: 'reported' });
    expect(recorded.items[1]).toMatchObject({ passed: true, caseStatus: null });

    const first = (await t.app.inject({ method: 'GET', url: `/api/cases/${caseIds[0]}`, headers: as(s.cookies.eastLeader) })).json();
    expect(first).toMatchObject({ source: 'inspection', inspectionId: insp.id, title: '消防通道畅通', description: '3号楼消防通道堆放电动车', areaId: s.eastGrid1.id, type: 'inspection_finding', status: 'reported' });
    expect(first.attachments.map((a: { id: number }) => a.id)).toEqual([photo]);
    const byInspection = (await t.app.inject({ method: 'GET', url: `/api/cases?inspection=${insp.id}`, headers: as(s.cookies.eastLeader) })).json();
    expect(byInspection.total).toBe(2);

    // Recording again is refused, whatever is sent.
    const again = await record(s.cookies.eastLeader, insp.id, { items: insp.items.map((i: { id: number }) => ({ id: i.id, passed: true })), findingCategoryId: categories.inspection });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('INSPECTION_ALREADY_RECORDED');

    // Work both findings through; the inspection stays open until the last one is verified.
    for (const [n, caseId] of (caseIds.filter(Boolean) as number[]).entries()) {
      await act(s.cookies.eastLeader, caseId, 'accept');
      await act(s.cookies.eastLeader, caseId, 'assign', { assignee: s.users.eastWorker });
      await act(s.cookies.eastWorker, caseId, 'resolve', { note: '已整改' });
      await act(s.cookies.eastLeader, caseId, 'verify');
      const now = (await t.app.inject({ method: 'GET', url: `/api/inspections/${insp.id}`, headers: as(s.cookies.eastLeader) })).json();
      if (n === 0) expect(now).toMatchObject({ status: 'recorded', closedAt: null });
      else {
        expect(now.status).toBe('closed');
        expect(now.closedAt).not.toBeNull();
        expect(now.items.filter((i: { caseStatus: string | null }) => i.caseStatus === 'closed')).toHaveLength(2);
      }
    }
  });

  it('closes at once when every item passed, and keeps photos of passed items with the item', async () => {
    const insp = await plan();
    const photo = await upload(s.users.eastLeader);
    const res = await record(s.cookies.eastLeader, insp.id, { items: insp.items.map((i: { id: number }, n: number) => ({ id: i.id, passed: true, attachmentIds: n === 0 ? [photo] : undefined })), findingCategoryId: categories.inspection });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'closed', score: null });
    expect(res.json().closedAt).not.toBeNull();
    const row = await t.db.selectFrom('case_attachments').select(['case_id', 'inspection_item_id']).where('id', '=', photo).executeTakeFirstOrThrow();
    expect(row).toEqual({ case_id: null, inspection_item_id: insp.items[0].id });
    expect(await t.db.selectFrom('cases').select('id').where('inspection_id', '=', insp.id).execute()).toEqual([]);
  });

  it('wants every item answered, once, and a category findings can become, field by field; nothing is written otherwise', async () => {
    const insp = await plan();
    const [a, b, c] = insp.items;
    const missing = await record(s.cookies.eastLeader, insp.id, { items: [{ id: a.id, passed: false }, { id: b.id, passed: true }], findingCategoryId: categories.inspection });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(missing.json().error.fields)).toEqual(['items.2']);
    expect(missing.json().error.fields['items.2']).toContain('公示牌信息更新');

    const twice = await record(s.cookies.eastLeader, insp.id, { items: [{ id: a.id, passed: true }, { id: a.id, passed: false }, { id: b.id, passed: true }, { id: c.id, passed: true }, { id: 999_999, passed: true }], findingCategoryId: categories.errand });
    expect(twice.statusCode).toBe(400);
    expect(twice.json().error.fields).toMatchObject({ 'items.1.id': expect.any(String), 'items.4.id': expect.any(String), findingCategoryId: expect.any(String) });

    const stranger = await upload(s.users.chief);
    const photo = await record(s.cookies.eastLeader, insp.id, { items: [{ id: a.id, passed: false, attachmentIds: [stranger] }, { id: b.id, passed: true }, { id: c.id, passed: false }], findingCategoryId: categories.inspection });
    expect(photo.statusCode).toBe(400);
    expect(photo.json().error.fields['items.0.attachmentIds']).toBeDefined();

    const after = (await t.app.inject({ method: 'GET', url: `/api/inspections/${insp.id}`, headers: as(s.cookies.eastLeader) })).json();
    expect(after.status).toBe('planned');
    expect(await t.db.selectFrom('cases').select('id').where('inspection_id', '=', insp.id).execute()).toEqual([]);
  });

  it('lets only people who may inspect there record the results', async () => {
    const insp = await plan();
    const body = { items: insp.items.map((i: { id: number }) => ({ id: i.id, passed: true })), findingCategoryId: categories.inspection };
    expect((await record(s.cookies.eastWorker, insp.id, body)).statusCode).toBe(403);
    expect((await record(s.cookies.observer, insp.id, body)).statusCode).toBe(403);
    expect((await record(s.cookies.westLeader, insp.id, body)).statusCode).toBe(404);
    // Two people recording at the same moment: one wins, the other is told it is already recorded.
    const [x, y] = await Promise.all([record(s.cookies.eastLeader, insp.id, body), record(s.cookies.chief, insp.id, body)]);
    expect([x.statusCode, y.statusCode].sort()).toEqual([200, 409]);
  });

  it('answers in Chinese when asked', async () => {
    const insp = await plan();
    const res = await t.app.inject({ method: 'POST', url: `/api/inspections/${insp.id}/record`, headers: { ...as(s.cookies.eastLeader), 'accept-language': 'zh-CN' }, payload: { items: [{ id: insp.items[0].id, passed: true }], findingCategoryId: categories.errand } });
    expect(res.json().error.message).toBe('请为每个检查项填写结果，并选择问题转为工单的类别');
    expect(res.json().error.fields['items.1']).toBe('未填写：垃圾分类到位');
    expect(res.json().error.fields.findingCategoryId).toBe('请选择整改类或督查发现类的类别');
  });
});
