import { useTranslation } from 'react-i18next';
import { LANGUAGES, normalizeLanguage } from '../../lib/i18n/language';

/** 中文 / English as two big buttons; the choice is stored by the i18n instance. */
export function LangToggle() {
  const { t, i18n } = useTranslation('common');
  const current = normalizeLanguage(i18n.language);
  return (
    <div className="lang-toggle no-print" role="group" aria-label={t('language.label')} data-testid="lang-switch">
      {LANGUAGES.map((language) => (
        <button
          key={language}
          type="button"
          lang={language}
          className={language === current ? 'lang-toggle__btn is-active' : 'lang-toggle__btn'}
          aria-pressed={language === current}
          onClick={() => void i18n.changeLanguage(language)}
        >
          {t(`language.${language}`)}
        </button>
      ))}
    </div>
  );
}
