import { useTranslation } from 'react-i18next';

export function FormSubmissionsPage() {
  const { t } = useTranslation('formStats');
  return <div>{t('placeholder')}</div>;
}
