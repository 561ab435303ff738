import { useTranslation } from 'react-i18next';

export function NotReportedPage() {
  const { t } = useTranslation('formStats');
  return <div>{t('placeholder')}</div>;
}
