import { useTranslation } from 'react-i18next';

export function FormStatsPage() {
  const { t } = useTranslation('formStats');
  return <div>{t('placeholder')}</div>;
}
