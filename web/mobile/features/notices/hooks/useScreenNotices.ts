import { useEffect, useState } from 'react';
import type { TPublicAnnouncement } from '../../../../../common/announcements';
import { api } from '../../../../lib/api';

interface NoticeList {
  area: { id: number; name: string; level: string };
  items: TPublicAnnouncement[];
}

interface Cached {
  list: NoticeList;
  /** When the list was fetched (ISO). */
  at: string;
}

export interface ScreenNotices {
  list: NoticeList | null;
  /** Set while the last fetch failed: the time of the content still on show. */
  offlineSince: string | null;
  error: unknown;
}

const REFRESH_MS = 60_000;
const cacheKey = (areaId: number) => `wangge.screen.${areaId}`;

function readCache(areaId: number): Cached | null {
  try {
    const text = window.localStorage.getItem(cacheKey(areaId));
    return text ? (JSON.parse(text) as Cached) : null;
  } catch {
    return null;
  }
}

function writeCache(areaId: number, value: Cached): void {
  try {
    window.localStorage.setItem(cacheKey(areaId), JSON.stringify(value));
  } catch {
    // storage full or blocked: the screen still shows what it has in memory
  }
}

/**
 * The notices of a screen, fetched every minute. A lift screen must never go blank: the last list is
 * kept in localStorage and shown (with the time it is from) whenever a fetch fails, also after a reboot.
 */
export function useScreenNotices(areaId: number): ScreenNotices {
  const [state, setState] = useState<ScreenNotices>(() => {
    const cached = readCache(areaId);
    return { list: cached?.list ?? null, offlineSince: null, error: null };
  });

  useEffect(() => {
    let controller: AbortController | null = null;
    const load = () => {
      controller?.abort();
      const current = new AbortController();
      controller = current;
      api
        .get<NoticeList>(`/api/public/areas/${areaId}/announcements`, undefined, current.signal)
        .then((list) => {
          const at = new Date().toISOString();
          writeCache(areaId, { list, at });
          setState({ list, offlineSince: null, error: null });
        })
        .catch((error: unknown) => {
          if (current.signal.aborted) return;
          const cached = readCache(areaId);
          setState((prev) => ({ list: prev.list ?? cached?.list ?? null, offlineSince: cached?.at ?? new Date().toISOString(), error }));
        });
    };
    load();
    const timer = window.setInterval(load, REFRESH_MS);
    return () => {
      window.clearInterval(timer);
      controller?.abort();
    };
  }, [areaId]);

  return state;
}
