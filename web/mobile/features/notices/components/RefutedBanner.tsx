import { useTranslation } from 'react-i18next';

/** The red 辟谣 banner of a rumour refutation, naming the claim it refutes. */
export function RefutedBanner({ claim }: { claim: string | null }) {
  const { t } = useTranslation('notices');
  return (
    <div className="refuted-banner" data-testid="notice-refuted">
      <strong className="refuted-banner__mark">{t('refuted')}</strong>
      {claim && <span className="refuted-banner__claim">{t('refutedClaim', { claim })}</span>}
    </div>
  );
}
