import type { TPublicAnnouncement } from '../../../../../common/announcements';

/** Pinned first, then (for screens) urgent first, then newest first. */
export function sortNotices(items: readonly TPublicAnnouncement[], urgentFirst = false): TPublicAnnouncement[] {
  return [...items].sort(
    (a, b) =>
      Number(b.pinned) - Number(a.pinned) ||
      (urgentFirst ? Number(b.urgency === 'urgent') - Number(a.urgency === 'urgent') : 0) ||
      b.publishedAt.localeCompare(a.publishedAt),
  );
}
