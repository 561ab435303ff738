import i18next, { type i18n, type Resource } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { setApiLanguage } from '../api';
import { normalizeLanguage, readStoredLanguage, storeLanguage, DEFAULT_LANGUAGE } from './language';

/**
 * Creates the i18next instance of one entry (admin or mobile) from its bundled resources.
 * The language comes from localStorage (`wangge.lang`) and every switch is written back there,
 * to `<html lang>` and to the API client's Accept-Language.
 */
export function createI18n(resources: Resource, namespaces: string[], defaultNS: string): i18n {
  const instance = i18next.createInstance();
  const lng = readStoredLanguage();
  void instance.use(initReactI18next).init({
    resources,
    lng,
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: ['zh-CN', 'en'],
    ns: namespaces,
    defaultNS,
    interpolation: { escapeValue: false }, // React escapes
    initAsync: false,
    returnNull: false,
  });
  const apply = (language: string) => {
    const normalized = normalizeLanguage(language);
    storeLanguage(normalized);
    setApiLanguage(normalized);
    document.documentElement.lang = normalized;
  };
  apply(lng);
  instance.on('languageChanged', apply);
  return instance;
}
