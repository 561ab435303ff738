import { expect, it } from 'vitest';
import { parseIdNumber } from '../../common/id-number.js';
import { describeEachDialect, TEST_CIPHER } from '../test/harness.js';
import { DEMO_PASSWORD, seedDemo } from './seed-demo.js';

describeEachDialect('demo residents', (t) => {
  it('seeds 2,000+ residents once, in households with a head, with valid ID numbers', async () => {
    const started = performance.now();
    expect(await seedDemo(t.db, TEST_CIPHER)).toBe(true);
    const seconds = (performance.now() - started) / 1000;
    expect(seconds).toBeLessThan(30); // about a second when the machine is idle; generous for a busy CI box
    expect(await seedDemo(t.db, TEST_CIPHER)).toBe(false);

    const residents = await t.db.selectFrom('residents').selectAll().orderBy('id').execute();
    expect(residents.length).toBeGreaterThanOrEqual(2000);
    const ids = new Set<string>();
    for (const r of residents) {
      const id = TEST_CIPHER.decrypt(r.id_enc);
      const parsed = parseIdNumber(id);
      expect(parsed.ok, id).toBe(true);
      if (parsed.ok) expect(parsed.info).toEqual({ birthDate: r.birth_date, gender: r.gender });
      expect(r.id_hash).toBe(TEST_CIPHER.hash(id));
      ids.add(id);
    }
    expect(ids.size).toBe(residents.length);
    const households = await t.db.selectFrom('households').select(['id', 'head_resident_id', 'address']).execute();
    expect(households.length).toBeGreaterThan(600);
    expect(households.every((h) => h.head_resident_id !== null)).toBe(true);
    const sizes = new Map<number, number>();
    for (const r of residents) sizes.set(r.household_id, (sizes.get(r.household_id) ?? 0) + 1);
    expect(Math.min(...sizes.values())).toBe(1);
    expect(Math.max(...sizes.values())).toBe(5);
    expect(households.some((h) => /^[东西南]组\d片\d+号$/.test(h.address))).toBe(true);
    expect(households.some((h) => /^\d+号楼\d单元[1-6]0[12]$/.test(h.address))).toBe(true);
  });

  it('shows a demo grid worker the residents of their grid only', async () => {
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'wgy0101', password: DEMO_PASSWORD } });
    expect(login.statusCode).toBe(200);
    const cookie = `wangge_session=${login.cookies.find((c) => c.name === 'wangge_session')!.value}`;
    const page = (await t.app.inject({ method: 'GET', url: '/api/residents?pageSize=200', headers: { cookie } })).json();
    expect(page.total).toBeGreaterThan(100);
    expect(new Set(page.items.map((r: { gridName: string }) => r.gridName))).toEqual(new Set(['幸福社区第一网格']));
    // Grid workers may not export.
    expect((await t.app.inject({ method: 'GET', url: '/api/residents/export.xlsx', headers: { cookie } })).statusCode).toBe(403);
  });
});
