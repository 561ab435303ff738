import { useTranslation } from 'react-i18next';

export function FormAlertsPage() {
  const { t } = useTranslation('formStats');
  return <div>{t('placeholder')}</div>;
}
