import { describe, expect, it } from 'vitest';
import { localizePayload, localizeText } from './localize.js';
import { describeEachDialect } from '../test/harness.js';
import { buildScenario, type Scenario } from '../test/scenario.js';
import { beforeAll } from 'vitest';

describe('messages in the reader\u2019s language', () => {
  it('translates whole messages, and row messages part by part', () => {
    expect(localizeText('wrong username or password (3 attempt(s) left before the account is locked)', 'zh')).toBe('用户名或密码错误（再错 3 次账号将被锁定）');
    expect(localizeText('"东一网格" is archived; restore it before adding to it', 'zh')).toBe('「东一网格」已归档，请先恢复');
    expect(localizeText("the ID number's check digit is wrong (last character should be X), please check for a typo; \"123\" is not an 11-digit mobile number", 'zh')).toBe(
      '身份证号校验位错误（最后一位应为 X），请检查是否输错；「123」不是 11 位手机号码',
    );
    expect(localizeText('a community cannot be placed under a grid', 'zh')).toBe('社区不能放在网格之下');
  });

  it('keeps English for English readers and unknown messages as written', () => {
    expect(localizeText('wrong username or password', 'en')).toBe('wrong username or password');
    expect(localizeText('something new (新)', 'zh')).toBe('something new (新)');
  });

  it('translates messages, fields and rows of an error body', () => {
    const body = { error: { code: 'IMPORT_INVALID', message: '2 row(s) have problems; nothing was imported', fields: { name: 'name is required' }, rows: [{ row: 3, message: 'ID number (身份证号) is empty' }] } };
    expect(localizePayload(body, 'zh')).toEqual({ error: { code: 'IMPORT_INVALID', message: '有 2 行存在问题，未导入任何数据', fields: { name: '名称为必填项' }, rows: [{ row: 3, message: '身份证号为空' }] } });
  });
});

describeEachDialect('answers in Chinese to a browser that asks for it', (t) => {
  let s: Scenario;
  beforeAll(async () => {
    s = await buildScenario(t);
  });

  it('gives field errors in Chinese with Accept-Language zh-CN and in English without', async () => {
    const payload = { parentId: s.east.id, name: '', level: 'grid' };
    const zh = await t.app.inject({ method: 'POST', url: '/api/areas', headers: { cookie: s.cookies.eastLeader, 'accept-language': 'zh-CN,zh;q=0.9' }, payload });
    expect(zh.statusCode).toBe(400);
    expect(zh.json().error.fields.name).toBe('名称为必填项');
    const en = await t.app.inject({ method: 'POST', url: '/api/areas', headers: { cookie: s.cookies.eastLeader }, payload });
    expect(en.json().error.fields.name).toBe('name is required');
  });
});
