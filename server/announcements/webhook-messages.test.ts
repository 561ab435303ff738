import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildWebhookRequest, dingtalkSign, feishuSign, jsonSignature, rejectionOf, type PushedNotice } from './webhook-messages.js';

const notice: PushedNotice = {
  id: 42,
  title: '关于核酸检测的通知',
  text: '3月5日14:30在村委会门口检测。\n请带身份证。',
  url: 'https://wangge.example/n/7/42',
  areaId: 7,
  areaName: '东社区',
  category: 'epidemic_update',
  urgency: 'urgent',
  publishedAt: '2026-03-05T06:00:00.000Z',
};

describe('signing, checked against worked examples', () => {
  // Worked examples computed outside this code base (Python hmac/hashlib/base64, as in each vendor's sample).
  it('signs DingTalk as documented: HMAC-SHA256(key=secret, timestamp+"\\n"+secret), Base64, URL-encoded', () => {
    const secret = 'SEC6b0f5e2d4c3a1987f0e2d4c3a19876b0f5e2d4c3a1987f0e2d4c3a19876b0';
    expect(dingtalkSign(1764400000000, secret)).toBe('aYCLR0exPZRIMEt9UPpBe4W0bfpmWA9qAiFTzjtLzdI%3D');
    // And by the documented steps, written out again here: '+', '/' and '=' must be percent-encoded.
    for (const ts of [1700000000000, 1700000000001, 1700000000002, 1700000000003]) {
      const expected = encodeURIComponent(createHmac('sha256', 'SECx').update(`${ts}\nSECx`).digest('base64'));
      expect(dingtalkSign(ts, 'SECx')).toBe(expected);
      expect(dingtalkSign(ts, 'SECx')).not.toMatch(/[+/=]/);
    }
  });

  it('signs Feishu as documented: HMAC-SHA256 with key timestamp+"\\n"+secret over an empty message, Base64', () => {
    expect(feishuSign(1764400000, 'aBcD3fGh1jKlMn0pQrStUv')).toBe('7MBlJmt7lHYLE3yWGSjL4dmPlLUetQ4VrzM/F8zjHIc=');
  });

  it('signs the generic JSON body with a hex HMAC-SHA256', () => {
    expect(jsonSignature('{"event":"announcement.published"}', 'json-secret')).toBe('sha256=bb01de762d5e56a2c2e6efe2b76b3a107d49edc7349ace4212593aa967644fb1');
  });
});

describe('message formats', () => {
  const now = new Date(1764400000123);

  it('sends WeCom a markdown message, unsigned', () => {
    const req = buildWebhookRequest('wecom', { url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc', secret: null }, notice, now);
    expect(req.url).toBe('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc');
    const body = JSON.parse(req.body);
    expect(Object.keys(body)).toEqual(['msgtype', 'markdown']);
    expect(body.msgtype).toBe('markdown');
    expect(Object.keys(body.markdown)).toEqual(['content']);
    expect(body.markdown.content).toContain('【紧急】【疫情通报】关于核酸检测的通知');
    expect(body.markdown.content).toContain('[查看全文](https://wangge.example/n/7/42)');
    expect(Buffer.byteLength(body.markdown.content)).toBeLessThanOrEqual(4096);
  });

  it('keeps a long WeCom message under the 4096-byte limit', () => {
    const req = buildWebhookRequest('wecom', { url: 'https://x/send?key=k', secret: null }, { ...notice, text: '很长的通知内容'.repeat(2000) }, now);
    expect(Buffer.byteLength(JSON.parse(req.body).markdown.content)).toBeLessThanOrEqual(4096);
  });

  it('sends DingTalk markdown with title and text, timestamp and sign appended to the query', () => {
    const req = buildWebhookRequest('dingtalk', { url: 'https://oapi.dingtalk.com/robot/send?access_token=tok', secret: 'SECabc' }, notice, now);
    const url = new URL(req.url);
    expect(url.searchParams.get('access_token')).toBe('tok');
    expect(url.searchParams.get('timestamp')).toBe('1764400000123');
    const expectedSign = createHmac('sha256', 'SECabc').update('1764400000123\nSECabc').digest('base64');
    expect(url.searchParams.get('sign')).toBe(expectedSign);
    const body = JSON.parse(req.body);
    expect(body.msgtype).toBe('markdown');
    expect(Object.keys(body.markdown).sort()).toEqual(['text', 'title']);
    expect(body.markdown.text).toContain('> 请带身份证。');
    // Without a secret the address is used as given.
    expect(buildWebhookRequest('dingtalk', { url: 'https://oapi.dingtalk.com/robot/send?access_token=tok', secret: null }, notice, now).url).toBe('https://oapi.dingtalk.com/robot/send?access_token=tok');
  });

  it('sends Feishu a post with timestamp in seconds (a string) and sign in the body', () => {
    const req = buildWebhookRequest('feishu', { url: 'https://open.feishu.cn/open-apis/bot/v2/hook/xyz', secret: 'fs-secret' }, notice, now);
    const body = JSON.parse(req.body);
    expect(body.timestamp).toBe('1764400000');
    expect(body.sign).toBe(createHmac('sha256', '1764400000\nfs-secret').update('').digest('base64'));
    expect(body.msg_type).toBe('post');
    expect(body.content.post.zh_cn.title).toBe('【紧急】【疫情通报】关于核酸检测的通知');
    expect(body.content.post.zh_cn.content).toContainEqual([{ tag: 'a', text: '查看全文', href: notice.url }]);
    const unsigned = JSON.parse(buildWebhookRequest('feishu', { url: 'https://x', secret: null }, notice, now).body);
    expect(unsigned).not.toHaveProperty('sign');
  });

  it('sends the generic JSON event, signed over the exact body when a secret is set', () => {
    const req = buildWebhookRequest('json', { url: 'https://hooks.example/wangge', secret: 's3cret' }, notice, now);
    expect(JSON.parse(req.body)).toEqual({
      event: 'announcement.published',
      announcement: { id: 42, title: notice.title, url: notice.url, areaId: 7, category: 'epidemic_update', urgency: 'urgent', publishedAt: notice.publishedAt },
    });
    expect(req.headers['x-wangge-signature']).toBe(`sha256=${createHmac('sha256', 's3cret').update(req.body).digest('hex')}`);
    expect(buildWebhookRequest('json', { url: 'https://hooks.example/wangge', secret: null }, notice, now).headers).not.toHaveProperty('x-wangge-signature');
  });
});

describe('reading the answer', () => {
  it('counts only 2xx, and for the chat robots only errcode/code 0, as delivered', () => {
    expect(rejectionOf('json', 204, '')).toBeNull();
    expect(rejectionOf('json', 500, 'boom')).toBe('HTTP 500: boom');
    expect(rejectionOf('dingtalk', 200, '{"errcode":0,"errmsg":"ok"}')).toBeNull();
    expect(rejectionOf('dingtalk', 200, '{"errcode":310000,"errmsg":"sign not match"}')).toContain('errcode 310000');
    expect(rejectionOf('wecom', 200, '{"errcode":93000,"errmsg":"invalid webhook url"}')).toContain('93000');
    expect(rejectionOf('feishu', 200, '{"code":0,"msg":"success","data":{}}')).toBeNull();
    expect(rejectionOf('feishu', 200, '{"StatusCode":0,"StatusMessage":"success"}')).toBeNull();
    expect(rejectionOf('feishu', 200, '{"code":19021,"msg":"sign match fail or timestamp is not within one hour from current time"}')).toContain('code 19021');
    expect(rejectionOf('wecom', 200, 'not json')).toContain('not JSON');
  });
});
