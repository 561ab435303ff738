import { z } from 'zod';
import { ZDuty, ZRole } from './roles.js';

export const PHONE = /^1[3-9]\d{9}$/;
export const ZPhone = z.string().trim().regex(PHONE, 'phone must be an 11-digit mainland mobile number, e.g. 13800138000');

export const ZUsername = z
  .string()
  .trim()
  .min(3, 'username needs at least 3 characters')
  .max(32, 'username is at most 32 characters')
  .regex(/^[a-zA-Z0-9_.-]+$/, 'username may use letters, digits, _ . and - only');
export const ZPassword = z.string().min(8, 'password needs at least 8 characters').max(128, 'password is at most 128 characters');

export const ZUser = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  phone: z.string().nullable(),
  showPhone: z.boolean(),
  isSuperAdmin: z.boolean(),
  disabled: z.boolean(),
  locked: z.boolean(),
  createdAt: z.string(),
  lastLoginAt: z.string().nullable(),
});
export type TUser = z.infer<typeof ZUser>;

export const ZUserPage = z.object({ items: z.array(ZUser), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });

export const ZUserListQuery = z.object({
  q: z.string().trim().min(1).max(64).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const ZUserCreate = z.object({
  username: ZUsername,
  password: ZPassword,
  displayName: z.string().trim().min(1, 'name is required').max(50),
  phone: ZPhone.nullable().optional(),
  showPhone: z.boolean().optional(),
});
export type TUserCreate = z.infer<typeof ZUserCreate>;

export const ZUserUpdate = z
  .object({
    displayName: z.string().trim().min(1, 'name is required').max(50).optional(),
    phone: ZPhone.nullable().optional(),
    showPhone: z.boolean().optional(),
    password: ZPassword.optional(),
    disabled: z.boolean().optional(),
    unlock: z.literal(true).optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to change' });
export type TUserUpdate = z.infer<typeof ZUserUpdate>;

export const ZAssignment = z.object({
  id: z.number().int(),
  userId: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  areaId: z.number().int(),
  areaName: z.string(),
  areaCode: z.string(),
  areaLevel: z.string(),
  role: ZRole,
  duties: z.array(ZDuty),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  active: z.boolean(),
});
export type TAssignment = z.infer<typeof ZAssignment>;

export const ZAssignmentCreate = z.object({
  userId: z.number().int().positive(),
  areaId: z.number().int().positive(),
  role: ZRole,
  duties: z.array(ZDuty).max(5).optional(),
});
export type TAssignmentCreate = z.infer<typeof ZAssignmentCreate>;

export const ZAssignmentUpdate = z.object({ duties: z.array(ZDuty).max(5) });

export const ZAssignmentListQuery = z.object({
  area: z.coerce.number().int().positive().optional(),
  user: z.coerce.number().int().positive().optional(),
  history: z.enum(['0', '1']).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

/** A grid with the people responsible for it; `gap` when nobody on the roster holds it. */
export const ZRosterGrid = z.object({
  areaId: z.number().int(),
  code: z.string(),
  name: z.string(),
  parentName: z.string().nullable(),
  people: z.array(z.object({ assignmentId: z.number().int(), userId: z.number().int(), displayName: z.string(), role: ZRole, duties: z.array(ZDuty) })),
  gap: z.boolean(),
});
export type TRosterGrid = z.infer<typeof ZRosterGrid>;

export const ZRosterQuery = z.object({
  area: z.coerce.number().int().positive(),
  gapsOnly: z.enum(['0', '1']).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const ZRosterPage = z.object({
  items: z.array(ZRosterGrid),
  total: z.number().int(),
  gaps: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
