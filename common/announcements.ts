import { z } from 'zod';

/** Notices (公告) written by publicists (宣传员) for an area subtree, and who they have reached. */

export const ANNOUNCEMENT_CATEGORIES = ['epidemic_update', 'prevention', 'policy', 'rumour_refuted', 'other'] as const;
export const ANNOUNCEMENT_URGENCIES = ['normal', 'urgent'] as const;
/** Stored states; `scheduled` turns into `published` by itself when publish_at passes (computed when read). */
export const ANNOUNCEMENT_STATUSES = ['draft', 'pending_review', 'scheduled', 'published', 'withdrawn'] as const;
/** How a household was reached: it acknowledged on the resident page, or the grid worker visited or called. */
export const REACH_CHANNELS = ['self', 'door_visit', 'phone'] as const;

export const ZAnnouncementCategory = z.enum(ANNOUNCEMENT_CATEGORIES);
export const ZAnnouncementUrgency = z.enum(ANNOUNCEMENT_URGENCIES);
export const ZAnnouncementStatus = z.enum(ANNOUNCEMENT_STATUSES);
export type AnnouncementCategory = z.infer<typeof ZAnnouncementCategory>;
export type AnnouncementUrgency = z.infer<typeof ZAnnouncementUrgency>;
export type AnnouncementStatus = z.infer<typeof ZAnnouncementStatus>;
export type ReachChannel = (typeof REACH_CHANNELS)[number];

/** An ISO-8601 date-time with a zone (`2026-03-05T14:30:00+08:00`), stored as UTC. */
const ZInstant = z.iso.datetime({ offset: true, message: 'use a date and time like 2026-03-05T14:30:00+08:00' });

export const ZAnnouncementCreate = z.object({
  title: z.string().trim().min(1, 'title is required').max(120),
  body: z.string().max(20_000),
  areaId: z.number().int().positive(),
  category: ZAnnouncementCategory,
  urgency: ZAnnouncementUrgency.default('normal'),
  pinned: z.boolean().default(false),
  refutes: z.string().trim().max(500).nullish(),
  publishAt: ZInstant.nullish(),
  expiresAt: ZInstant.nullish(),
});
export type TAnnouncementCreate = z.input<typeof ZAnnouncementCreate>;

export const ZAnnouncementUpdate = z.object({
  title: z.string().trim().min(1, 'title is required').max(120).optional(),
  body: z.string().max(20_000).optional(),
  category: ZAnnouncementCategory.optional(),
  urgency: ZAnnouncementUrgency.optional(),
  pinned: z.boolean().optional(),
  refutes: z.string().trim().max(500).nullish(),
  publishAt: ZInstant.nullish(),
  expiresAt: ZInstant.nullish(),
});
export type TAnnouncementUpdate = z.infer<typeof ZAnnouncementUpdate>;

export const ZAnnouncementReview = z.object({ approve: z.boolean(), note: z.string().trim().max(500).optional() });

export const ZAnnouncementQuery = z.object({
  area: z.coerce.number().int().positive().optional(),
  status: ZAnnouncementStatus.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type TAnnouncementQuery = z.infer<typeof ZAnnouncementQuery>;

export const ZAnnouncement = z.object({
  id: z.number().int(),
  areaId: z.number().int(),
  areaName: z.string(),
  title: z.string(),
  body: z.string(),
  category: ZAnnouncementCategory,
  urgency: ZAnnouncementUrgency,
  refutes: z.string().nullable(),
  pinned: z.boolean(),
  /** `scheduled` until publish_at passes, then `published`. */
  status: ZAnnouncementStatus,
  /** Residents can see it right now: published, started and not expired. */
  visible: z.boolean(),
  expired: z.boolean(),
  publishAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  authorId: z.number().int().nullable(),
  authorName: z.string().nullable(),
  reviewerId: z.number().int().nullable(),
  reviewerName: z.string().nullable(),
  reviewNote: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TAnnouncement = z.infer<typeof ZAnnouncement>;

export const ZAnnouncementVersion = z.object({ version: z.number().int(), title: z.string(), body: z.string(), replacedAt: z.string(), replacedBy: z.string().nullable() });

export const ZAnnouncementDetail = ZAnnouncement.extend({ bodyHtml: z.string(), versions: z.array(ZAnnouncementVersion) });
export type TAnnouncementDetail = z.infer<typeof ZAnnouncementDetail>;

export const ZAnnouncementPage = z.object({ items: z.array(ZAnnouncement), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });

/** What a resident sees: no authors, no drafts, the body as safe HTML. */
export const ZPublicAnnouncement = z.object({
  id: z.number().int(),
  area: z.object({ id: z.number().int(), name: z.string(), level: z.string() }),
  title: z.string(),
  bodyHtml: z.string(),
  category: ZAnnouncementCategory,
  urgency: ZAnnouncementUrgency,
  refutes: z.string().nullable(),
  pinned: z.boolean(),
  publishedAt: z.string(),
  expiresAt: z.string().nullable(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type TPublicAnnouncement = z.infer<typeof ZPublicAnnouncement>;

export const ZPublicAnnouncementList = z.object({ area: z.object({ id: z.number().int(), name: z.string(), level: z.string() }), items: z.array(ZPublicAnnouncement) });

export const ZAck = z.object({ householdId: z.number().int().positive().optional() });
export const ZAckResult = z.object({ recorded: z.boolean(), at: z.string() });

export const ZReach = z.object({ householdId: z.number().int().positive(), channel: z.enum(['door_visit', 'phone']) });
export const ZReachResult = z.object({ householdId: z.number().int(), channel: z.enum(REACH_CHANNELS), at: z.string(), alreadyReached: z.boolean() });

export const ZReachQuery = z.object({ area: z.coerce.number().int().positive().optional() });
export const ZReachReport = z.object({
  announcementId: z.number().int(),
  area: z.object({ id: z.number().int(), name: z.string(), level: z.string() }),
  grids: z.array(
    z.object({
      areaId: z.number().int(),
      name: z.string(),
      households: z.number().int(),
      reached: z.number().int(),
      byChannel: z.object({ self: z.number().int(), door_visit: z.number().int(), phone: z.number().int() }),
      notReached: z.array(z.object({ householdId: z.number().int(), address: z.string(), phone: z.string().nullable() })),
    }),
  ),
  total: z.object({ households: z.number().int(), reached: z.number().int() }),
  /** Acknowledgements from the resident page that named no household. */
  anonymousReads: z.number().int(),
});
export type TReachReport = z.infer<typeof ZReachReport>;
