import { beforeAll, expect, it } from 'vitest';
import { DEFAULT_RESIDENT_TAGS } from '../../common/registry.js';
import { describeEachDialect } from '../test/harness.js';
import { buildScenario, type Scenario } from '../test/scenario.js';

describeEachDialect('the tags a deployment offers for residents', (t) => {
  let s: Scenario;
  beforeAll(async () => {
    s = await buildScenario(t);
  });

  it('offers the default tags until an administrator sets the deployment’s own, and logs the change', async () => {
    const before = await t.app.inject({ method: 'GET', url: '/api/settings/resident-tags', headers: { cookie: s.cookies.eastWorker } });
    expect(before.json().tags).toEqual(DEFAULT_RESIDENT_TAGS);
    const refused = await t.app.inject({ method: 'PUT', url: '/api/settings/resident-tags', headers: { cookie: s.cookies.chief }, payload: { tags: ['x'] } });
    expect(refused.statusCode).toBe(403);
    const put = await t.app.inject({ method: 'PUT', url: '/api/settings/resident-tags', headers: { cookie: s.cookies.admin }, payload: { tags: ['独居老人', '高龄', '独居老人'] } });
    expect(put.json().tags).toEqual(['独居老人', '高龄']);
    const after = await t.app.inject({ method: 'GET', url: '/api/settings/resident-tags', headers: { cookie: s.cookies.eastWorker } });
    expect(after.json().tags).toEqual(['独居老人', '高龄']);
    const log = await t.app.inject({ method: 'GET', url: '/api/audit?action=settings.resident_tags', headers: { cookie: s.cookies.admin } });
    expect(log.json().items[0]).toMatchObject({ before: DEFAULT_RESIDENT_TAGS, after: ['独居老人', '高龄'] });
  });
});
