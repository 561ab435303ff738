import { useTranslation } from 'react-i18next';
import type { CaseType } from '../../../../../common/case-workflow';

export interface PublicCategory {
  id: number;
  name: string;
  type: CaseType;
  description?: string | null;
}

/** The short word on a category's icon: 报事 (something is wrong), 求助 (please help me), 建议 (an idea). */
export function kindOf(type: CaseType): 'kindReport' | 'kindHelp' | 'kindSuggest' {
  return type === 'errand' ? 'kindHelp' : type === 'suggestion' ? 'kindSuggest' : 'kindReport';
}

/** One big button per category, with its kind as a round icon. */
export function CategoryButtons({ categories, onPick }: { categories: PublicCategory[]; onPick: (category: PublicCategory) => void }) {
  const { t } = useTranslation('mobileCases');
  return (
    <ul className="case-categories" data-testid="case-categories">
      {categories.map((c) => {
        const kind = kindOf(c.type);
        return (
          <li key={c.id}>
            <button type="button" className="case-category" onClick={() => onPick(c)} data-testid="case-category" data-type={c.type}>
              <span className={`case-category__icon case-category__icon--${kind}`} aria-hidden="true">
                {t(`report.${kind}`)}
              </span>
              <span className="case-category__text">
                <span className="case-category__name">{c.name}</span>
                {c.description && <span className="case-category__desc">{c.description}</span>}
              </span>
              <span className="case-category__chevron" aria-hidden="true">
                ›
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
