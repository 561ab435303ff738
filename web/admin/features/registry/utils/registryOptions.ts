import type { Relation, ResidenceType, ResidentStatus } from '../../../../../common/registry';

// common/registry.ts holds these lists too, but it is a zod module: a value import from it would
// pull zod into the browser bundle. The Record types below make the compiler flag any list that
// falls out of step with the types derived from it.
const residenceTypes: Record<ResidenceType, true> = { registered: true, resident: true, migrant: true };
const statuses: Record<ResidentStatus, true> = { present: true, moved_out: true, deceased: true };
const relations: Record<Relation, true> = { head: true, spouse: true, child: true, parent: true, grandchild: true, grandparent: true, sibling: true, in_law: true, other: true };

/** 户籍 / 常住 / 流动, in display order. */
export const RESIDENCE_TYPE_OPTIONS = Object.keys(residenceTypes) as ResidenceType[];
export const RESIDENT_STATUS_OPTIONS = Object.keys(statuses) as ResidentStatus[];
export const RELATION_OPTIONS = Object.keys(relations) as Relation[];

/** The tags every deployment starts with (common/registry.ts DEFAULT_RESIDENT_TAGS); people may type others. */
export const DEFAULT_TAGS: readonly string[] = ['独居老人', '空巢老人', '残疾人', '慢性病', '孕产妇', '留守儿童', '低保户', '重点人员', '退役军人', '党员'];

/** Levels a household can be registered at (server/registry/households.service.ts HOUSEHOLD_LEVELS). */
export const HOUSEHOLD_LEVELS = ['unit', 'building', 'grid'] as const;

/** Levels an import may target: the buildings and units of the file are matched below it. */
export const IMPORT_LEVELS = ['grid', 'community', 'village'] as const;
