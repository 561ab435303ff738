import { useTranslation } from 'react-i18next';

export function FormsPage() {
  const { t } = useTranslation('forms');
  return <div>{t('placeholder')}</div>;
}
