import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, normalizeLanguage, type Language } from '../../../lib/i18n/language';

/** 中文 / English; the i18n instance stores the choice in localStorage (`wangge.lang`). */
export function LangSwitch({ size = 'middle' }: { size?: 'small' | 'middle' | 'large' }) {
  const { t, i18n } = useTranslation('common');
  return (
    <Segmented<Language>
      size={size}
      value={normalizeLanguage(i18n.language)}
      onChange={(value) => void i18n.changeLanguage(value)}
      options={LANGUAGES.map((language) => ({ value: language, label: <span lang={language}>{t(`language.${language}`)}</span> }))}
      aria-label={t('language.label')}
      data-testid="lang-switch"
    />
  );
}
