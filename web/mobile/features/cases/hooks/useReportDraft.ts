import { useCallback, useEffect, useState } from 'react';
import type { TPublicPhoto } from '../components/PhotoPicker';
import { newCaseId } from '../lib/newCaseId';

/** What a resident has typed so far; kept in localStorage so a closed tab or a failed upload loses nothing. */
export interface ReportDraft {
  /** The page-made UUID, kept across retries so the server answers the same case. */
  id: string;
  categoryId: number | null;
  description: string;
  address: string;
  neededBy: string;
  name: string;
  phone: string;
  location: { lat: number; lng: number; accuracy: number } | null;
  photos: TPublicPhoto[];
}

const draftKey = (areaId: number) => `wangge.caseDraft.${areaId}`;
/** Name and phone are remembered for the next report too. */
const REPORTER_KEY = 'wangge.caseReporter';

function read<T>(key: string): T | null {
  try {
    const text = localStorage.getItem(key);
    return text ? (JSON.parse(text) as T) : null;
  } catch {
    return null;
  }
}

function write(key: string, value: unknown): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // private mode or full storage: the form still works, it just is not kept
  }
}

function emptyDraft(): ReportDraft {
  const reporter = read<{ name?: string; phone?: string }>(REPORTER_KEY) ?? {};
  return { id: newCaseId(), categoryId: null, description: '', address: '', neededBy: '', name: reporter.name ?? '', phone: reporter.phone ?? '', location: null, photos: [] };
}

function isDraft(value: unknown): value is ReportDraft {
  return typeof value === 'object' && value !== null && typeof (value as ReportDraft).id === 'string' && Array.isArray((value as ReportDraft).photos);
}

/** The draft of one area's report form, restored on load and saved on every change. */
export function useReportDraft(areaId: number) {
  const [initial] = useState(() => {
    const stored = read<unknown>(draftKey(areaId));
    return isDraft(stored) ? { draft: { ...emptyDraft(), ...stored }, restored: stored.description.trim() !== '' || stored.photos.length > 0 } : { draft: emptyDraft(), restored: false };
  });
  const [draft, setDraft] = useState<ReportDraft>(initial.draft);

  useEffect(() => {
    write(draftKey(areaId), draft);
  }, [areaId, draft]);

  /** Merges a change into the draft; pass a function when it depends on the current draft (several uploads finishing). */
  const update = useCallback((patch: Partial<ReportDraft> | ((d: ReportDraft) => Partial<ReportDraft>)) => setDraft((d) => ({ ...d, ...(typeof patch === 'function' ? patch(d) : patch) })), []);
  /** After a successful submission: forget the draft, remember who reported, start a fresh one (new id). */
  const finish = () => {
    write(REPORTER_KEY, { name: draft.name, phone: draft.phone });
    write(draftKey(areaId), null);
    setDraft({ ...emptyDraft(), name: draft.name, phone: draft.phone });
  };
  return { draft, update, finish, restored: initial.restored };
}
