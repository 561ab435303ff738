import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TGridCard } from '../../../../../common/grid-card';
import { api, ApiError } from '../../../../lib/api';
import { LangToggle } from '../../../components/LangToggle';
import { MobileMessage } from '../../../components/MobileMessage';
import { CategoryButtons, kindOf, type PublicCategory } from '../components/CategoryButtons';
import { Field } from '../components/Field';
import { LocationButton } from '../components/LocationButton';
import { PhotoPicker } from '../components/PhotoPicker';
import { useApiGet } from '../hooks/useApiGet';
import { useReportDraft, type ReportDraft } from '../hooks/useReportDraft';
import { caseErrorText } from '../lib/caseErrorText';
import { fieldErrors } from '../lib/fieldErrors';
import { readMyReports, rememberMyReport } from '../lib/myReports';
import '../cases.css';

interface Created {
  reference: string;
  trackingToken: string;
  trackingUrl: string;
}

/** Server field names → the form's own. */
const FIELD_OF: Record<string, string> = { reporterName: 'name', reporterPhone: 'phone', attachmentIds: 'photos', categoryId: 'category' };

/** `datetime-local` wants local time without a zone. */
function toLocalInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** Checks the page can make before sending (the server checks again and its answer wins). */
function localErrors(draft: ReportDraft, errand: boolean, t: (key: 'report.descriptionTooShort' | 'report.nameRequired' | 'report.phoneInvalid' | 'report.neededByRequired') => string): Record<string, string> {
  const errors: Record<string, string> = {};
  if (draft.description.trim().length < 5) errors.description = t('report.descriptionTooShort');
  if (!draft.name.trim()) errors.name = t('report.nameRequired');
  if (!/^1\d{10}$/.test(draft.phone.trim())) errors.phone = t('report.phoneInvalid');
  if (errand && draft.neededBy && Number.isNaN(new Date(draft.neededBy).getTime())) errors.neededBy = t('report.neededByRequired');
  return errors;
}

/**
 * `/report/{areaId}`: a resident reports a problem or asks for help without logging in (from the grid card's QR
 * code or a link). Category first (big buttons), then what, where, a photo and how to reach them.
 */
export function ReportPage({ areaId }: { areaId: number }) {
  const { t } = useTranslation('mobileCases');
  const { t: tc } = useTranslation('common');
  const categories = useApiGet<PublicCategory[] | { items: PublicCategory[] }>(`/api/public/case-categories?area=${areaId}`);
  const card = useApiGet<TGridCard>(`/api/public/grids/${areaId}/card`);
  const { draft, update, finish, restored } = useReportDraft(areaId);
  const [uploading, setUploading] = useState(false);
  const [sending, setSending] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [created, setCreated] = useState<Created | null>(null);
  const [copied, setCopied] = useState(false);
  const myReports = useMemo(() => (created ? [] : readMyReports()), [created]);

  const list = categories.status === 'ready' ? (Array.isArray(categories.data) ? categories.data : categories.data.items) : [];
  const category = list.find((c) => c.id === draft.categoryId) ?? null;
  const areaName = card.status === 'ready' ? card.data.area.name : '';
  const errand = category?.type === 'errand';

  useEffect(() => {
    document.title = areaName ? `${t('report.documentTitle')} · ${areaName}` : t('report.documentTitle');
  }, [areaName, t]);

  const onPhotosChange = useCallback((fn: (prev: ReportDraft['photos']) => ReportDraft['photos']) => update((d) => ({ photos: fn(d.photos) })), [update]);

  if (categories.status === 'loading') return <MobileMessage text={t('loading')} busy />;
  if (categories.status === 'error') {
    const notFound = categories.error instanceof ApiError && (categories.error.status === 404 || categories.error.status === 400);
    return (
      <MobileMessage
        text={notFound ? t('areaNotFound') : `${t('loadFailed')}: ${caseErrorText(t, tc, categories.error)}`}
        action={
          notFound ? undefined : (
            <button type="button" className="big-button" onClick={categories.reload}>
              {t('retry')}
            </button>
          )
        }
      />
    );
  }

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!category || sending || uploading) return;
    const local = localErrors(draft, errand, t);
    setErrors(local);
    setFailure(null);
    if (Object.keys(local).length > 0) {
      document.getElementById(`case-${Object.keys(local)[0]}`)?.focus();
      return;
    }
    setSending(true);
    const body = {
      id: draft.id,
      categoryId: category.id,
      areaId,
      description: draft.description.trim(),
      address: draft.address.trim() || undefined,
      location: draft.location ? { lat: draft.location.lat, lng: draft.location.lng } : undefined,
      attachmentIds: draft.photos.length ? draft.photos.map((p) => p.id) : undefined,
      neededBy: errand && draft.neededBy ? new Date(draft.neededBy).toISOString() : undefined,
      reporterName: draft.name.trim(),
      reporterPhone: draft.phone.trim(),
    };
    api
      .post<Created>('/api/public/cases', body)
      .then((result) => {
        rememberMyReport({ reference: result.reference, token: result.trackingToken, at: new Date().toISOString(), category: category.name });
        finish();
        setCreated(result);
        window.scrollTo(0, 0);
      })
      .catch((error: unknown) => {
        const byField: Record<string, string> = {};
        for (const [key, message] of Object.entries(fieldErrors(error))) byField[FIELD_OF[key] ?? key] = message;
        setErrors(byField);
        setFailure(caseErrorText(t, tc, error));
      })
      .finally(() => setSending(false));
  };

  const header = (
    <header className="grid-card__band">
      <span className="grid-card__heading">{t('report.heading')}</span>
      <LangToggle />
    </header>
  );

  if (created) {
    const trackPath = `/track/${created.trackingToken}`;
    const trackUrl = `${window.location.origin}${trackPath}`;
    const copy = () => {
      void navigator.clipboard?.writeText(trackUrl).then(() => setCopied(true), () => undefined);
    };
    return (
      <main className="case-page" data-testid="case-report-done">
        {header}
        <section className="case-done">
          <div className="case-done__tick" aria-hidden="true">
            ✓
          </div>
          <h1>{t('report.done')}</h1>
          <p data-testid="case-reference">{t('report.doneText', { reference: created.reference })}</p>
          <a className="big-button case-link-big" href={trackPath} data-testid="case-track-link">
            {t('report.trackLink')}
          </a>
          <p className="case-done__url">{trackUrl}</p>
          {navigator.clipboard && (
            <button type="button" className="case-button case-button--ghost" onClick={copy}>
              {copied ? `✓ ${t('report.copied')}` : t('report.copyLink')}
            </button>
          )}
          <button type="button" className="case-link-button" onClick={() => setCreated(null)}>
            {t('report.another')}
          </button>
        </section>
      </main>
    );
  }

  return (
    <main className="case-page" data-testid="case-report" data-area-id={areaId}>
      {header}
      <div className="case-body">
        <p className="case-intro">{t('report.intro', { area: areaName || t('report.thisGrid') })}</p>
        {restored && draft.categoryId !== null && <p className="case-note" role="status">{t('report.draftRestored')}</p>}
        {!category ? (
          <>
            <h1 className="case-h1">{t('report.chooseCategory')}</h1>
            {list.length === 0 ? <p className="case-note">{t('report.noCategories')}</p> : <CategoryButtons categories={list} onPick={(c) => update({ categoryId: c.id })} />}
            {myReports.length > 0 && (
              <section className="case-mine">
                <h2 className="case-h2">{t('report.myReports')}</h2>
                <ul>
                  {myReports.map((r) => (
                    <li key={r.token}>
                      <a href={`/track/${r.token}`}>
                        {r.reference} · {r.category}
                      </a>
                    </li>
                  ))}
                </ul>
              </section>
            )}
          </>
        ) : (
          <form className="case-form" onSubmit={submit} noValidate data-testid="case-report-form">
            <div className="case-chosen">
              <span className={`case-category__icon case-category__icon--${kindOf(category.type)}`} aria-hidden="true">
                {t(`report.${kindOf(category.type)}`)}
              </span>
              <strong className="case-chosen__name" data-testid="case-chosen-category">
                {category.name}
              </strong>
              <button type="button" className="case-link-button" onClick={() => update({ categoryId: null })}>
                {t('report.changeCategory')}
              </button>
            </div>
            {errors.category && <p className="case-field__error">{errors.category}</p>}

            <Field label={errand ? t('report.errandDescription') : t('report.description')} htmlFor="case-description" error={errors.description} required>
              <textarea
                id="case-description"
                className="case-input"
                rows={4}
                maxLength={2000}
                value={draft.description}
                placeholder={errand ? t('report.errandDescriptionHint') : t('report.descriptionHint')}
                aria-invalid={Boolean(errors.description)}
                onChange={(e) => update({ description: e.target.value })}
                data-testid="case-description"
              />
            </Field>

            {errand && (
              <Field label={t('report.neededBy')} htmlFor="case-neededBy" error={errors.neededBy}>
                <input
                  id="case-neededBy"
                  className="case-input"
                  type="datetime-local"
                  min={toLocalInput(new Date())}
                  value={draft.neededBy}
                  onChange={(e) => update({ neededBy: e.target.value })}
                  data-testid="case-needed-by"
                />
              </Field>
            )}

            <PhotoPicker uploadPath="/api/public/case-attachments" photos={draft.photos} onChange={onPhotosChange} onBusyChange={setUploading} label={t('report.photos')} error={errors.photos} />

            <LocationButton value={draft.location} onChange={(location) => update({ location })} />

            <Field label={t('report.address')} htmlFor="case-address" error={errors.address}>
              <input id="case-address" className="case-input" maxLength={200} value={draft.address} placeholder={t('report.addressHint')} onChange={(e) => update({ address: e.target.value })} data-testid="case-address" />
            </Field>

            <Field label={t('report.name')} htmlFor="case-name" error={errors.name} required>
              <input id="case-name" className="case-input" maxLength={50} autoComplete="name" value={draft.name} aria-invalid={Boolean(errors.name)} onChange={(e) => update({ name: e.target.value })} data-testid="case-name" />
            </Field>

            <Field label={t('report.phone')} htmlFor="case-phone" hint={t('report.phoneHint')} error={errors.phone} required>
              <input
                id="case-phone"
                className="case-input"
                type="tel"
                inputMode="numeric"
                autoComplete="tel"
                maxLength={11}
                value={draft.phone}
                aria-invalid={Boolean(errors.phone)}
                onChange={(e) => update({ phone: e.target.value.replace(/\D/g, '') })}
                data-testid="case-phone"
              />
            </Field>

            {failure && (
              <p className="case-failure" role="alert" data-testid="case-error">
                {failure}
              </p>
            )}
            <button type="submit" className="big-button" disabled={sending || uploading} data-testid="case-submit">
              {sending ? t('report.submitting') : uploading ? t('report.photoUploading') : t('report.submit')}
            </button>
          </form>
        )}
      </div>
    </main>
  );
}
