import { z } from 'zod';
import { ZDuty, ZRole } from './roles.js';

/** The public grid card (网格员公示牌): what a resident sees after scanning the QR code on the board. */
export const ZGridCard = z.object({
  area: z.object({ id: z.number().int(), code: z.string(), name: z.string(), level: z.string() }),
  ancestors: z.array(z.object({ name: z.string(), level: z.string() })),
  people: z.array(
    z.object({
      name: z.string(),
      role: ZRole,
      duties: z.array(ZDuty),
      phone: z.string().nullable(),
      phoneMasked: z.boolean(),
    }),
  ),
  cardUrl: z.string(),
});
export type TGridCard = z.infer<typeof ZGridCard>;
