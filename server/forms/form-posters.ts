import type { Kysely } from 'kysely';
import type { FormDefinition } from '../../common/form-definition.js';
import { type Actor, canAt } from '../auth/actor.js';
import { pathUpperBound } from '../db/dialect.js';
import type { Database } from '../db/types.js';
import { AppError } from '../http/errors.js';
import { type PosterPage, renderPdf, renderPng, requirePosterFonts } from '../posters/poster.js';
import { ensureLink, formUrl, loadForm } from './forms.service.js';

type Db = Kysely<Database>;

/** At most this many pages in one batch download: a community's buildings fit, a whole district does not. */
export const MAX_POSTER_PAGES = 500;

const MODE_LINES: Record<string, string> = {
  daily: '每日打卡：每人每天填报一次，重复提交以最新一次为准',
  survey: '每人填报一次',
  continuous: '情况有变化时随时填报',
};

function pageFor(definition: FormDefinition, mode: string, area: { name: string }, url: string): PosterPage {
  return {
    title: definition.title,
    subtitle: area.name,
    lines: ['请用微信或手机相机扫描二维码填报', MODE_LINES[mode] ?? '', '无需下载 App，无需登录'].filter(Boolean),
    qrUrl: url,
    footer: `${area.name} · ${definition.title}`,
  };
}

/** A4 poster(s) for a published form: the QR code of one area, or one page per area of a level below it. */
export async function formPosters(db: Db, actor: Actor, formId: number, query: { area: number; format: 'pdf' | 'png'; each?: 'grid' | 'building' | 'unit' }, baseUrl: string) {
  const form = await loadForm(db, actor, formId);
  if (form.version === null) throw new AppError('FORM_ILLEGAL_TRANSITION', 'publish the form before printing its posters');
  const area = await db.selectFrom('areas').select(['id', 'name', 'path', 'level']).where('id', '=', query.area).executeTakeFirst();
  if (!area || !canAt(actor, 'form.read', area.path)) throw new AppError('NOT_FOUND', 'area not found', { area: 'no such area in your scope' });
  if (!area.path.startsWith(form.area_path)) throw new AppError('VALIDATION_FAILED', 'this area is outside the form’s area', { area: 'outside the form’s area' });
  if (query.each && query.format === 'png') throw new AppError('VALIDATION_FAILED', 'a batch of posters comes as one PDF; ask for format=pdf', { format: 'use pdf with each' });
  requirePosterFonts();
  const version = await db.selectFrom('form_versions').select('definition').where('form_id', '=', form.id).where('version', '=', form.version).executeTakeFirstOrThrow();
  const definition = JSON.parse(version.definition) as FormDefinition;

  let targets: { id: number; name: string; path: string }[] = [area];
  if (query.each) {
    targets = await db
      .selectFrom('areas')
      .select(['id', 'name', 'path'])
      .where('path', '>=', area.path)
      .where('path', '<', pathUpperBound(area.path))
      .where('level', '=', query.each)
      .where('archived_at', 'is', null)
      .orderBy('path')
      .limit(MAX_POSTER_PAGES + 1)
      .execute();
    if (targets.length === 0) throw new AppError('VALIDATION_FAILED', `there is no ${query.each} under ${area.name}`, { each: 'nothing of that level here' });
    if (targets.length > MAX_POSTER_PAGES) throw new AppError('VALIDATION_FAILED', `more than ${MAX_POSTER_PAGES} posters at once; choose a smaller area`, { area: 'too many posters' });
  }
  const pages: PosterPage[] = [];
  for (const t of targets) {
    const link = await ensureLink(db, form.id, t);
    pages.push(pageFor(definition, form.mode, t, formUrl(baseUrl, link.token)));
  }
  const base = `form-${form.id}-${query.each ? `${area.id}-${query.each}s` : area.id}`;
  if (query.format === 'png') return { type: 'image/png', fileName: `${base}.png`, body: renderPng(pages[0]) };
  return { type: 'application/pdf', fileName: `${base}.pdf`, body: await renderPdf(pages) };
}
