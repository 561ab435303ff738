import { useTranslation } from 'react-i18next';

export function FormDesignerPage() {
  const { t } = useTranslation('forms');
  return <div>{t('placeholder')}</div>;
}
