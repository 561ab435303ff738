import { z } from 'zod';
import { ZArea } from './areas.js';
import { ZRole } from './roles.js';

export const ZLogin = z.object({ username: z.string().trim().min(1, 'username is required').max(64), password: z.string().min(1, 'password is required').max(128) });

export const ZMe = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  isSuperAdmin: z.boolean(),
  assignments: z.array(z.object({ areaId: z.number().int(), role: ZRole, area: ZArea.pick({ id: true, code: true, name: true, level: true, path: true }) })),
  permissions: z.array(z.string()),
});
export type TMe = z.infer<typeof ZMe>;
