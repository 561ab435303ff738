/**
 * Half-filled answers survive a reload: kept in localStorage per link token and form version,
 * together with the submission id, so a retried or reloaded submit never makes a second record.
 */
import type { Answers } from '../../common/form-definition';

export interface Draft {
  /** The client submission id (UUID v4) sent with the answers; kept across retries. */
  id: string;
  answers: Answers;
}

const PREFIX = 'wangge.form.';
const keyOf = (token: string, version: number) => `${PREFIX}${token}.v${version}`;

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null; // disabled storage (some private modes)
  }
}

export function loadDraft(token: string, version: number): Draft | null {
  const store = storage();
  if (!store) return null;
  // Drafts for other versions of this link cannot be answered any more.
  try {
    for (let i = store.length - 1; i >= 0; i--) {
      const key = store.key(i);
      if (key && key.indexOf(`${PREFIX}${token}.v`) === 0 && key !== keyOf(token, version)) store.removeItem(key);
    }
    const text = store.getItem(keyOf(token, version));
    if (!text) return null;
    const draft = JSON.parse(text) as Partial<Draft>;
    if (typeof draft.id !== 'string' || !isUuid(draft.id) || typeof draft.answers !== 'object' || draft.answers === null) return null;
    return { id: draft.id, answers: draft.answers };
  } catch {
    return null;
  }
}

/** Save; when photos make it too big for the quota, save it without them rather than not at all. */
export function saveDraft(token: string, version: number, draft: Draft): void {
  const store = storage();
  if (!store) return;
  try {
    store.setItem(keyOf(token, version), JSON.stringify(draft));
  } catch {
    try {
      const answers: Answers = {};
      for (const [k, v] of Object.entries(draft.answers)) if (!(typeof v === 'string' && v.indexOf('data:') === 0)) answers[k] = v;
      store.setItem(keyOf(token, version), JSON.stringify({ id: draft.id, answers }));
    } catch {
      // storage full or refused: the form still works, it just won't survive a reload
    }
  }
}

export function clearDraft(token: string, version: number): void {
  try {
    storage()?.removeItem(keyOf(token, version));
  } catch {
    // ignore
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
export const isUuid = (text: string) => UUID.test(text);

/** A v4 UUID: crypto.randomUUID where there is one, else from getRandomValues (older WeChat WebViews). */
export function newSubmissionId(): string {
  const c = typeof crypto !== 'undefined' ? crypto : undefined;
  if (c && typeof c.randomUUID === 'function') {
    try {
      return c.randomUUID();
    } catch {
      // randomUUID needs a secure context; fall through
    }
  }
  const bytes = new Uint8Array(16);
  if (c && typeof c.getRandomValues === 'function') c.getRandomValues(bytes);
  else for (let i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex: string[] = [];
  for (let i = 0; i < 16; i++) hex.push((bytes[i] + 0x100).toString(16).slice(1));
  return `${hex.slice(0, 4).join('')}-${hex.slice(4, 6).join('')}-${hex.slice(6, 8).join('')}-${hex.slice(8, 10).join('')}-${hex.slice(10).join('')}`;
}
