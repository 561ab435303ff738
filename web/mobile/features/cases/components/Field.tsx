import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** A label above its input, a hint, and the server's message for this field beside it in red. */
export function Field({ label, htmlFor, hint, error, required = false, children }: { label: string; htmlFor: string; hint?: string; error?: string; required?: boolean; children: ReactNode }) {
  const { t } = useTranslation('mobileCases');
  return (
    <div className={error ? 'case-field has-error' : 'case-field'}>
      <label className="case-field__label" htmlFor={htmlFor}>
        {label} <span className="case-field__hint">{required ? '' : t('optional')}</span>
      </label>
      {children}
      {hint && !error && <p className="case-field__hint case-field__below">{hint}</p>}
      {error && (
        <p className="case-field__error" role="alert" id={`${htmlFor}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}
