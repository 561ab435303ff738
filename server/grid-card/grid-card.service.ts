import type { Kysely } from 'kysely';
import QRCode from 'qrcode';
import type { TGridCard } from '../../common/grid-card.js';
import { DUTIES, ROLE_RANK, ROSTER_ROLES, type Duty, type Role } from '../../common/roles.js';
import { findAncestors } from '../areas/areas.repository.js';
import type { Database } from '../db/types.js';
import { AppError } from '../http/errors.js';
import { maskPhone } from '../users/users.service.js';

type Db = Kysely<Database>;

/** Levels that have a public card: a grid, and buildings/units that display their grid's people. */
const CARD_LEVELS = ['grid', 'community', 'village'];

export const cardUrl = (baseUrl: string, areaId: number) => `${baseUrl.replace(/\/$/, '')}/card/${areaId}`;

/**
 * The public card of a grid (网格员公示牌): its name, where it is, and the people on its roster
 * with their phones masked unless they chose to show them. No login; nothing else about them leaves.
 */
export async function gridCard(db: Db, areaId: number, baseUrl: string): Promise<TGridCard> {
  const area = await db.selectFrom('areas').select(['id', 'code', 'name', 'level', 'path', 'archived_at']).where('id', '=', areaId).executeTakeFirst();
  if (!area || area.archived_at || !CARD_LEVELS.includes(area.level)) throw new AppError('NOT_FOUND', 'no grid card here: the grid does not exist or was archived');
  const ancestors = await findAncestors(db, area.path);
  const people = await db
    .selectFrom('assignments')
    .innerJoin('users', 'users.id', 'assignments.user_id')
    .select(['users.display_name', 'users.phone', 'users.show_phone', 'assignments.role', 'assignments.duties'])
    .where('assignments.area_id', '=', area.id)
    .where('assignments.ended_at', 'is', null)
    .where('users.disabled', '=', 0)
    .where('assignments.role', 'in', ROSTER_ROLES as Role[])
    .execute();
  people.sort((a, b) => ROLE_RANK[a.role as Role] - ROLE_RANK[b.role as Role]);
  return {
    area: { id: area.id, code: area.code, name: area.name, level: area.level },
    ancestors: ancestors.filter((a) => !['province', 'city'].includes(a.level)).map((a) => ({ name: a.name, level: a.level })),
    people: people.map((p) => ({
      name: p.display_name,
      role: p.role as Role,
      duties: p.duties.split(',').filter((d): d is Duty => (DUTIES as readonly string[]).includes(d)),
      phone: p.show_phone ? p.phone : maskPhone(p.phone),
      phoneMasked: !p.show_phone && !!p.phone,
    })),
    cardUrl: cardUrl(baseUrl, area.id),
  };
}

/** SVG QR code pointing at the card's public page. */
export async function gridCardQrSvg(db: Db, areaId: number, baseUrl: string): Promise<string> {
  const card = await gridCard(db, areaId, baseUrl);
  return QRCode.toString(card.cardUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}
