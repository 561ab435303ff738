import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LangToggle } from '../../../components/LangToggle';

/** The red band of the grid worker's pages: a back link (or the title) and the language switch. */
export function StaffHeader({ title, back, extra }: { title: string; back?: string; extra?: ReactNode }) {
  const { t } = useTranslation('mobileCases');
  return (
    <header className="grid-card__band case-band">
      {back ? (
        <a className="notice__back case-band__back" href={back} data-testid="case-back">
          ‹ {t('staff.back')}
        </a>
      ) : (
        <span className="grid-card__heading">{title}</span>
      )}
      {extra}
      <LangToggle />
    </header>
  );
}
