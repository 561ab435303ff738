import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { locate, type LocateFailure, type Located } from '../lib/locate';
import { PinIcon } from './PinIcon';

/**
 * "使用我的位置": asks the phone once; optional, so a refusal only says an address will do. `auto` asks as the
 * page opens (a grid worker on patrol is standing where the problem is).
 */
export function LocationButton({ value, onChange, auto = false }: { value: Located | null; onChange: (value: Located | null) => void; auto?: boolean }) {
  const { t } = useTranslation('mobileCases');
  const [state, setState] = useState<'idle' | 'locating' | LocateFailure>('idle');

  const ask = () => {
    setState('locating');
    locate()
      .then((found) => {
        onChange(found);
        setState('idle');
      })
      .catch((failure: LocateFailure) => setState(failure));
  };
  const asked = useRef(false);
  useEffect(() => {
    if (!auto || asked.current || value) return;
    asked.current = true;
    ask();
  }, []); // once, as the page opens

  return (
    <div className="case-field">
      <span className="case-field__label">
        {t('report.location')} <span className="case-field__hint">{t('optional')}</span>
      </span>
      {value ? (
        <div className="case-location" data-testid="case-location">
          <span>
            <PinIcon /> {t('report.located', { accuracy: value.accuracy })}
          </span>
          <button type="button" className="case-link-button" onClick={() => onChange(null)}>
            {t('report.clearLocation')}
          </button>
        </div>
      ) : (
        <button type="button" className="case-button case-button--ghost" onClick={ask} disabled={state === 'locating'} data-testid="case-use-location">
          <PinIcon /> {state === 'locating' ? t('report.locating') : t('report.useLocation')}
        </button>
      )}
      {(state === 'denied' || state === 'unavailable') && !value && (
        <p className="case-field__hint case-field__below" role="status">
          {state === 'denied' ? t('report.locationDenied') : t('report.locationFailed')}
        </p>
      )}
    </div>
  );
}
