import { z } from 'zod';

export * from './constants.js';
import { AREA_LEVELS } from './constants.js';

export const ZAreaLevel = z.enum(AREA_LEVELS);

/** GeoJSON is kept as given; only its outer shape is checked. */
export const ZGeoJson = z
  .object({ type: z.string().min(1) })
  .passthrough()
  .refine((g) => ['Point', 'Polygon', 'MultiPolygon', 'Feature', 'FeatureCollection'].includes(g.type), {
    message: 'GeoJSON type must be Point, Polygon, MultiPolygon, Feature or FeatureCollection',
  });

export const ZArea = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  level: ZAreaLevel,
  parentId: z.number().int().nullable(),
  path: z.string(),
  depth: z.number().int(),
  sortOrder: z.number().int(),
  archived: z.boolean(),
  hasChildren: z.boolean(),
  geo: ZGeoJson.nullable().optional(),
});
export type TArea = z.infer<typeof ZArea>;

export const ZAreaPage = z.object({
  items: z.array(ZArea),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type TAreaPage = z.infer<typeof ZAreaPage>;

export const ZAreaListQuery = z.object({
  parent: z.coerce.number().int().positive().optional(),
  code: z.string().trim().min(1).max(64).optional(),
  q: z.string().trim().min(1).max(64).optional(),
  level: ZAreaLevel.optional(),
  includeArchived: z.enum(['0', '1']).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(100),
});
export type TAreaListQuery = z.infer<typeof ZAreaListQuery>;

export const ZAreaCreate = z.object({
  parentId: z.number().int().positive().nullable(),
  code: z.string().trim().min(1, 'code is required').max(64).optional(),
  name: z.string().trim().min(1, 'name is required').max(100, 'name is at most 100 characters'),
  level: ZAreaLevel,
  sortOrder: z.number().int().min(0).max(1_000_000).optional(),
  geo: ZGeoJson.nullable().optional(),
});
export type TAreaCreate = z.infer<typeof ZAreaCreate>;

export const ZAreaUpdate = z
  .object({
    name: z.string().trim().min(1, 'name is required').max(100, 'name is at most 100 characters').optional(),
    sortOrder: z.number().int().min(0).max(1_000_000).optional(),
    geo: ZGeoJson.nullable().optional(),
    parentId: z.number().int().positive().optional(),
    archived: z.boolean().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to change' });
export type TAreaUpdate = z.infer<typeof ZAreaUpdate>;

export const ZAreaWithAncestors = ZArea.extend({ ancestors: z.array(ZArea.pick({ id: true, code: true, name: true, level: true })) });
export type TAreaWithAncestors = z.infer<typeof ZAreaWithAncestors>;

export const ZAreaLevelSettings = z.object({
  levels: z.array(ZAreaLevel).min(1),
  template: z.string().optional(),
});
export type TAreaLevelSettings = z.infer<typeof ZAreaLevelSettings>;

/** One bad row of an import, with its 1-based row number as the user sees it in a spreadsheet. */
export const ZRowError = z.object({ row: z.number().int(), message: z.string(), code: z.string().optional() });
export type TRowError = z.infer<typeof ZRowError>;

export const ZImportJob = z.object({
  id: z.number().int(),
  kind: z.string(),
  status: z.enum(['running', 'succeeded', 'failed']),
  fileName: z.string(),
  processed: z.number().int(),
  total: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  errors: z.array(ZRowError),
  errorCount: z.number().int(),
  message: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type TImportJob = z.infer<typeof ZImportJob>;
