import { DeleteOutlined, EyeOutlined } from '@ant-design/icons';
import { Alert, App, Button, Descriptions, Divider, Drawer, Skeleton, Space, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TSubmission } from '../../../../../common/forms';
import type { Answers } from '../../../../../common/form-definition';
import { visibleFields } from '../../../../../common/form-answers';
import { describeError } from '../../../../lib/i18n/describeError';
import { formatDateTime } from '../../../../lib/formatDateTime';
import { ReasonModal } from '../../registry/components/ReasonModal';
import { useDeleteSubmission } from '../hooks/useDeleteSubmission';
import { useRevealSubmission } from '../hooks/useRevealSubmission';
import { useSubmission } from '../hooks/useSubmission';
import { AnswerValue } from './AnswerValue';

const ALERT_COLORS = { open: 'red', following: 'orange', closed: 'default' } as const;

/**
 * One submission: who, when, where, its alerts and each answer under the question it answers. Full
 * phone and ID numbers on request with a reason (resident.reveal); deletion with a reason (form.write).
 */
export function SubmissionDrawer({ formId, sid, canReveal, canDelete, onClose }: { formId: number; sid: string | null; canReveal: boolean; canDelete: boolean; onClose: () => void }) {
  const { t, i18n } = useTranslation('formStats');
  const { t: tc } = useTranslation('common');
  const { message } = App.useApp();
  const detail = useSubmission(formId, sid);
  const reveal = useRevealSubmission(formId);
  const remove = useDeleteSubmission(formId);
  const [revealed, setRevealed] = useState<TSubmission | null>(null);
  const [asking, setAsking] = useState<'reveal' | 'delete' | null>(null);

  // What was revealed is forgotten as soon as another submission is shown or the drawer closes.
  useEffect(() => {
    setRevealed(null);
    setAsking(null);
  }, [sid]);

  const d = detail.data;
  const shown = d ? { ...d, ...(revealed ?? {}) } : undefined;
  const fields = d ? visibleFields(d.definition, (shown?.answers ?? {}) as Answers) : [];
  const errorOf = (error: unknown) => <Alert type="error" showIcon style={{ marginBottom: 16 }} title={describeError(tc, error).title} description={describeError(tc, error).detail} />;

  return (
    <Drawer
      open={sid !== null}
      onClose={onClose}
      size={560}
      title={d ? `${t('detail.title')} ${d.reference}` : t('detail.title')}
      destroyOnHidden
      extra={
        d && (
          <div className="form-stats-drawer-actions">
            {canReveal && !revealed && (
              <Button icon={<EyeOutlined />} onClick={() => setAsking('reveal')} data-testid="submission-reveal">
                {t('detail.reveal')}
              </Button>
            )}
            {canDelete && (
              <Button danger icon={<DeleteOutlined />} onClick={() => setAsking('delete')} data-testid="submission-delete">
                {t('detail.delete')}
              </Button>
            )}
          </div>
        )
      }
    >
      <div data-testid="submission-drawer">
        {detail.isError ? (
          errorOf(detail.error)
        ) : !shown || !d ? (
          <Skeleton active />
        ) : (
          <>
            {revealed && <Alert type="warning" showIcon title={t('detail.revealed')} style={{ marginBottom: 16 }} data-testid="submission-revealed" />}
            <Descriptions size="small" column={1} bordered>
              <Descriptions.Item label={t('submissions.reference')}>{d.reference}</Descriptions.Item>
              <Descriptions.Item label={t('submissions.submittedAt')}>{formatDateTime(d.submittedAt, i18n.language)}</Descriptions.Item>
              <Descriptions.Item label={t('submissions.day')}>{d.day}</Descriptions.Item>
              <Descriptions.Item label={t('submissions.area')}>{d.areaName}</Descriptions.Item>
              <Descriptions.Item label={t('submissions.reporter')}>{shown.reporterName}</Descriptions.Item>
              <Descriptions.Item label={t('submissions.phone')}>
                <span className="registry-number" data-testid="submission-phone">
                  {shown.reporterPhone}
                </span>
              </Descriptions.Item>
              {shown.reporterIdNumber && (
                <Descriptions.Item label={t('submissions.idNumber')}>
                  <span className="registry-number" data-testid="submission-id-number">
                    {shown.reporterIdNumber}
                  </span>
                </Descriptions.Item>
              )}
              <Descriptions.Item label={t('submissions.version')}>v{d.version}</Descriptions.Item>
              {d.alerts.length > 0 && (
                <Descriptions.Item label={t('detail.alerts')}>
                  <Space wrap size={4}>
                    {d.alerts.map((a) => (
                      <Tag key={a.id} color={ALERT_COLORS[a.status as keyof typeof ALERT_COLORS] ?? 'red'} data-testid="submission-alert">
                        {a.rule} · {t(`detail.alertStatus.${a.status as keyof typeof ALERT_COLORS}`, { defaultValue: a.status })}
                      </Tag>
                    ))}
                  </Space>
                </Descriptions.Item>
              )}
            </Descriptions>
            <Divider titlePlacement="start">{t('detail.answers')}</Divider>
            <Descriptions size="small" column={1} bordered className="form-stats-answers" data-testid="submission-answers">
              {fields
                .filter((f) => f.type !== 'section')
                .map((f) => (
                  <Descriptions.Item key={f.name} label={f.label}>
                    <span data-testid="submission-answer" data-field={f.name}>
                      <AnswerValue formId={formId} field={f} value={shown.answers[f.name]} />
                    </span>
                  </Descriptions.Item>
                ))}
            </Descriptions>
          </>
        )}
      </div>
      <ReasonModal
        open={asking === 'reveal'}
        title={t('detail.revealTitle')}
        help={t('detail.revealHelp')}
        label={t('detail.revealReason')}
        placeholder={t('detail.revealReasonPlaceholder')}
        requiredMessage={t('detail.revealReasonRequired')}
        okText={t('detail.revealSubmit')}
        loading={reveal.isPending}
        error={reveal.isError ? errorOf(reveal.error) : undefined}
        onSubmit={(reason) =>
          sid &&
          reveal.mutate(
            { sid, reason },
            {
              onSuccess: (full) => {
                setRevealed(full);
                setAsking(null);
                reveal.reset();
              },
            },
          )
        }
        onCancel={() => {
          setAsking(null);
          reveal.reset();
        }}
      />
      <ReasonModal
        open={asking === 'delete'}
        title={t('detail.deleteTitle')}
        help={t('detail.deleteHelp')}
        label={t('detail.deleteReason')}
        placeholder={t('detail.deleteReasonPlaceholder')}
        requiredMessage={t('detail.deleteReasonRequired')}
        okText={t('detail.deleteSubmit')}
        loading={remove.isPending}
        error={remove.isError ? errorOf(remove.error) : undefined}
        onSubmit={(reason) =>
          sid &&
          remove.mutate(
            { sid, reason },
            {
              onSuccess: () => {
                void message.success(t('detail.deleted', { reference: d?.reference ?? '' }));
                setAsking(null);
                remove.reset();
                onClose();
              },
            },
          )
        }
        onCancel={() => {
          setAsking(null);
          remove.reset();
        }}
      />
    </Drawer>
  );
}
