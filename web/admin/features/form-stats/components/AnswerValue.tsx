import { Image, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AddressAnswer as TAddressAnswer, FormField, ItineraryStop } from '../../../../../common/form-definition';
import { AddressAnswer } from './AddressAnswer';

// Shown when a photo cannot be fetched (deleted, or not served yet): a grey frame with a crossed picture.
const PHOTO_PLACEHOLDER =
  'data:image/svg+xml;utf8,' +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96"><rect width="96" height="96" fill="#f5f5f5"/><path d="M28 62l14-16 10 11 8-8 8 13z" fill="#d9d9d9"/><circle cx="60" cy="36" r="6" fill="#d9d9d9"/><path d="M20 20l56 56" stroke="#bfbfbf" stroke-width="3"/></svg>',
  );

/** Where the server serves a stored photo answer (`photo:<file>`); data URLs (not yet stored) show as they are. */
function photoUrl(formId: number, value: string): string | null {
  if (value.startsWith('photo:')) return `/api/forms/${formId}/photos/${encodeURIComponent(value.slice('photo:'.length))}`;
  if (value.startsWith('data:image/')) return value;
  return null;
}

function isStop(v: unknown): v is ItineraryStop {
  return typeof v === 'object' && v !== null && 'place' in v;
}

function isAddress(v: unknown): v is TAddressAnswer {
  return typeof v === 'object' && v !== null && 'areaId' in v;
}

/** One answer as a person reads it: options by label, yes/no in words, an itinerary as a list, photos as thumbnails. */
export function AnswerValue({ formId, field, value }: { formId: number; field: FormField; value: unknown }) {
  const { t } = useTranslation('formStats');
  if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)) {
    return <Typography.Text type="secondary">{t('detail.notAnswered')}</Typography.Text>;
  }
  const optionLabel = (v: unknown) => field.options?.find((o) => o.value === String(v))?.label ?? String(v);
  switch (field.type) {
    case 'single_choice':
      return <span>{optionLabel(value)}</span>;
    case 'multiple_choice':
      return <span>{(Array.isArray(value) ? value : [value]).map(optionLabel).join('、')}</span>;
    case 'yes_no':
      return <span>{value === true || value === 'true' || value === 'yes' ? t('detail.yes') : t('detail.no')}</span>;
    case 'temperature':
      return <span>{String(value)} ℃</span>;
    case 'itinerary':
      return Array.isArray(value) ? (
        <ol className="form-stats-itinerary" data-testid="answer-itinerary">
          {value.filter(isStop).map((stop, i) => (
            <li key={i}>{t('detail.stop', { date: stop.date, place: stop.place })}</li>
          ))}
        </ol>
      ) : (
        <span>{String(value)}</span>
      );
    case 'address':
      return isAddress(value) ? <AddressAnswer value={value} /> : <span>{String(value)}</span>;
    case 'photo': {
      const list = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
      return (
        <Image.PreviewGroup>
          <Space wrap>
            {list.map((v, i) => {
              const src = photoUrl(formId, v);
              return src ? <Image key={i} src={src} width={96} height={96} style={{ objectFit: 'cover' }} fallback={PHOTO_PLACEHOLDER} alt={t('detail.photoMissing')} data-testid="answer-photo" /> : <span key={i}>{v}</span>;
            })}
          </Space>
        </Image.PreviewGroup>
      );
    }
    default:
      return <span>{Array.isArray(value) ? value.join('、') : typeof value === 'object' ? JSON.stringify(value) : String(value)}</span>;
  }
}
