import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TMe } from '../../../../../common/auth';
import type { TCaseCategory, TCaseDetail } from '../../../../../common/cases';
import { api } from '../../../../lib/api';
import { MobileMessage } from '../../../components/MobileMessage';
import { Field } from '../components/Field';
import { LocationButton } from '../components/LocationButton';
import { PhotoPicker, type TPublicPhoto } from '../components/PhotoPicker';
import { StaffGate } from '../components/StaffGate';
import { StaffHeader } from '../components/StaffHeader';
import { useApiGet } from '../hooks/useApiGet';
import { caseErrorText } from '../lib/caseErrorText';
import { fieldErrors } from '../lib/fieldErrors';
import type { Located } from '../lib/locate';
import '../cases.css';

const FIELD_OF: Record<string, string> = { attachmentIds: 'photos', categoryId: 'category', areaId: 'area' };

/** `/m/cases/new`: a grid worker on patrol raises a case with a camera photo and the phone's location. */
export function NewCasePage() {
  return <StaffGate permission="case.report">{(me) => <NewCaseForm me={me} />}</StaffGate>;
}

function NewCaseForm({ me }: { me: TMe }) {
  const { t } = useTranslation('mobileCases');
  const { t: tc } = useTranslation('common');
  const categories = useApiGet<TCaseCategory[]>('/api/case-categories?active=1');
  // The areas they serve, grids first (a worker usually has exactly one).
  const areas = useMemo(() => {
    const seen = new Map<number, { id: number; name: string; level: string }>();
    for (const a of me.assignments) if (!seen.has(a.areaId)) seen.set(a.areaId, { id: a.areaId, name: a.area.name, level: a.area.level });
    return [...seen.values()].sort((a, b) => Number(b.level === 'grid') - Number(a.level === 'grid'));
  }, [me]);
  const [areaId, setAreaId] = useState<number | null>(areas[0]?.id ?? null);
  const [categoryId, setCategoryId] = useState<number | null>(null);
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [address, setAddress] = useState('');
  const [neededBy, setNeededBy] = useState('');
  const [reporterName, setReporterName] = useState('');
  const [reporterPhone, setReporterPhone] = useState('');
  const [location, setLocation] = useState<Located | null>(null);
  const [photos, setPhotos] = useState<TPublicPhoto[]>([]);
  const [uploading, setUploading] = useState(false);
  const [sending, setSending] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    document.title = t('staff.newTitle');
  }, [t]);

  if (categories.status === 'loading') return <MobileMessage text={t('loading')} busy />;
  if (categories.status === 'error')
    return (
      <MobileMessage
        text={`${t('loadFailed')}: ${caseErrorText(t, tc, categories.error)}`}
        action={
          <button type="button" className="big-button" onClick={categories.reload}>
            {t('retry')}
          </button>
        }
      />
    );
  const active = categories.data.filter((c) => c.active);
  const category = active.find((c) => c.id === categoryId) ?? null;
  const errand = category?.type === 'errand';

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (sending || uploading) return;
    const local: Record<string, string> = {};
    if (areaId === null) local.area = t('required');
    if (category === null) local.category = t('staff.chooseCategory');
    if (!title.trim()) local.title = t('staff.titleHint');
    if (reporterPhone && !/^1\d{10}$/.test(reporterPhone)) local.reporterPhone = t('report.phoneInvalid');
    setErrors(local);
    setFailure(null);
    if (Object.keys(local).length > 0 || areaId === null || category === null) return;
    setSending(true);
    api
      .post<TCaseDetail>('/api/cases', {
        categoryId: category.id,
        areaId,
        title: title.trim(),
        description: description.trim(),
        address: address.trim() || undefined,
        location: location ? { lat: location.lat, lng: location.lng } : undefined,
        attachmentIds: photos.length ? photos.map((p) => p.id) : undefined,
        neededBy: errand && neededBy ? new Date(neededBy).toISOString() : undefined,
        reporterName: errand && reporterName.trim() ? reporterName.trim() : undefined,
        reporterPhone: errand && reporterPhone ? reporterPhone : undefined,
      })
      .then((created) => window.location.assign(`/m/cases/${created.id}`))
      .catch((error: unknown) => {
        const byField: Record<string, string> = {};
        for (const [key, message] of Object.entries(fieldErrors(error))) byField[FIELD_OF[key] ?? key] = message;
        setErrors(byField);
        setFailure(caseErrorText(t, tc, error));
        setSending(false);
      });
  };

  return (
    <main className="case-page" data-testid="case-new-page">
      <StaffHeader title={t('staff.newTitle')} back="/m/cases" />
      <form className="case-body case-form" onSubmit={submit} noValidate>
        <h1 className="case-h1">{t('staff.newTitle')}</h1>
        {areas.length > 1 && (
          <Field label={t('staff.area')} htmlFor="case-area" error={errors.area} required>
            <select id="case-area" className="case-input" value={areaId ?? ''} onChange={(e) => setAreaId(Number(e.target.value))} data-testid="case-area">
              {areas.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </Field>
        )}
        <Field label={t('staff.category')} htmlFor="case-category" error={errors.category} required>
          <select id="case-category" className="case-input" value={categoryId ?? ''} onChange={(e) => setCategoryId(e.target.value ? Number(e.target.value) : null)} data-testid="case-category-select">
            <option value="">{t('staff.chooseCategory')}</option>
            {active.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}（{t(`types.${c.type}`)}）
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('staff.title')} htmlFor="case-title" error={errors.title} required>
          <input id="case-title" className="case-input" maxLength={200} value={title} placeholder={t('staff.titleHint')} onChange={(e) => setTitle(e.target.value)} data-testid="case-title" />
        </Field>
        <Field label={t('staff.description')} htmlFor="case-description" error={errors.description}>
          <textarea id="case-description" className="case-input" rows={3} maxLength={5000} value={description} onChange={(e) => setDescription(e.target.value)} data-testid="case-description" />
        </Field>
        <PhotoPicker uploadPath="/api/case-attachments" photos={photos} onChange={(fn) => setPhotos(fn)} onBusyChange={setUploading} camera label={t('report.photos')} error={errors.photos} />
        <LocationButton value={location} onChange={setLocation} auto />
        <Field label={t('staff.address')} htmlFor="case-address" error={errors.address}>
          <input id="case-address" className="case-input" maxLength={200} value={address} placeholder={t('report.addressHint')} onChange={(e) => setAddress(e.target.value)} data-testid="case-address" />
        </Field>
        {errand && (
          <>
            <Field label={t('report.neededBy')} htmlFor="case-neededBy" error={errors.neededBy}>
              <input id="case-neededBy" className="case-input" type="datetime-local" value={neededBy} onChange={(e) => setNeededBy(e.target.value)} />
            </Field>
            <Field label={t('staff.reporterName')} htmlFor="case-reporterName" error={errors.reporterName}>
              <input id="case-reporterName" className="case-input" maxLength={50} value={reporterName} onChange={(e) => setReporterName(e.target.value)} />
            </Field>
            <Field label={t('staff.reporterPhone')} htmlFor="case-reporterPhone" error={errors.reporterPhone}>
              <input id="case-reporterPhone" className="case-input" type="tel" inputMode="numeric" maxLength={11} value={reporterPhone} onChange={(e) => setReporterPhone(e.target.value.replace(/\D/g, ''))} />
            </Field>
          </>
        )}
        {failure && (
          <p className="case-failure" role="alert">
            {failure}
          </p>
        )}
        <button type="submit" className="big-button" disabled={sending || uploading} data-testid="case-submit">
          {sending ? t('report.submitting') : uploading ? t('report.photoUploading') : t('report.submit')}
        </button>
      </form>
    </main>
  );
}
