import { useTranslation } from 'react-i18next';
import type { TGridCard } from '../../../../../common/grid-card';
import { useLabels } from '../../../../lib/i18n/useLabels';

type Person = TGridCard['people'][number];

/** One person on the card: role, name, duties and, when public, a tap-to-call phone number. */
export function GridCardPerson({ person }: { person: Person }) {
  const { t } = useTranslation('card');
  const labels = useLabels();
  return (
    <li className="person" data-testid="grid-card-person">
      <div className="person__head">
        <span className="person__role">{labels.role(person.role)}</span>
        <span className="person__name">{person.name}</span>
      </div>
      {person.duties.length > 0 && (
        <div className="person__duties" aria-label={t('duties')}>
          {person.duties.map((duty) => (
            <span key={duty} className="person__duty">
              {labels.duty(duty)}
            </span>
          ))}
        </div>
      )}
      {person.phone && !person.phoneMasked ? (
        <a className="person__phone person__phone--link" href={`tel:${person.phone.replace(/[^\d+]/g, '')}`} aria-label={`${t('call')} ${person.name} ${person.phone}`}>
          <span aria-hidden="true" className="person__phone-icon">
            ☎
          </span>
          {person.phone}
        </a>
      ) : person.phone ? (
        <span className="person__phone">{person.phone}</span>
      ) : (
        <span className="person__phone person__phone--none">{t('phoneHidden')}</span>
      )}
    </li>
  );
}
