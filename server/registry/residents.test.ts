import { beforeAll, describe, expect, it } from 'vitest';
import { ROLE_PERMISSIONS } from '../../common/roles.js';
import type { AreaRow } from '../db/types.js';
import { idNumbers, seeded } from '../test/fake-residents.js';
import { describeEachDialect, TEST_CIPHER } from '../test/harness.js';
import { buildScenario, type Scenario } from '../test/scenario.js';

type Method = 'GET' | 'POST' | 'PATCH';

/** The masked form every list and detail shows: 3701**********1234. */
const maskedId = (id: string) => `${id.slice(0, 4)}${'*'.repeat(10)}${id.slice(-4)}`;
const maskedPhone = (p: string) => `${p.slice(0, 3)}****${p.slice(-4)}`;

describeEachDialect('population registry', (t) => {
  const ids = idNumbers();
  const phones = (() => {
    let n = 0;
    // 139 0000 0001, 139 0000 0002 …: distinct, and no last-4 shared with another phone.
    return () => `1390000${String(++n).padStart(4, '0')}`;
  })();

  const call = (method: Method, url: string, cookie?: string, payload?: object) => t.app.inject({ method, url, headers: cookie ? { cookie } : {}, payload });
  const ok = async (method: Method, url: string, cookie: string, payload?: object, status = method === 'POST' && /\/api\/(residents|households)$/.test(url) ? 201 : 200) => {
    const res = await call(method, url, cookie, payload);
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(status);
    return res.json();
  };

  const household = (cookie: string, areaId: number, room: string, extra: object = {}) => ok('POST', '/api/households', cookie, { areaId, room, ...extra });

  interface Made {
    id: number;
    name: string;
    idNumber: string;
    phone: string | null;
    [k: string]: any;
  }
  /** Register a resident; the plain ID number and phone come back beside the (masked) answer. */
  async function resident(cookie: string, householdId: number, fields: Record<string, unknown> = {}): Promise<Made> {
    const body = { householdId, name: '张三', idNumber: ids.next(), ...fields };
    const made = await ok('POST', '/api/residents', cookie, body);
    return { ...made, idNumber: body.idNumber as string, masked: made.idNumber, phone: (body as any).phone ?? null };
  }

  async function list(cookie: string, query: Record<string, string | number> = {}) {
    const qs = new URLSearchParams(Object.entries({ pageSize: 200, ...query }).map(([k, v]) => [k, String(v)]));
    return ok('GET', `/api/residents?${qs}`, cookie);
  }
  const idsOf = async (cookie: string, query: Record<string, string | number> = {}) => ((await list(cookie, query)).items as { id: number }[]).map((r) => r.id).sort((a, b) => a - b);
  const sorted = (...xs: number[]) => [...xs].sort((a, b) => a - b);

  const auditCount = async () => Number((await t.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const rawResident = (id: number) => t.db.selectFrom('residents').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  describe('households', () => {
    let s: Scenario;
    let b3: AreaRow;
    let u1: AreaRow;
    beforeAll(async () => {
      s = await buildScenario(t);
      b3 = await t.area(s.eastGrid2, 'building', '3号楼');
      u1 = await t.area(b3, 'unit', '1单元');
    });

    it('registers a household at a unit, a building or a grid, with the address built from the place', async () => {
      const atUnit = await household(s.cookies.eastLeader, u1.id, '101', { phone: '13800138000', tags: ['低保户'] });
      expect(atUnit).toMatchObject({ areaId: u1.id, room: '101', address: '3号楼1单元101', headName: null, memberCount: 0, tags: ['低保户'], gridId: s.eastGrid2.id, gridName: '东二网格' });
      // The household phone never leaves the server whole.
      expect(atUnit.phone).toBe('*******8000');
      expect(await household(s.cookies.eastLeader, b3.id, '车库1')).toMatchObject({ address: '3号楼车库1', gridId: s.eastGrid2.id });
      expect(await household(s.cookies.eastWorker, s.eastGrid1.id, '12')).toMatchObject({ address: '东一网格12', gridId: s.eastGrid1.id, phone: null });
    });

    it('refuses a second household in the same room, and places that cannot hold households', async () => {
      await household(s.cookies.eastLeader, u1.id, '202');
      const again = await call('POST', '/api/households', s.cookies.eastLeader, { areaId: u1.id, room: '202' });
      expect(again.statusCode).toBe(409);
      expect(again.json().error).toMatchObject({ code: 'HOUSEHOLD_EXISTS', message: expect.stringContaining('3号楼1单元'), fields: { room: expect.any(String) } });
      // The same room number in another unit is another household.
      const u2 = await t.area(b3, 'unit', '2单元');
      expect(await household(s.cookies.eastLeader, u2.id, '202')).toMatchObject({ address: '3号楼2单元202' });

      const community = await call('POST', '/api/households', s.cookies.eastLeader, { areaId: s.east.id, room: '1' });
      expect(community.statusCode).toBe(400);
      expect(community.json().error).toMatchObject({ code: 'AREA_LEVEL_INVALID', fields: { areaId: expect.any(String) } });
      const archived = await t.area(s.eastGrid2, 'building', '拆迁楼');
      await ok('PATCH', `/api/areas/${archived.id}`, s.cookies.eastLeader, { archived: true });
      expect((await call('POST', '/api/households', s.cookies.eastLeader, { areaId: archived.id, room: '1' })).json().error.code).toBe('AREA_ARCHIVED');
      const empty = await call('POST', '/api/households', s.cookies.eastLeader, { areaId: u1.id, room: ' ' });
      expect(empty.statusCode).toBe(400);
      expect(empty.json().error.fields.room).toBeTruthy();
    });

    it('answers 409, not a server error, when two people register the same room at the same moment', async () => {
      const answers = await Promise.all([1, 2, 3, 4, 5].map(() => call('POST', '/api/households', s.cookies.eastLeader, { areaId: u1.id, room: '并发' })));
      const statuses = answers.map((r) => r.statusCode).sort();
      expect(statuses, answers.map((r) => r.body).join('\n')).toEqual([201, 409, 409, 409, 409]);
      for (const r of answers.filter((x) => x.statusCode === 409)) expect(r.json().error.code).toBe('HOUSEHOLD_EXISTS');
    });

    it('lets a grid worker register households in their own grid only, and an observer nowhere', async () => {
      for (const area of [s.eastGrid2, s.westGrid1]) {
        const res = await call('POST', '/api/households', s.cookies.eastWorker, { areaId: area.id, room: '99' });
        expect(res.statusCode, area.name).toBe(404);
      }
      const observer = await call('POST', '/api/households', s.cookies.observer, { areaId: s.eastGrid1.id, room: '98' });
      expect(observer.statusCode).toBe(403);
      expect((await call('POST', '/api/households', s.cookies.nobody, { areaId: s.eastGrid1.id, room: '98' })).statusCode).toBe(404);
    });

    it('says nothing about a place outside the caller’s scope, not even its level or that it is archived', async () => {
      const westBuilding = await t.area(s.westGrid1, 'building', '西区秘密楼');
      await ok('PATCH', `/api/areas/${westBuilding.id}`, s.cookies.westLeader, { archived: true });
      for (const areaId of [s.west.id, westBuilding.id]) {
        const res = await call('POST', '/api/households', s.cookies.eastWorker, { areaId, room: '1' });
        expect(res.statusCode, res.body).toBe(404);
        expect(res.body).not.toContain('西区秘密楼');
      }
      const mine = await household(s.cookies.eastWorker, s.eastGrid1.id, '移出户');
      for (const areaId of [s.west.id, westBuilding.id]) {
        const res = await call('POST', `/api/households/${mine.id}/move`, s.cookies.eastWorker, { areaId });
        expect(res.statusCode, res.body).toBe(404);
        expect(res.body).not.toContain('西区秘密楼');
      }
    });

    it('lists households in scope with masked phone, head of household and member count', async () => {
      const h = await household(s.cookies.eastLeader, u1.id, '303', { phone: '13700137000' });
      await resident(s.cookies.eastLeader, h.id, { name: '户主甲', relation: 'head' });
      await resident(s.cookies.eastLeader, h.id, { name: '成员乙', relation: 'spouse', idNumber: ids.next({ gender: 'female' }) });
      const page = await ok('GET', `/api/households?area=${u1.id}&pageSize=200`, s.cookies.eastLeader);
      expect(page.items.find((x: any) => x.id === h.id)).toMatchObject({ address: '3号楼1单元303', headName: '户主甲', memberCount: 2, phone: '*******7000' });
      expect(JSON.stringify(page)).not.toContain('13700137000');
      const byText = await ok('GET', `/api/households?q=${encodeURIComponent('1单元303')}`, s.cookies.eastLeader);
      expect(byText.items.map((x: any) => x.id)).toEqual([h.id]);
      expect(await ok('GET', `/api/households/${h.id}`, s.cookies.eastLeader)).toMatchObject({ id: h.id, memberCount: 2, headName: '户主甲' });

      // The grid worker of 东一 sees only their grid's households.
      const worker = await ok('GET', '/api/households?pageSize=200', s.cookies.eastWorker);
      expect(worker.items.length).toBeGreaterThan(0);
      expect(worker.items.every((x: any) => x.gridId === s.eastGrid1.id)).toBe(true);
      expect((await call('GET', `/api/households/${h.id}`, s.cookies.eastWorker)).statusCode).toBe(404);
      expect((await call('GET', `/api/households?area=${u1.id}`, s.cookies.eastWorker)).statusCode).toBe(404);
      expect((await call('GET', '/api/households', s.cookies.nobody)).statusCode).toBe(403);
    });
  });

  describe('registering residents', () => {
    let s: Scenario;
    let home: { id: number; address: string };
    let westHome: { id: number };
    beforeAll(async () => {
      s = await buildScenario(t);
      home = await household(s.cookies.eastLeader, s.building.id, '101');
      westHome = await household(s.cookies.westLeader, s.westGrid1.id, '1');
    });

    it('registers a resident, taking birth date and gender from the ID number, and masks the numbers', async () => {
      const idNumber = ids.next({ birthDate: '1956-03-08', gender: 'female' });
      const res = await call('POST', '/api/residents', s.cookies.eastWorker, { householdId: home.id, name: '王秀英', idNumber, phone: '13912340001', relation: 'head', residenceType: 'registered', tags: ['独居老人', '独居老人', ' 慢性病 '], moveInDate: '1990-01-01' });
      expect(res.statusCode, res.body).toBe(201);
      const r = res.json();
      expect(r).toMatchObject({
        name: '王秀英',
        gender: 'female',
        birthDate: '1956-03-08',
        idNumber: maskedId(idNumber),
        phone: '139****0001',
        householdId: home.id,
        areaId: s.building.id,
        address: '1号楼101',
        relation: 'head',
        residenceType: 'registered',
        status: 'present',
        tags: ['独居老人', '慢性病'],
        moveInDate: '1990-01-01',
        gridId: s.eastGrid1.id,
        gridName: '东一网格',
        household: { id: home.id, address: '1号楼101', headName: '王秀英', memberCount: 1 },
        canReveal: true,
      });
      expect(r.age).toBeGreaterThanOrEqual(69);
      expect(res.body).not.toContain(idNumber);
      expect(res.body).not.toContain('13912340001');
      // Entering the birth date and gender that the number says is fine too.
      const agreeing = ids.next({ birthDate: '1988-12-31', gender: 'male' });
      await resident(s.cookies.eastWorker, home.id, { name: '李强', idNumber: agreeing, birthDate: '1988-12-31', gender: 'male' });
    });

    it('refuses a wrong check digit, naming the character it should be', async () => {
      const good = ids.next();
      const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
      const res = await call('POST', '/api/residents', s.cookies.eastLeader, { householdId: home.id, name: '错号', idNumber: bad });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'RESIDENT_INVALID', fields: { idNumber: expect.stringContaining(`should be ${good[17]}`) } });
      const short = await call('POST', '/api/residents', s.cookies.eastLeader, { householdId: home.id, name: '短号', idNumber: good.slice(0, 15) });
      expect(short.json().error.fields.idNumber).toContain('18 characters');
      const noDate = await call('POST', '/api/residents', s.cookies.eastLeader, { householdId: home.id, name: '假日期', idNumber: '370102' + '19990230' + '123' + 'X' });
      expect(noDate.json().error.fields.idNumber).toContain('19990230');
    });

    it('refuses a birth date or gender that disagree with the ID number, field by field', async () => {
      const idNumber = ids.next({ birthDate: '1975-07-01', gender: 'male' });
      const date = await call('POST', '/api/residents', s.cookies.eastLeader, { householdId: home.id, name: '生日不符', idNumber, birthDate: '1975-07-02' });
      expect(date.statusCode).toBe(400);
      expect(date.json().error).toMatchObject({ code: 'RESIDENT_INVALID', fields: { birthDate: expect.stringContaining('1975-07-01') } });
      expect(date.json().error.fields.idNumber).toBeUndefined();
      const gender = await call('POST', '/api/residents', s.cookies.eastLeader, { householdId: home.id, name: '性别不符', idNumber, gender: 'female' });
      expect(gender.json().error).toMatchObject({ code: 'RESIDENT_INVALID', fields: { gender: expect.stringContaining('male') } });
      const both = await call('POST', '/api/residents', s.cookies.eastLeader, { householdId: home.id, name: '都不符', idNumber, gender: 'female', birthDate: '1975-01-07' });
      expect(Object.keys(both.json().error.fields).sort()).toEqual(['birthDate', 'gender']);
      const badDate = await call('POST', '/api/residents', s.cookies.eastLeader, { householdId: home.id, name: '日期格式', idNumber, birthDate: '1975/07/01' });
      expect(badDate.statusCode).toBe(400);
      expect(badDate.json().error.fields.birthDate).toBeTruthy();
      // Nothing was written by any of these.
      expect(await t.db.selectFrom('residents').select('id').where('id_hash', '=', TEST_CIPHER.hash(idNumber)).executeTakeFirst()).toBeUndefined();
    });

    it('refuses a phone that is not an 11-digit mobile number', async () => {
      for (const phone of ['12345', '23800138000', '1380013800', '138001380000', '138-0013-8000']) {
        const res = await call('POST', '/api/residents', s.cookies.eastLeader, { householdId: home.id, name: '电话错', idNumber: ids.next(), phone });
        expect(res.statusCode, phone).toBe(400);
        expect(res.json().error.fields.phone, phone).toBeTruthy();
      }
      const someone = await resident(s.cookies.eastLeader, home.id, { name: '改电话' });
      const patched = await call('PATCH', `/api/residents/${someone.id}`, s.cookies.eastLeader, { phone: '12345' });
      expect(patched.statusCode).toBe(400);
      expect(patched.json().error.fields.phone).toBeTruthy();
    });

    it('refuses a household that does not exist, naming householdId, and answers the same for one outside scope', async () => {
      const missing = await call('POST', '/api/residents', s.cookies.eastLeader, { householdId: 99_999_999, name: '无户', idNumber: ids.next() });
      expect(missing.statusCode).toBe(404);
      expect(missing.json().error).toMatchObject({ code: 'NOT_FOUND', fields: { householdId: expect.any(String) } });
      const foreign = await call('POST', '/api/residents', s.cookies.eastLeader, { householdId: westHome.id, name: '越界', idNumber: ids.next() });
      // Same answer as for a household that does not exist: the west community's households stay invisible.
      expect({ status: foreign.statusCode, error: foreign.json().error }).toEqual({ status: missing.statusCode, error: missing.json().error });
      const none = await call('POST', '/api/residents', s.cookies.eastLeader, { name: '无户', idNumber: ids.next() });
      expect(none.statusCode).toBe(400);
      expect(none.json().error.fields.householdId).toBeTruthy();
    });

    it('refuses the same ID number twice, pointing at the existing record', async () => {
      const first = await resident(s.cookies.eastLeader, home.id, { name: '赵建国' });
      const before = await auditCount();
      const again = await call('POST', '/api/residents', s.cookies.eastLeader, { householdId: home.id, name: '赵建国', idNumber: first.idNumber });
      expect(again.statusCode).toBe(409);
      const error = again.json().error;
      expect(error).toMatchObject({ code: 'RESIDENT_DUPLICATE', fields: { idNumber: expect.any(String) } });
      expect(error.message).toContain('赵建国');
      expect(error.message).toContain('1号楼101');
      expect(error.message).toContain(`resident ${first.id}`);
      expect(await auditCount()).toBe(before);
      // With spaces around it, and from another household, it is still the same number.
      const other = await household(s.cookies.eastLeader, s.eastGrid2.id, '2-1');
      const spaced = await call('POST', '/api/residents', s.cookies.eastLeader, { householdId: other.id, name: '赵建国', idNumber: ` ${first.idNumber} ` });
      expect(spaced.json().error.code).toBe('RESIDENT_DUPLICATE');
    });

    it('treats a lowercase x as the same ID number', async () => {
      let idNumber = ids.next();
      while (!idNumber.endsWith('X')) idNumber = ids.next();
      await resident(s.cookies.eastLeader, home.id, { name: '末位叉', idNumber });
      const lower = await call('POST', '/api/residents', s.cookies.eastLeader, { householdId: home.id, name: '末位叉', idNumber: idNumber.toLowerCase() });
      expect(lower.json().error.code).toBe('RESIDENT_DUPLICATE');
    });

    it('does not name an existing record that lies outside the caller’s scope', async () => {
      const west = await resident(s.cookies.westLeader, westHome.id, { name: '西区居民', phone: '13911112222' });
      const res = await call('POST', '/api/residents', s.cookies.eastWorker, { householdId: home.id, name: '冒名', idNumber: west.idNumber });
      expect(res.statusCode).toBe(409);
      expect(res.json().error.code).toBe('RESIDENT_DUPLICATE');
      for (const secret of ['西区居民', String(west.id), '西一网格', west.address]) expect(res.body).not.toContain(secret);
      // Within the caller's community the same duplicate is named.
      const named = await call('POST', '/api/residents', s.cookies.chief, { householdId: home.id, name: '冒名', idNumber: west.idNumber });
      expect(named.json().error.message).toContain('西区居民');
    });

    it('keeps ID numbers and phones only encrypted at rest, with a keyed hash for lookup', async () => {
      const phone = '13566667777';
      const r = await resident(s.cookies.eastLeader, home.id, { name: '加密检查', phone });
      const row = await rawResident(r.id);
      expect(row.id_enc).toMatch(/^v1:/);
      expect(TEST_CIPHER.decrypt(row.id_enc)).toBe(r.idNumber);
      expect(row.id_hash).toBe(TEST_CIPHER.hash(r.idNumber));
      expect(TEST_CIPHER.decrypt(row.phone_enc!)).toBe(phone);
      expect(row).toMatchObject({ id_last4: r.idNumber.slice(-4), id_prefix4: r.idNumber.slice(0, 4), phone_last4: '7777', phone_prefix3: '135' });
      // Encryption is randomized: two rows never share a ciphertext for the same number.
      expect(TEST_CIPHER.encrypt(r.idNumber)).not.toBe(row.id_enc);

      const hh = await household(s.cookies.eastLeader, s.building.id, '909', { phone });
      // No column of any table holds a whole ID number or phone in the clear, nor the middle digits of one.
      const middle = r.idNumber.slice(4, 14);
      for (const table of ['residents', 'households', 'resident_history', 'audit_log', 'import_jobs'] as const) {
        const rows = await t.db.selectFrom(table as any).selectAll().execute();
        const text = JSON.stringify(rows);
        expect(text, table).not.toContain(r.idNumber);
        expect(text, table).not.toContain(middle);
        expect(text, table).not.toContain(phone);
      }
      const hhRow = await t.db.selectFrom('households').selectAll().where('id', '=', hh.id).executeTakeFirstOrThrow();
      expect(TEST_CIPHER.decrypt(hhRow.phone_enc!)).toBe(phone);
    });

    it('masks numbers in the list and the detail for every role that can read them', async () => {
      const phone = '13655556666';
      const r = await resident(s.cookies.eastLeader, home.id, { name: '掩码检查', phone });
      for (const who of ['admin', 'chief', 'eastLeader', 'eastWorker', 'observer'] as const) {
        const detail = await call('GET', `/api/residents/${r.id}`, s.cookies[who]);
        expect(detail.statusCode, who).toBe(200);
        expect(detail.json()).toMatchObject({ idNumber: maskedId(r.idNumber), phone: maskedPhone(phone) });
        const page = await call('GET', `/api/residents?q=${encodeURIComponent('掩码检查')}`, s.cookies[who]);
        expect(page.json().items, who).toEqual([expect.objectContaining({ id: r.id, idNumber: maskedId(r.idNumber), phone: '136****6666' })]);
        for (const body of [detail.body, page.body]) {
          expect(body, who).not.toContain(r.idNumber);
          expect(body, who).not.toContain(phone);
        }
      }
    });

    it('changes details, keeps pinyin search in step with a new name, and refuses read-only roles', async () => {
      const r = await resident(s.cookies.eastLeader, home.id, { name: '钱多多' });
      const changed = await ok('PATCH', `/api/residents/${r.id}`, s.cookies.eastWorker, { name: '孙悟空', phone: '13788889999', tags: ['退役军人'], residenceType: 'migrant' });
      expect(changed).toMatchObject({ name: '孙悟空', phone: '137****9999', tags: ['退役军人'], residenceType: 'migrant' });
      expect(await idsOf(s.cookies.eastLeader, { q: 'swk' })).toEqual([r.id]);
      expect(await idsOf(s.cookies.eastLeader, { q: 'qdd' })).toEqual([]);
      expect(await idsOf(s.cookies.eastLeader, { q: '9999' })).toContain(r.id);
      const cleared = await ok('PATCH', `/api/residents/${r.id}`, s.cookies.eastWorker, { phone: null });
      expect(cleared.phone).toBeNull();
      expect((await rawResident(r.id)).phone_enc).toBeNull();
      const observer = await call('PATCH', `/api/residents/${r.id}`, s.cookies.observer, { name: '观察者改' });
      expect(observer.statusCode).toBe(403);
      expect((await call('PATCH', `/api/residents/${r.id}`, s.cookies.eastLeader, {})).statusCode).toBe(400);
      const log = await ok('GET', `/api/audit?action=resident.update&pageSize=200`, s.cookies.admin);
      const entry = log.items.find((e: any) => e.entityId === String(r.id) && e.before?.name === '钱多多');
      expect(entry).toMatchObject({ before: { name: '钱多多' }, after: { name: '孙悟空', phone: '****9999' } });
    });
  });

  describe('revealing a number', () => {
    let s: Scenario;
    let r: Made;
    let westR: Made;
    beforeAll(async () => {
      s = await buildScenario(t);
      const home = await household(s.cookies.eastLeader, s.eastGrid1.id, '5');
      r = await resident(s.cookies.eastLeader, home.id, { name: '需要联系', phone: '13512345678' });
      westR = await resident(s.cookies.westLeader, (await household(s.cookies.westLeader, s.westGrid1.id, '5')).id, { name: '西边的人' });
    });

    it('asks for a reason and writes nothing without one', async () => {
      const before = await auditCount();
      for (const payload of [{ field: 'idNumber' }, { field: 'idNumber', reason: ' ' }, { field: 'idNumber', reason: '看' }, { field: 'address', reason: '上门走访' }]) {
        const res = await call('POST', `/api/residents/${r.id}/reveal`, s.cookies.eastWorker, payload);
        expect(res.statusCode, JSON.stringify(payload)).toBe(400);
        expect(res.body).not.toContain(r.idNumber);
      }
      expect(await auditCount()).toBe(before);
    });

    it('reveals one number to someone with the right and logs who, when and why', async () => {
      const t0 = new Date().toISOString();
      const id = await ok('POST', `/api/residents/${r.id}/reveal`, s.cookies.eastWorker, { field: 'idNumber', reason: '办理低保需核对身份证' });
      expect(id).toEqual({ field: 'idNumber', value: r.idNumber });
      const phone = await ok('POST', `/api/residents/${r.id}/reveal`, s.cookies.eastLeader, { field: 'phone', reason: '电话通知疫苗接种' });
      expect(phone).toEqual({ field: 'phone', value: '13512345678' });

      const log = await ok('GET', `/api/audit?action=resident.reveal&pageSize=200`, s.cookies.admin);
      const mine = log.items.filter((e: any) => e.entityId === String(r.id));
      expect(mine).toHaveLength(2);
      expect(mine).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ userId: s.users.eastWorker, entityType: 'resident', areaId: s.eastGrid1.id, ip: '127.0.0.1', after: expect.objectContaining({ field: 'idNumber', reason: '办理低保需核对身份证' }) }),
          expect.objectContaining({ userId: s.users.eastLeader, after: expect.objectContaining({ field: 'phone', reason: '电话通知疫苗接种' }) }),
        ]),
      );
      for (const e of mine) expect(e.at >= t0).toBe(true);
      // The log itself does not hold the number that was shown.
      expect(JSON.stringify(log)).not.toContain(r.idNumber);
      expect(JSON.stringify(log)).not.toContain('13512345678');
    });

    it('answers null for a phone the resident does not have, and still logs the look', async () => {
      const none = await resident(s.cookies.eastLeader, (await household(s.cookies.eastLeader, s.eastGrid1.id, '6')).id, { name: '没电话' });
      const before = await auditCount();
      expect(await ok('POST', `/api/residents/${none.id}/reveal`, s.cookies.eastWorker, { field: 'phone', reason: '核对' })).toEqual({ field: 'phone', value: null });
      expect(await auditCount()).toBe(before + 1);
    });

    it('refuses an observer, who may read the registry but not reveal, with 403', async () => {
      expect(ROLE_PERMISSIONS.observer).toContain('resident.read');
      expect(ROLE_PERMISSIONS.observer).not.toContain('resident.reveal');
      expect(ROLE_PERMISSIONS.grid_worker).toContain('resident.reveal');
      expect((await ok('GET', `/api/residents/${r.id}`, s.cookies.observer)).canReveal).toBe(false);
      expect((await ok('GET', `/api/residents/${r.id}`, s.cookies.eastWorker)).canReveal).toBe(true);
      const before = await auditCount();
      const res = await call('POST', `/api/residents/${r.id}/reveal`, s.cookies.observer, { field: 'idNumber', reason: '我想看看' });
      expect(res.statusCode).toBe(403);
      expect(res.body).not.toContain(r.idNumber);
      expect(await auditCount()).toBe(before);
    });

    it('answers 404 outside the caller’s scope and logs nothing', async () => {
      const before = await auditCount();
      for (const who of ['eastWorker', 'eastLeader', 'nobody'] as const) {
        const res = await call('POST', `/api/residents/${westR.id}/reveal`, s.cookies[who], { field: 'idNumber', reason: '越权查看' });
        expect(res.statusCode, who).toBe(404);
      }
      expect(await auditCount()).toBe(before);
    });
  });

  describe('search', () => {
    let s: Scenario;
    const people: Record<string, Made> = {};
    beforeAll(async () => {
      s = await buildScenario(t);
      const b3 = await t.area(s.eastGrid2, 'building', '3号楼');
      const u2 = await t.area(b3, 'unit', '2单元');
      const west7 = await t.area(s.westGrid1, 'building', '7号楼');
      const grid1 = await household(s.cookies.eastLeader, s.eastGrid1.id, '201');
      const flat = await household(s.cookies.eastLeader, u2.id, '502');
      const west = await household(s.cookies.westLeader, west7.id, '301');
      const add = async (key: string, cookie: string, hh: number, fields: Record<string, unknown>) => (people[key] = await resident(cookie, hh, { name: key, ...fields }));
      await add('张三', s.cookies.eastLeader, grid1.id, { phone: '13912345678', tags: ['独居老人'], residenceType: 'registered' });
      await add('张三丰', s.cookies.eastLeader, flat.id, { phone: phones(), tags: ['残疾人', '党员'], residenceType: 'migrant' });
      await add('章晓', s.cookies.eastLeader, flat.id, { idNumber: ids.next({ gender: 'female' }), residenceType: 'resident' });
      await add('欧阳娜娜', s.cookies.eastLeader, flat.id, { idNumber: ids.next({ gender: 'female' }), phone: phones() });
      await add('李四', s.cookies.westLeader, west.id, { phone: phones(), tags: ['独居老人'] });
      await add('赵六', s.cookies.eastLeader, grid1.id, { phone: phones() });
      await ok('POST', `/api/residents/${people['赵六'].id}/move-out`, s.cookies.eastLeader, { date: '2026-01-15' });
    });

    const found = async (q: Record<string, string>, who: keyof Scenario['cookies'] = 'chief') => {
      const page = await list(s.cookies[who], q);
      return (page.items as { name: string }[]).map((r) => r.name).sort();
    };
    /** Who a last-4 search must find: anyone whose ID number or phone ends with those digits. */
    const endingIn = (digits: string, among = Object.values(people).filter((p) => p.status !== 'moved_out' && p.name !== '赵六')) =>
      among.filter((p) => p.idNumber.endsWith(digits) || p.phone?.endsWith(digits)).map((p) => p.name).sort();

    it('finds by the start of a name, and not by a character in the middle', async () => {
      expect(await found({ q: '张' })).toEqual(['张三', '张三丰']);
      expect(await found({ q: '张三' })).toEqual(['张三', '张三丰']);
      expect(await found({ q: '张三丰' })).toEqual(['张三丰']);
      expect(await found({ q: '娜娜' })).toEqual([]);
      expect(await found({ q: '章' })).toEqual(['章晓']);
    });

    it('finds by pinyin initials and by full pinyin, in any case', async () => {
      expect(await found({ q: 'zs' })).toEqual(['张三', '张三丰']);
      expect(await found({ q: 'ZS' })).toEqual(['张三', '张三丰']);
      expect(await found({ q: 'zsf' })).toEqual(['张三丰']);
      expect(await found({ q: 'zx' })).toEqual(['章晓']);
      expect(await found({ q: 'oynn' })).toEqual(['欧阳娜娜']);
      expect(await found({ q: 'zhangsan' })).toEqual(['张三', '张三丰']);
      expect(await found({ q: 'zhangsanfeng' })).toEqual(['张三丰']);
      expect(await found({ q: 'Zhang' })).toEqual(['张三', '张三丰', '章晓']);
      expect(await found({ q: 'ouyang' })).toEqual(['欧阳娜娜']);
      expect(await found({ q: 'ls' })).toEqual(['李四']);
    });

    it('finds by the last 4 digits of a phone or an ID number', async () => {
      expect(await found({ q: '5678' })).toEqual(endingIn('5678'));
      expect(await found({ q: '5678' })).toContain('张三');
      const li = people['李四'].idNumber.slice(-4);
      if (/^\d{4}$/.test(li)) {
        expect(await found({ q: li })).toEqual(endingIn(li));
        expect(await found({ q: li })).toContain('李四');
      }
      for (const p of Object.values(people).filter((x) => x.name !== '赵六' && /^\d{4}$/.test(x.idNumber.slice(-4)))) {
        expect(await found({ q: p.idNumber.slice(-4) }), p.name).toEqual(endingIn(p.idNumber.slice(-4)));
      }
    });

    it('finds by the last 4 characters of an ID number that ends in X', async () => {
      let idNumber = ids.next({ birthDate: '1990-09-09' });
      while (!idNumber.endsWith('X')) idNumber = ids.next({ birthDate: '1990-09-09' });
      const home = await household(s.cookies.eastLeader, s.eastGrid1.id, 'X号');
      people['末位叉'] = await resident(s.cookies.eastLeader, home.id, { name: '末位叉', idNumber });
      const last4 = idNumber.slice(-4);
      expect(await found({ q: last4 })).toEqual(endingIn(last4));
      expect(await found({ q: last4 })).toContain('末位叉');
      expect(await found({ q: last4.toLowerCase() })).toEqual(endingIn(last4));
    });

    it('finds a name written with a character outside the Basic Multilingual Plane by its first character', async () => {
      const own = await buildScenario(t);
      const home = await household(own.cookies.eastLeader, own.eastGrid1.id, '生僻字');
      const rare = await resident(own.cookies.eastLeader, home.id, { name: '张𠮷' });
      expect(await idsOf(own.cookies.chief, { q: '张' })).toEqual([rare.id]);
    });

    it('finds by a whole phone number or a whole ID number, exactly', async () => {
      expect(await found({ q: '13912345678' })).toEqual(['张三']);
      expect(await found({ q: '13912345679' })).toEqual([]);
      expect(await found({ q: people['张三丰'].idNumber })).toEqual(['张三丰']);
      expect(await found({ q: people['李四'].idNumber.toLowerCase() })).toEqual(['李四']);
      expect(await found({ q: ` ${people['章晓'].idNumber} ` })).toEqual(['章晓']);
    });

    it('finds by an address fragment', async () => {
      expect(await found({ q: '3号楼' })).toEqual(['张三丰', '欧阳娜娜', '章晓'].sort());
      expect(await found({ q: '2单元502' })).toEqual(['张三丰', '欧阳娜娜', '章晓'].sort());
      expect(await found({ q: '7号楼301' })).toEqual(['李四']);
      expect(await found({ q: '东一网格201' })).toEqual(['张三']);
      // LIKE wildcards typed by a user are taken literally.
      expect(await found({ q: '3%楼' })).toEqual([]);
      expect(await found({ q: '_号楼' })).toEqual([]);
    });

    it('filters by tag, residence type and status; moved-out residents are hidden unless asked for', async () => {
      expect(await found({ tag: '独居老人' })).toEqual(['张三', '李四'].sort());
      expect(await found({ tag: '党员' })).toEqual(['张三丰']);
      expect(await found({ tag: '老人' })).toEqual([]);
      expect(await found({ tag: '独居老人', q: 'zs' })).toEqual(['张三']);
      expect(await found({ residenceType: 'migrant' })).toEqual(['张三丰']);
      expect(await found({ residenceType: 'registered' })).toEqual(['张三']);
      expect(await found({ q: 'zl' })).toEqual([]);
      expect(await found({ q: 'zl', status: 'moved_out' })).toEqual(['赵六']);
      expect(await found({ status: 'moved_out' })).toEqual(['赵六']);
      expect(await found({ q: 'zl', status: 'all' })).toEqual(['赵六']);
      expect((await found({})).includes('赵六')).toBe(false);
    });

    it('narrows to an area and pages through the result in a stable order', async () => {
      expect(await found({ area: String(s.eastGrid2.id) })).toEqual(['张三丰', '欧阳娜娜', '章晓'].sort());
      const all = await list(s.cookies.chief, {});
      const pages = [];
      for (let page = 1; page <= Math.ceil(all.total / 2); page++) pages.push(...(await list(s.cookies.chief, { pageSize: 2, page })).items.map((r: any) => r.id));
      expect(pages).toEqual(all.items.map((r: any) => r.id));
      expect(all).toMatchObject({ total: all.items.length, totalIsEstimate: false });
      expect((await call('GET', '/api/residents?pageSize=201', s.cookies.chief)).statusCode).toBe(400);
    });
  });

  describe('scope', () => {
    let s: Scenario;
    /** In the grid worker's own grid (东一), in the next grid of the same community (东二), and in the west community. */
    let mine: Made;
    let nextGrid: Made;
    let west: Made;
    beforeAll(async () => {
      s = await buildScenario(t);
      const b = await t.area(s.eastGrid2, 'building', '8号楼');
      const wb = await t.area(s.westGrid1, 'building', '9号楼');
      const hMine = await household(s.cookies.eastLeader, s.building.id, '601');
      const hNext = await household(s.cookies.eastLeader, b.id, '602');
      const hWest = await household(s.cookies.westLeader, wb.id, '603');
      mine = await resident(s.cookies.eastLeader, hMine.id, { name: '甲自己', phone: '13300001111', tags: ['重点人员'], residenceType: 'migrant' });
      nextGrid = await resident(s.cookies.eastLeader, hNext.id, { name: '乙邻格', phone: '13300002222', tags: ['重点人员'], residenceType: 'migrant' });
      west = await resident(s.cookies.westLeader, hWest.id, { name: '丙西区', phone: '13300003333', tags: ['重点人员'], residenceType: 'migrant' });
    });

    /** Every way of looking someone up, for resident `r`. */
    const forms = (r: Made, address: string): Record<string, Record<string, string | number>> => ({
      name: { q: r.name },
      nameStart: { q: r.name.slice(0, 1) },
      initials: { q: { 甲自己: 'jzj', 乙邻格: 'ylg', 丙西区: 'bxq' }[r.name]! },
      pinyin: { q: { 甲自己: 'jiaziji', 乙邻格: 'yilinge', 丙西区: 'bingxiqu' }[r.name]! },
      idLast4: { q: r.idNumber.slice(-4) },
      phoneLast4: { q: r.phone!.slice(-4) },
      wholeId: { q: r.idNumber },
      wholePhone: { q: r.phone! },
      address: { q: address },
      tag: { tag: '重点人员' },
      residenceType: { residenceType: 'migrant' },
      household: { household: r.householdId },
      statusAll: { status: 'all' },
      nothing: {},
    });
    const addressOf = (r: Made) => r.address.slice(0, 3);

    it('finds each resident by every form of query for someone whose scope covers them', async () => {
      for (const r of [mine, nextGrid, west]) {
        for (const [form, q] of Object.entries(forms(r, addressOf(r)))) {
          if (form === 'idLast4' && !/^\d{4}$/.test(r.idNumber.slice(-4))) continue;
          expect(await idsOf(s.cookies.chief, q), `${r.name} by ${form}`).toContain(r.id);
        }
      }
      for (const [form, q] of Object.entries(forms(mine, addressOf(mine)))) {
        if (form === 'idLast4' && !/^\d{4}$/.test(mine.idNumber.slice(-4))) continue;
        expect(await idsOf(s.cookies.eastWorker, q), `own grid by ${form}`).toContain(mine.id);
      }
    });

    it('keeps a grid worker from finding a resident of another grid by any form of query', async () => {
      for (const r of [nextGrid, west]) {
        for (const [form, q] of Object.entries(forms(r, addressOf(r)))) {
          const res = await call('GET', `/api/residents?${new URLSearchParams(Object.entries(q).map(([k, v]) => [k, String(v)]))}`, s.cookies.eastWorker);
          expect(res.statusCode, `${r.name} by ${form}`).toBe(200);
          expect(res.json().items.map((x: any) => x.id), `${r.name} by ${form}`).not.toContain(r.id);
          expect(res.body).not.toContain(r.name);
        }
        const byArea = await call('GET', `/api/residents?area=${r.areaId}`, s.cookies.eastWorker);
        expect(byArea.statusCode).toBe(404);
      }
    });

    it('answers 404 to a grid worker for anything done to a resident or household of another grid, and changes nothing', async () => {
      const target = await household(s.cookies.eastLeader, s.eastGrid1.id, '目标户');
      for (const r of [nextGrid, west]) {
        const before = { row: await rawResident(r.id), audit: await auditCount() };
        const attempts: [Method, string, object?][] = [
          ['GET', `/api/residents/${r.id}`],
          ['PATCH', `/api/residents/${r.id}`, { name: '被改名' }],
          ['POST', `/api/residents/${r.id}/reveal`, { field: 'idNumber', reason: '越权' }],
          ['POST', `/api/residents/${r.id}/move`, { householdId: target.id }],
          ['POST', `/api/residents/${r.id}/move-out`, { date: '2026-02-01' }],
          ['POST', `/api/residents/${r.id}/merge`, { duplicateId: mine.id }],
          ['POST', `/api/residents/${mine.id}/merge`, { duplicateId: r.id }],
          ['GET', `/api/households/${r.householdId}`],
          ['POST', `/api/households/${r.householdId}/move`, { areaId: s.eastGrid1.id, room: '抢来' }],
          ['GET', `/api/households?area=${r.areaId}`],
          ['GET', `/api/registry/overview?area=${r.areaId}`],
        ];
        for (const [method, url, payload] of attempts) {
          const res = await call(method, url, s.cookies.eastWorker, payload);
          expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(404);
          expect(res.body).not.toContain(r.name);
        }
        expect(await rawResident(r.id)).toEqual(before.row);
        expect(await auditCount()).toBe(before.audit);
      }
    });

    it('shows a community leader both grids of their community and nothing of the other community', async () => {
      const east = await idsOf(s.cookies.eastLeader, { tag: '重点人员' });
      expect(east).toEqual(sorted(mine.id, nextGrid.id));
      expect(await idsOf(s.cookies.westLeader, { tag: '重点人员' })).toEqual([west.id]);
      expect(await idsOf(s.cookies.chief, { tag: '重点人员' })).toEqual(sorted(mine.id, nextGrid.id, west.id));
      expect(await idsOf(s.cookies.eastLeader, { q: west.idNumber })).toEqual([]);
      expect((await call('GET', `/api/residents/${west.id}`, s.cookies.eastLeader)).statusCode).toBe(404);
      expect((await call('GET', `/api/residents/${nextGrid.id}`, s.cookies.eastLeader)).statusCode).toBe(200);
      expect((await call('GET', `/api/registry/overview?area=${s.west.id}`, s.cookies.eastLeader)).statusCode).toBe(404);
      expect((await call('GET', '/api/residents', s.cookies.nobody)).statusCode).toBe(403);
    });
  });

  describe('moving, moving out and merging', () => {
    let s: Scenario;
    let eastHome: { id: number; address: string };
    let nextHome: { id: number; address: string };
    let westBuilding: AreaRow;
    beforeAll(async () => {
      s = await buildScenario(t);
      eastHome = await household(s.cookies.eastLeader, s.building.id, '101');
      const b = await t.area(s.eastGrid2, 'building', '5号楼');
      nextHome = await household(s.cookies.eastLeader, b.id, '202');
      westBuilding = await t.area(s.westGrid1, 'building', '6号楼');
    });

    it('moves a resident to a household in another grid, keeping where they were, and moves them in search scope', async () => {
      const r = await resident(s.cookies.eastWorker, eastHome.id, { name: '搬家人', relation: 'head' });
      expect((await ok('GET', `/api/households/${eastHome.id}`, s.cookies.eastLeader)).headName).toBe('搬家人');
      const moved = await ok('POST', `/api/residents/${r.id}/move`, s.cookies.eastLeader, { householdId: nextHome.id, note: '搬到5号楼' });
      expect(moved).toMatchObject({ householdId: nextHome.id, address: '5号楼202', gridId: s.eastGrid2.id });
      expect(moved.history[0]).toMatchObject({ kind: 'move', fromAddress: '1号楼101', toAddress: '5号楼202', note: '搬到5号楼', by: expect.stringContaining('eastlead') });
      // The old household no longer has them as its head.
      expect((await ok('GET', `/api/households/${eastHome.id}`, s.cookies.eastLeader)).headName).toBeNull();
      expect(await idsOf(s.cookies.eastWorker, { q: '搬家人' })).toEqual([]);
      expect((await call('GET', `/api/residents/${r.id}`, s.cookies.eastWorker)).statusCode).toBe(404);
      expect(await idsOf(s.cookies.eastLeader, { q: 'bjr', area: s.eastGrid2.id })).toEqual([r.id]);
      const same = await call('POST', `/api/residents/${r.id}/move`, s.cookies.eastLeader, { householdId: nextHome.id });
      expect(same.statusCode).toBe(400);
    });

    it('does not let a grid worker move someone into a grid they do not keep', async () => {
      const r = await resident(s.cookies.eastWorker, eastHome.id, { name: '不许搬' });
      const res = await call('POST', `/api/residents/${r.id}/move`, s.cookies.eastWorker, { householdId: nextHome.id });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.fields.householdId).toBeTruthy();
      expect((await rawResident(r.id)).household_id).toBe(eastHome.id);
    });

    it('moves a household with all its members, recording the move on each', async () => {
      const hh = await household(s.cookies.eastLeader, s.building.id, '303');
      const a = await resident(s.cookies.eastLeader, hh.id, { name: '全家甲', relation: 'head' });
      const b = await resident(s.cookies.eastLeader, hh.id, { name: '全家乙', relation: 'spouse', idNumber: ids.next({ gender: 'female' }) });
      const taken = await household(s.cookies.westLeader, westBuilding.id, '9');
      const clash = await call('POST', `/api/households/${hh.id}/move`, s.cookies.chief, { areaId: westBuilding.id, room: '9' });
      expect(clash.statusCode).toBe(409);
      expect(clash.json().error.code).toBe('HOUSEHOLD_EXISTS');
      expect(taken.id).not.toBe(hh.id);
      // The east leader cannot put it into the west community.
      expect((await call('POST', `/api/households/${hh.id}/move`, s.cookies.eastLeader, { areaId: westBuilding.id, room: '10' })).statusCode).toBe(404);

      const moved = await ok('POST', `/api/households/${hh.id}/move`, s.cookies.chief, { areaId: westBuilding.id, room: '10', note: '整户迁入' });
      expect(moved).toMatchObject({ address: '6号楼10', areaId: westBuilding.id, gridId: s.westGrid1.id, memberCount: 2, headName: '全家甲' });
      for (const m of [a, b]) {
        const d = await ok('GET', `/api/residents/${m.id}`, s.cookies.westLeader);
        expect(d).toMatchObject({ address: '6号楼10', areaId: westBuilding.id, gridId: s.westGrid1.id });
        expect(d.history[0]).toMatchObject({ kind: 'move', fromAddress: '1号楼303', toAddress: '6号楼10', note: '整户迁入' });
        expect((await call('GET', `/api/residents/${m.id}`, s.cookies.eastLeader)).statusCode).toBe(404);
      }
      expect(await idsOf(s.cookies.westLeader, { q: '6号楼10' })).toEqual(sorted(a.id, b.id));
      expect(await idsOf(s.cookies.eastLeader, { q: 'qj' })).toEqual([]);
    });

    it('marks a resident as moved out: hidden by default, listed with status=moved_out, no longer a member', async () => {
      const hh = await household(s.cookies.eastLeader, s.building.id, '404');
      const stays = await resident(s.cookies.eastWorker, hh.id, { name: '留下的' });
      const leaves = await resident(s.cookies.eastWorker, hh.id, { name: '搬走的' });
      const out = await ok('POST', `/api/residents/${leaves.id}/move-out`, s.cookies.eastWorker, { date: '2026-03-01', note: '去外地工作' });
      expect(out).toMatchObject({ status: 'moved_out', moveOutDate: '2026-03-01' });
      expect(out.history[0]).toMatchObject({ kind: 'move_out', fromAddress: '1号楼404', note: '去外地工作' });
      expect(await idsOf(s.cookies.eastWorker, { household: hh.id })).toEqual([stays.id]);
      expect(await idsOf(s.cookies.eastWorker, { household: hh.id, status: 'moved_out' })).toEqual([leaves.id]);
      expect(await idsOf(s.cookies.eastWorker, { household: hh.id, status: 'all' })).toEqual(sorted(stays.id, leaves.id));
      expect((await ok('GET', `/api/households/${hh.id}`, s.cookies.eastWorker)).memberCount).toBe(1);
      const twice = await call('POST', `/api/residents/${leaves.id}/move-out`, s.cookies.eastWorker, { date: '2026-03-02' });
      expect(twice.statusCode).toBe(400);
      expect((await call('POST', `/api/residents/${stays.id}/move-out`, s.cookies.observer, { date: '2026-03-02' })).statusCode).toBe(403);
      // Their ID number stays taken: coming back is a move, not a new registration.
      const back = await call('POST', '/api/residents', s.cookies.eastWorker, { householdId: hh.id, name: '搬走的', idNumber: leaves.idNumber });
      expect(back.json().error.code).toBe('RESIDENT_DUPLICATE');
      const returned = await ok('POST', `/api/residents/${leaves.id}/move`, s.cookies.eastLeader, { householdId: nextHome.id });
      expect(returned).toMatchObject({ status: 'present', moveOutDate: null });
    });

    it('merges a duplicate into the kept record: the duplicate disappears, the kept record gains its tags and phone, both keep history', async () => {
      const hh = await household(s.cookies.eastLeader, s.building.id, '505');
      const keep = await resident(s.cookies.eastWorker, hh.id, { name: '重复人', tags: ['党员'], relation: 'head' });
      const dup = await resident(s.cookies.eastWorker, hh.id, { name: '重复人', phone: '13344445555', tags: ['慢性病', '党员'] });
      expect(await idsOf(s.cookies.eastWorker, { q: '重复人' })).toEqual(sorted(keep.id, dup.id));

      const merged = await ok('POST', `/api/residents/${keep.id}/merge`, s.cookies.eastWorker, { duplicateId: dup.id });
      expect(merged.tags.sort()).toEqual(['党员', '慢性病'].sort());
      expect(merged.phone).toBe('133****5555');
      expect(merged.history[0]).toMatchObject({ kind: 'merge', note: expect.stringContaining(String(dup.id)) });
      expect(merged.household.memberCount).toBe(1);
      expect(await idsOf(s.cookies.eastWorker, { q: '重复人' })).toEqual([keep.id]);
      expect(await idsOf(s.cookies.eastWorker, { q: '重复人', status: 'all' })).toEqual([keep.id]);
      expect(await idsOf(s.cookies.eastWorker, { q: '13344445555' })).toEqual([keep.id]);
      expect(await idsOf(s.cookies.eastWorker, { q: dup.idNumber })).toEqual([]);
      expect((await call('GET', `/api/residents/${dup.id}`, s.cookies.eastWorker)).statusCode).toBe(404);
      const dupHistory = await t.db.selectFrom('resident_history').selectAll().where('resident_id', '=', dup.id).execute();
      expect(dupHistory.map((h) => h.kind)).toContain('merged');
      expect((await rawResident(dup.id)).merged_into).toBe(keep.id);
      const revealed = await ok('POST', `/api/residents/${keep.id}/reveal`, s.cookies.eastWorker, { field: 'phone', reason: '合并后核对' });
      expect(revealed.value).toBe('13344445555');

      expect((await call('POST', `/api/residents/${keep.id}/merge`, s.cookies.eastWorker, { duplicateId: keep.id })).statusCode).toBe(400);
      expect((await call('POST', `/api/residents/${keep.id}/merge`, s.cookies.eastWorker, { duplicateId: dup.id })).statusCode).toBe(404);
      const log = await ok('GET', '/api/audit?action=resident.merge&pageSize=200', s.cookies.admin);
      expect(log.items.find((e: any) => e.entityId === String(keep.id))).toMatchObject({ before: { duplicate: dup.id } });
    });

    it('keeps the kept record’s own phone when merging', async () => {
      const hh = await household(s.cookies.eastLeader, s.building.id, '506');
      const keep = await resident(s.cookies.eastWorker, hh.id, { name: '有电话', phone: '13322221111' });
      const dup = await resident(s.cookies.eastWorker, hh.id, { name: '有电话', phone: '13322229999' });
      const merged = await ok('POST', `/api/residents/${keep.id}/merge`, s.cookies.eastWorker, { duplicateId: dup.id });
      expect(merged.phone).toBe('133****1111');
    });
  });

  describe('overview', () => {
    let s: Scenario;
    const TAGS = ['独居老人', '残疾人', '党员', '留守儿童'];
    beforeAll(async () => {
      s = await buildScenario(t);
      const rand = seeded(42);
      const places: AreaRow[] = [s.eastGrid1, s.building, s.eastGrid2, s.westGrid1];
      places.push(await t.area(s.eastGrid2, 'building', '10号楼'));
      places.push(await t.area(places[4], 'unit', '1单元'));
      places.push(await t.area(s.westGrid1, 'building', '11号楼'));
      const homes: number[] = [];
      for (let i = 0; i < 14; i++) homes.push((await household(s.cookies.admin, places[i % places.length].id, `${100 + i}`)).id);
      // Households with nobody in them still count as households.
      const made: Made[] = [];
      for (let i = 0; i < 45; i++) {
        const tags = TAGS.filter(() => rand.int(3) === 0);
        made.push(
          await resident(s.cookies.admin, homes[rand.int(homes.length - 2)], {
            name: `统计${i}`,
            idNumber: ids.next({ birthDate: `19${50 + rand.int(50)}-0${1 + rand.int(9)}-1${rand.int(9)}`, gender: rand.int(2) ? 'male' : 'female' }),
            residenceType: rand.pick(['registered', 'resident', 'migrant'] as const),
            tags,
          }),
        );
      }
      // Some leave, some die, some turn out to be duplicates: none of them are counted.
      for (const r of made.slice(0, 4)) await ok('POST', `/api/residents/${r.id}/move-out`, s.cookies.admin, { date: '2026-05-01' });
      for (const r of made.slice(4, 6)) await ok('PATCH', `/api/residents/${r.id}`, s.cookies.admin, { status: 'deceased' });
      await ok('POST', `/api/residents/${made[6].id}/merge`, s.cookies.admin, { duplicateId: made[7].id });
      await ok('POST', `/api/residents/${made[8].id}/merge`, s.cookies.admin, { duplicateId: made[9].id });
    });

    /** The counts under `path`, recounted by hand from the raw rows. */
    async function recount(path: string) {
      const households = await t.db.selectFrom('households').select('area_path').execute();
      const residents = await t.db.selectFrom('residents').select(['area_path', 'status', 'merged_into', 'residence_type', 'tags']).execute();
      const c = { households: 0, residents: 0, registered: 0, resident: 0, migrant: 0, tags: {} as Record<string, number> };
      c.households = households.filter((h) => h.area_path.startsWith(path)).length;
      for (const r of residents) {
        if (!r.area_path.startsWith(path) || r.status !== 'present' || r.merged_into !== null) continue;
        c.residents++;
        c[r.residence_type as 'registered' | 'resident' | 'migrant']++;
        for (const tag of r.tags.split(',').filter(Boolean)) c.tags[tag] = (c.tags[tag] ?? 0) + 1;
      }
      return c;
    }
    const countsOf = (row: any) => ({ households: row.households, residents: row.residents, registered: row.registered, resident: row.resident, migrant: row.migrant, tags: row.tags });
    const sum = (rows: any[]) => {
      const c = { households: 0, residents: 0, registered: 0, resident: 0, migrant: 0, tags: {} as Record<string, number> };
      for (const r of rows) {
        for (const k of ['households', 'residents', 'registered', 'resident', 'migrant'] as const) c[k] += r[k];
        for (const [tag, n] of Object.entries<number>(r.tags)) c.tags[tag] = (c.tags[tag] ?? 0) + n;
      }
      return c;
    };
    const pathOf = async (id: number) => (await t.db.selectFrom('areas').select('path').where('id', '=', id).executeTakeFirstOrThrow()).path;

    it('counts each child area exactly as a recount of the rows does', async () => {
      for (const area of [s.street, s.east, s.west, s.eastGrid1, s.eastGrid2]) {
        const o = await ok('GET', `/api/registry/overview?area=${area.id}`, s.cookies.chief);
        expect(o.area).toMatchObject({ id: area.id, name: area.name, level: area.level });
        for (const row of o.rows) expect(countsOf(row), `${area.name} → ${row.name}`).toEqual(await recount(await pathOf(row.areaId)));
        expect(o.total, `${area.name} total`).toEqual(await recount(area.path));
      }
      const street = await ok('GET', `/api/registry/overview?area=${s.street.id}`, s.cookies.chief);
      expect(street.total.residents).toBe(45 - 4 - 2 - 2);
      expect(street.rows.map((r: any) => r.name)).toEqual(['东社区', '西社区']);
    });

    it('rolls up: a community is the sum of its grids, the subdistrict the sum of its communities', async () => {
      const street = await ok('GET', `/api/registry/overview?area=${s.street.id}`, s.cookies.chief);
      expect(street.total).toEqual(sum(street.rows));
      for (const community of [s.east, s.west]) {
        const o = await ok('GET', `/api/registry/overview?area=${community.id}`, s.cookies.chief);
        expect(o.total).toEqual(sum(o.rows));
        expect(countsOf(street.rows.find((r: any) => r.areaId === community.id))).toEqual(o.total);
      }
    });

    it('names the grid workers of each grid and lets each user see only their own part', async () => {
      const east = await ok('GET', `/api/registry/overview?area=${s.east.id}`, s.cookies.eastLeader);
      expect(east.rows.find((r: any) => r.areaId === s.eastGrid1.id).gridWorkers).toEqual(['东网格员']);
      expect(east.rows.find((r: any) => r.areaId === s.eastGrid2.id).gridWorkers).toEqual([]);
      expect((await call('GET', `/api/registry/overview?area=${s.eastGrid1.id}`, s.cookies.eastWorker)).statusCode).toBe(200);
      expect((await call('GET', `/api/registry/overview?area=${s.east.id}`, s.cookies.eastWorker)).statusCode).toBe(404);
      expect((await call('GET', `/api/registry/overview?area=${s.street.id}`, s.cookies.observer)).statusCode).toBe(200);
      expect((await call('GET', `/api/registry/overview?area=${s.street.id}`, s.cookies.nobody)).statusCode).toBe(404);
    });
  });

  describe('areas renamed and moved', () => {
    let s: Scenario;
    let grid: AreaRow;
    let people: Made[];
    beforeAll(async () => {
      s = await buildScenario(t);
      grid = await t.area(s.east, 'grid', '东三网格');
      const b = await t.area(grid, 'building', '12号楼');
      const h1 = await household(s.cookies.eastLeader, grid.id, '平房1');
      const h2 = await household(s.cookies.eastLeader, b.id, '1201');
      people = [await resident(s.cookies.eastLeader, h1.id, { name: '迁格甲' }), await resident(s.cookies.eastLeader, h2.id, { name: '迁格乙', tags: ['党员'] })];
    });

    it('shows the new grid name after a rename and keeps everyone in scope', async () => {
      await ok('PATCH', `/api/areas/${grid.id}`, s.cookies.eastLeader, { name: '东三网格（新）' });
      const page = await list(s.cookies.eastLeader, { q: 'qg' });
      expect(page.items.map((r: any) => r.id).sort()).toEqual(sorted(...people.map((p) => p.id)));
      expect(page.items.every((r: any) => r.gridName === '东三网格（新）')).toBe(true);
    });

    it('moves residents into the new community’s scope when their grid moves there', async () => {
      const eastBefore = (await ok('GET', `/api/registry/overview?area=${s.east.id}`, s.cookies.eastLeader)).total;
      const westBefore = (await ok('GET', `/api/registry/overview?area=${s.west.id}`, s.cookies.westLeader)).total;
      expect(await idsOf(s.cookies.westLeader, { q: 'qg' })).toEqual([]);

      await ok('PATCH', `/api/areas/${grid.id}`, s.cookies.chief, { parentId: s.west.id });

      expect(await idsOf(s.cookies.eastLeader, { q: 'qg' })).toEqual([]);
      expect(await idsOf(s.cookies.westLeader, { q: 'qg' })).toEqual(sorted(...people.map((p) => p.id)));
      for (const p of people) {
        expect((await call('GET', `/api/residents/${p.id}`, s.cookies.eastLeader)).statusCode).toBe(404);
        expect((await ok('GET', `/api/residents/${p.id}`, s.cookies.westLeader)).gridId).toBe(grid.id);
        expect((await rawResident(p.id)).area_path.startsWith(s.west.path)).toBe(true);
      }
      const households = await ok('GET', `/api/households?area=${grid.id}`, s.cookies.westLeader);
      expect(households.total).toBe(2);
      expect((await call('GET', `/api/households?area=${grid.id}`, s.cookies.eastLeader)).statusCode).toBe(404);

      const eastAfter = (await ok('GET', `/api/registry/overview?area=${s.east.id}`, s.cookies.eastLeader)).total;
      const westAfter = (await ok('GET', `/api/registry/overview?area=${s.west.id}`, s.cookies.westLeader)).total;
      expect(eastAfter.residents).toBe(eastBefore.residents - 2);
      expect(eastAfter.households).toBe(eastBefore.households - 2);
      expect(westAfter.residents).toBe(westBefore.residents + 2);
      expect(westAfter.tags['党员']).toBe((westBefore.tags['党员'] ?? 0) + 1);
      // A resident registered after the move lands in the west community too.
      const later = await resident(s.cookies.westLeader, people[0].householdId, { name: '迁格丙' });
      expect(await idsOf(s.cookies.westLeader, { q: 'qg' })).toContain(later.id);
    });
  });
});
