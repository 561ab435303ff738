import { createHmac } from 'node:crypto';
import type { AnnouncementCategory, AnnouncementUrgency } from '../../common/announcements.js';
import type { WebhookKind } from '../../common/announcement-webhooks.js';

/**
 * What each group-chat robot expects, exactly as its vendor documents it, and how each signs.
 * Pure functions: the worker decides when to send, these decide what.
 */

/** The facts about a notice that a group message carries. */
export interface PushedNotice {
  id: number;
  title: string;
  /** Plain text (Markdown removed); shortened here to fit the robots' limits. */
  text: string;
  url: string;
  areaId: number;
  areaName: string;
  category: AnnouncementCategory;
  urgency: AnnouncementUrgency;
  publishedAt: string;
}

export interface OutgoingRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

const CATEGORY_ZH: Record<AnnouncementCategory, string> = { epidemic_update: '疫情通报', prevention: '防控知识', policy: '政策发布', rumour_refuted: '辟谣', other: '通知' };

/**
 * DingTalk custom robot "加签": `timestamp + "\n" + secret`, HMAC-SHA256 keyed with the secret,
 * Base64, then URL-encoded for the query string.
 * @example dingtalkSign(1700000000000, 'SEC…') // 'abc%2B…%3D'
 */
export function dingtalkSign(timestampMs: number, secret: string): string {
  const digest = createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64');
  return encodeURIComponent(digest);
}

/**
 * Feishu custom bot 签名校验: the key is `timestamp + "\n" + secret` (timestamp in seconds), the
 * message is empty, HMAC-SHA256, Base64.
 */
export function feishuSign(timestampSeconds: number, secret: string): string {
  return createHmac('sha256', `${timestampSeconds}\n${secret}`).update('').digest('base64');
}

/** The generic JSON webhook's `X-Wangge-Signature`: `sha256=` + hex HMAC-SHA256 of the raw body. */
export function jsonSignature(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** Cut text to at most `max` characters, marking the cut. */
function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Markdown-sensitive characters in a title are shown as written, not as formatting. */
const plainMd = (text: string) => text.replace(/([\\`*_[\]<>#])/g, '\\$1');

function heading(n: PushedNotice): string {
  return `${n.urgency === 'urgent' ? '【紧急】' : ''}【${CATEGORY_ZH[n.category]}】${n.title}`;
}

/** The Markdown both WeCom and DingTalk render: heading, area, excerpt, link. */
function markdownText(n: PushedNotice, maxText: number): string {
  const excerpt = clip(n.text.trim(), maxText)
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => `> ${plainMd(l)}`)
    .join('\n');
  return `### ${plainMd(heading(n))}\n发布范围：${plainMd(n.areaName)}\n\n${excerpt}\n\n[查看全文](${n.url})`;
}

/** Append query parameters to a robot address that may already carry some (`?access_token=…`). */
function withQuery(url: string, params: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}${params}`;
}

/**
 * Build the HTTP request for one webhook. `now` fixes the signing timestamp (tests use a constant).
 * - WeCom group robot: `{"msgtype":"markdown","markdown":{"content":…}}`, no signing (the key is in the URL).
 * - DingTalk custom robot: `{"msgtype":"markdown","markdown":{"title","text"}}`, signed in the query string.
 * - Feishu custom bot: `{"timestamp","sign","msg_type":"post","content":{"post":{"zh_cn":…}}}`.
 * - Generic JSON: `{event:"announcement.published",announcement:{…}}` with `X-Wangge-Signature`.
 */
export function buildWebhookRequest(kind: WebhookKind, target: { url: string; secret: string | null }, n: PushedNotice, now: Date): OutgoingRequest {
  const headers = { 'content-type': 'application/json; charset=utf-8' };
  switch (kind) {
    case 'wecom': {
      // WeCom limits markdown content to 4096 bytes: Chinese takes 3 bytes a character.
      return { url: target.url, headers, body: JSON.stringify({ msgtype: 'markdown', markdown: { content: markdownText(n, 900) } }) };
    }
    case 'dingtalk': {
      const body = JSON.stringify({ msgtype: 'markdown', markdown: { title: clip(heading(n), 60), text: markdownText(n, 1500) } });
      if (!target.secret) return { url: target.url, headers, body };
      const ts = now.getTime();
      return { url: withQuery(target.url, `timestamp=${ts}&sign=${dingtalkSign(ts, target.secret)}`), headers, body };
    }
    case 'feishu': {
      const message = {
        msg_type: 'post',
        content: {
          post: {
            zh_cn: {
              title: heading(n),
              content: [
                [{ tag: 'text', text: `发布范围：${n.areaName}` }],
                [{ tag: 'text', text: clip(n.text.trim(), 1500) }],
                [{ tag: 'a', text: '查看全文', href: n.url }],
              ],
            },
          },
        },
      };
      if (!target.secret) return { url: target.url, headers, body: JSON.stringify(message) };
      const ts = Math.floor(now.getTime() / 1000);
      return { url: target.url, headers, body: JSON.stringify({ timestamp: String(ts), sign: feishuSign(ts, target.secret), ...message }) };
    }
    case 'json': {
      const body = JSON.stringify({
        event: 'announcement.published',
        announcement: { id: n.id, title: n.title, url: n.url, areaId: n.areaId, category: n.category, urgency: n.urgency, publishedAt: n.publishedAt },
      });
      return { url: target.url, headers: target.secret ? { ...headers, 'x-wangge-signature': jsonSignature(body, target.secret) } : headers, body };
    }
  }
}

/**
 * Whether a robot accepted the message. The chat vendors answer HTTP 200 even when they refuse
 * (bad signature, rate limit), with `errcode` (WeCom, DingTalk) or `code` (Feishu) other than 0.
 * Returns null when accepted, else the reason.
 */
export function rejectionOf(kind: WebhookKind, status: number, responseText: string): string | null {
  if (status < 200 || status >= 300) return `HTTP ${status}${responseText ? `: ${clip(responseText, 300)}` : ''}`;
  if (kind === 'json') return null;
  let parsed: any;
  try {
    parsed = JSON.parse(responseText);
  } catch {
    return `the ${kind} robot answered something that is not JSON: ${clip(responseText, 200)}`;
  }
  // Feishu answers {code,msg}; its older endpoints answered {StatusCode,StatusMessage}.
  const code = kind === 'feishu' ? (parsed?.code ?? parsed?.StatusCode) : parsed?.errcode;
  if (code === 0) return null;
  const msg = kind === 'feishu' ? (parsed?.msg ?? parsed?.StatusMessage) : parsed?.errmsg;
  return `${kind} refused the message: ${kind === 'feishu' ? 'code' : 'errcode'} ${code ?? '(missing)'}${msg ? ` ${clip(String(msg), 200)}` : ''}`;
}
