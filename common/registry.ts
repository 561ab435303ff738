import { z } from 'zod';
import { PHONE } from './users.js';

/** 户籍 registered (hukou here) · 常住 resident (lives here, hukou elsewhere) · 流动 migrant. */
export const RESIDENCE_TYPES = ['registered', 'resident', 'migrant'] as const;
export type ResidenceType = (typeof RESIDENCE_TYPES)[number];
export const RESIDENCE_TYPE_LABELS: Record<ResidenceType, string> = { registered: '户籍', resident: '常住', migrant: '流动' };

export const RESIDENT_STATUSES = ['present', 'moved_out', 'deceased'] as const;
export type ResidentStatus = (typeof RESIDENT_STATUSES)[number];

/** Relation to the household head (与户主关系). */
export const RELATIONS = ['head', 'spouse', 'child', 'parent', 'grandchild', 'grandparent', 'sibling', 'in_law', 'other'] as const;
export type Relation = (typeof RELATIONS)[number];
export const RELATION_LABELS: Record<Relation, string> = {
  head: '户主',
  spouse: '配偶',
  child: '子女',
  parent: '父母',
  grandchild: '孙子女',
  grandparent: '祖父母',
  sibling: '兄弟姐妹',
  in_law: '儿媳/女婿',
  other: '其他',
};

/** Groups that need care or attention; a deployment may add its own (settings key resident.tags). */
export const DEFAULT_RESIDENT_TAGS = ['独居老人', '空巢老人', '残疾人', '慢性病', '孕产妇', '留守儿童', '低保户', '重点人员', '退役军人', '党员'];

export const ZResidentTags = z.object({ tags: z.array(z.string().trim().min(1).max(20)).min(1).max(100) });

const ZDate = z.iso.date({ message: 'use a date like 2024-03-01' });
const ZTags = z.array(z.string().trim().min(1).max(20)).max(20);

export const ZResident = z.object({
  id: z.number().int(),
  name: z.string(),
  gender: z.enum(['male', 'female']),
  birthDate: z.string(),
  age: z.number().int(),
  /** Masked unless revealed: 3701**********1234. */
  idNumber: z.string(),
  phone: z.string().nullable(),
  householdId: z.number().int(),
  areaId: z.number().int(),
  address: z.string(),
  relation: z.enum(RELATIONS),
  residenceType: z.enum(RESIDENCE_TYPES),
  status: z.enum(RESIDENT_STATUSES),
  tags: z.array(z.string()),
  moveInDate: z.string().nullable(),
  moveOutDate: z.string().nullable(),
  gridId: z.number().int().nullable(),
  gridName: z.string().nullable(),
});
export type TResident = z.infer<typeof ZResident>;

export const ZResidentHistory = z.object({
  at: z.string(),
  kind: z.string(),
  note: z.string().nullable(),
  fromAddress: z.string().nullable(),
  toAddress: z.string().nullable(),
  by: z.string().nullable(),
});

export const ZResidentDetail = ZResident.extend({
  household: z.object({ id: z.number().int(), address: z.string(), headName: z.string().nullable(), memberCount: z.number().int() }),
  history: z.array(ZResidentHistory),
  canReveal: z.boolean(),
});
export type TResidentDetail = z.infer<typeof ZResidentDetail>;

export const ZResidentPage = z.object({ items: z.array(ZResident), total: z.number().int(), totalIsEstimate: z.boolean(), page: z.number().int(), pageSize: z.number().int() });
export type TResidentPage = z.infer<typeof ZResidentPage>;

export const ZResidentQuery = z.object({
  q: z.string().trim().min(1).max(64).optional(),
  area: z.coerce.number().int().positive().optional(),
  tag: z.string().trim().min(1).max(20).optional(),
  residenceType: z.enum(RESIDENCE_TYPES).optional(),
  status: z.enum([...RESIDENT_STATUSES, 'all']).optional(),
  household: z.coerce.number().int().positive().optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type TResidentQuery = z.infer<typeof ZResidentQuery>;

export const ZResidentCreate = z.object({
  householdId: z.number().int().positive(),
  name: z.string().trim().min(1, 'name is required').max(50),
  idNumber: z.string().trim().min(1, 'ID number is required'),
  phone: z.string().trim().regex(PHONE, 'phone must be an 11-digit mobile number, e.g. 13800138000').nullable().optional(),
  gender: z.enum(['male', 'female']).optional(),
  birthDate: ZDate.optional(),
  relation: z.enum(RELATIONS).default('other'),
  residenceType: z.enum(RESIDENCE_TYPES).default('resident'),
  moveInDate: ZDate.nullable().optional(),
  tags: ZTags.optional(),
});
export type TResidentCreate = z.infer<typeof ZResidentCreate>;

export const ZResidentUpdate = z
  .object({
    name: z.string().trim().min(1, 'name is required').max(50).optional(),
    phone: z.string().trim().regex(PHONE, 'phone must be an 11-digit mobile number, e.g. 13800138000').nullable().optional(),
    relation: z.enum(RELATIONS).optional(),
    residenceType: z.enum(RESIDENCE_TYPES).optional(),
    moveInDate: ZDate.nullable().optional(),
    status: z.enum(['present', 'deceased']).optional(),
    tags: ZTags.optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to change' });
export type TResidentUpdate = z.infer<typeof ZResidentUpdate>;

export const ZReveal = z.object({ field: z.enum(['idNumber', 'phone']), reason: z.string().trim().min(2, 'say why you need to see it (at least 2 characters)').max(200) });
export const ZRevealResult = z.object({ field: z.enum(['idNumber', 'phone']), value: z.string().nullable() });

export const ZMoveResident = z.object({ householdId: z.number().int().positive(), note: z.string().trim().max(200).optional() });
export const ZMoveOut = z.object({ date: ZDate, note: z.string().trim().max(200).optional() });
export const ZMerge = z.object({ duplicateId: z.number().int().positive() });

export const ZHousehold = z.object({
  id: z.number().int(),
  areaId: z.number().int(),
  room: z.string(),
  address: z.string(),
  headName: z.string().nullable(),
  phone: z.string().nullable(),
  tags: z.array(z.string()),
  memberCount: z.number().int(),
  gridId: z.number().int().nullable(),
  gridName: z.string().nullable(),
});
export type THousehold = z.infer<typeof ZHousehold>;
export const ZHouseholdPage = z.object({ items: z.array(ZHousehold), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });

export const ZHouseholdQuery = z.object({
  area: z.coerce.number().int().positive().optional(),
  q: z.string().trim().min(1).max(64).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const ZHouseholdCreate = z.object({
  areaId: z.number().int().positive(),
  room: z.string().trim().min(1, 'room number is required').max(20),
  phone: z.string().trim().regex(PHONE, 'phone must be an 11-digit mobile number, e.g. 13800138000').nullable().optional(),
  tags: ZTags.optional(),
});
export const ZHouseholdMove = z.object({ areaId: z.number().int().positive(), room: z.string().trim().min(1).max(20).optional(), note: z.string().trim().max(200).optional() });

/** One row of the grid overview: an area under the chosen one, with counts of what lives there. */
export const ZOverviewRow = z.object({
  areaId: z.number().int(),
  code: z.string(),
  name: z.string(),
  level: z.string(),
  households: z.number().int(),
  residents: z.number().int(),
  registered: z.number().int(),
  resident: z.number().int(),
  migrant: z.number().int(),
  tags: z.record(z.string(), z.number().int()),
  gridWorkers: z.array(z.string()),
});
export const ZOverview = z.object({ area: z.object({ id: z.number().int(), name: z.string(), level: z.string() }), rows: z.array(ZOverviewRow), total: ZOverviewRow.omit({ areaId: true, code: true, name: true, level: true, gridWorkers: true }) });
export type TOverview = z.infer<typeof ZOverview>;

/** The preview an import answers with before anything is written. */
export const ZResidentImportPreview = z.object({
  id: z.number().int(),
  status: z.enum(['previewed', 'running', 'succeeded', 'failed']),
  fileName: z.string(),
  areaId: z.number().int(),
  total: z.number().int(),
  valid: z.number().int(),
  errors: z.array(z.object({ row: z.number().int(), message: z.string() })),
  newBuildings: z.array(z.string()),
  newUnits: z.array(z.string()),
  households: z.number().int(),
  created: z.number().int(),
  message: z.string().nullable(),
});
export type TResidentImportPreview = z.infer<typeof ZResidentImportPreview>;

/** GET /api/residents/export.xlsx: the list's filters, plus reveal=1 with a reason for full ID numbers and phones. */
export const ZResidentExportQuery = ZResidentQuery.omit({ page: true, pageSize: true }).extend({
  reveal: z.enum(['0', '1']).optional(),
  reason: z.string().trim().max(200).optional(),
});
export type TResidentExportQuery = z.infer<typeof ZResidentExportQuery>;
