/** localStorage key shared by the admin app and the mobile entry. */
export const LANG_STORAGE_KEY = 'wangge.lang';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'zh-CN';

/** Maps anything stored or sent by a browser (`en-US`, `zh`, `zh-Hans`) onto a supported language. */
export function normalizeLanguage(value: string | null | undefined): Language {
  if (!value) return DEFAULT_LANGUAGE;
  return value.toLowerCase().startsWith('en') ? 'en' : DEFAULT_LANGUAGE;
}

/** The language the user chose last time; Chinese when nothing was chosen. */
export function readStoredLanguage(): Language {
  try {
    return normalizeLanguage(window.localStorage.getItem(LANG_STORAGE_KEY));
  } catch {
    return DEFAULT_LANGUAGE; // storage blocked (private mode, sandboxed frame)
  }
}

export function storeLanguage(language: Language): void {
  try {
    window.localStorage.setItem(LANG_STORAGE_KEY, language);
  } catch {
    // storage blocked: the choice lasts for this page only
  }
}
