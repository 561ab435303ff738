import { useTranslation } from 'react-i18next';

/** Five big star buttons (a radio group underneath, so screen readers say "3 stars, selected"). */
export function StarRating({ value, onChange, disabled = false }: { value: number; onChange: (value: number) => void; disabled?: boolean }) {
  const { t } = useTranslation('mobileCases');
  return (
    <div className="case-stars" role="radiogroup" aria-label={t('track.rateTitle')} data-testid="case-stars">
      {[1, 2, 3, 4, 5].map((n) => (
        <button
          key={n}
          type="button"
          role="radio"
          aria-checked={value === n}
          aria-label={t('track.star', { n })}
          className={n <= value ? 'case-star is-on' : 'case-star'}
          disabled={disabled}
          onClick={() => onChange(n)}
          data-testid={`case-star-${n}`}
        >
          ★
        </button>
      ))}
    </div>
  );
}
