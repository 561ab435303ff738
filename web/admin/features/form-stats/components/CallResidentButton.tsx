import { PhoneOutlined } from '@ant-design/icons';
import { Alert, Button, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../../../lib/i18n/describeError';
import { ReasonModal } from '../../registry/components/ReasonModal';
import { useRevealResidentPhone } from '../hooks/useRevealResidentPhone';

/**
 * "拨打": asks why, reveals the resident's phone through the registry (audit-logged), then offers it
 * as a tel: link the grid worker's phone or softphone can dial.
 */
export function CallResidentButton({ residentId, name }: { residentId: number; name: string }) {
  const { t } = useTranslation('formStats');
  const { t: tc } = useTranslation('common');
  const reveal = useRevealResidentPhone();
  const [asking, setAsking] = useState(false);
  const [phone, setPhone] = useState<string | null | undefined>(undefined);

  if (phone !== undefined) {
    return phone ? (
      <a href={`tel:${phone}`} className="registry-number registry-nowrap" data-testid="call-link" title={name}>
        <PhoneOutlined /> {phone}
      </a>
    ) : (
      <Typography.Text type="secondary" data-testid="call-none">
        {t('notReported.noPhone')}
      </Typography.Text>
    );
  }
  return (
    <>
      <Button size="small" type="link" icon={<PhoneOutlined />} onClick={() => setAsking(true)} data-testid="call-resident">
        {t('notReported.call')}
      </Button>
      <ReasonModal
        open={asking}
        title={`${t('notReported.callTitle')} · ${name}`}
        help={t('notReported.callHelp')}
        label={t('notReported.callReason')}
        placeholder={t('notReported.callReasonPlaceholder')}
        requiredMessage={t('notReported.callReasonRequired')}
        okText={t('notReported.callSubmit')}
        loading={reveal.isPending}
        error={reveal.isError ? <Alert type="error" showIcon style={{ marginBottom: 16 }} title={describeError(tc, reveal.error).title} description={describeError(tc, reveal.error).detail} /> : undefined}
        onSubmit={(reason) =>
          reveal.mutate(
            { residentId, reason },
            {
              onSuccess: (result) => {
                setAsking(false);
                reveal.reset();
                setPhone(result.value);
              },
            },
          )
        }
        onCancel={() => {
          setAsking(false);
          reveal.reset();
        }}
      />
    </>
  );
}
