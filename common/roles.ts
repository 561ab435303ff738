import { z } from 'zod';
import { DUTIES, ROLES } from './constants.js';

export * from './constants.js';

export const ZRole = z.enum(ROLES);
export const ZDuty = z.enum(DUTIES);
