import type { Kysely } from 'kysely';
import type { Actor } from '../auth/actor.js';
import type { Database } from '../db/types.js';
import { isVisible, readableAnnouncement } from '../announcements/announcements.service.js';
import { markdownToPlainText } from '../announcements/render-markdown.js';
import { AppError } from '../http/errors.js';
import type { Language } from '../http/localize.js';
import type { PosterPage } from './poster.js';

type Db = Kysely<Database>;

/** Characters of the notice body printed on the poster; the rest is behind the QR code. */
const EXCERPT_CHARS = 90;

/** The shareable link of a notice, as group-chat messages carry it. */
export const noticeUrl = (baseUrl: string, areaId: number, id: number) => `${baseUrl.replace(/\/+$/, '')}/n/${areaId}/${id}`;

const WORDS = {
  zh: {
    refuted: (claim: string) => `辟谣：传言“${claim}”不实`,
    scan: '用微信或手机相机扫描上方二维码，查看公告全文',
    ack: '看完请点「我已阅读」，网格员就知道您家已经知晓',
    published: (area: string, date: string) => `${area} · 发布于 ${date}`,
  },
  en: {
    refuted: (claim: string) => `Rumour refuted: "${claim}" is not true`,
    scan: 'Scan the QR code above with WeChat or your phone camera to read the whole notice',
    ack: 'When you have read it, tap "I have read this" so your grid worker knows',
    published: (area: string, date: string) => `${area} · published ${date}`,
  },
} as const;

/** The first `max` characters of `text`, cut at a character and marked with "…" when longer. */
function excerpt(text: string, max: number): string {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : chars.join('');
}

/** A date in the deployment's time zone: 2026-03-05. */
function localDate(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));
}

/**
 * The bulletin-board poster of a notice the actor may read (same scope as reading the notice): its
 * title, the start of its text, a QR code to its shareable page and how to acknowledge it. Only a
 * live notice has a page residents can open, so anything else is refused with ANNOUNCEMENT_NOT_LIVE.
 */
export async function announcementPoster(
  db: Db,
  actor: Actor,
  id: number,
  opts: { baseUrl: string; language: Language; timeZone: string },
  now = new Date(),
): Promise<PosterPage> {
  const row = await readableAnnouncement(db, actor, id, now);
  if (!isVisible(row, now)) {
    throw new AppError('ANNOUNCEMENT_NOT_LIVE', 'only a published notice that has not expired has a poster; residents could not open the QR code of this one');
  }
  const w = WORDS[opts.language];
  const refute = row.category === 'rumour_refuted';
  const body = excerpt(markdownToPlainText(row.body), EXCERPT_CHARS);
  return {
    title: row.title,
    subtitle: refute && row.refutes ? w.refuted(row.refutes) : undefined,
    lines: [body, w.scan, w.ack].filter(Boolean),
    qrUrl: noticeUrl(opts.baseUrl, row.area_id, row.id),
    footer: w.published(row.area_name, localDate(row.publish_at ?? now.toISOString(), opts.timeZone)),
    accent: refute ? 'refute' : row.urgency === 'urgent' ? 'urgent' : 'normal',
  };
}
