import { EyeOutlined } from '@ant-design/icons';
import { Alert, Button, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../../../lib/i18n/describeError';
import { useRevealResidentField, type RevealField } from '../hooks/useRevealResidentField';
import { ReasonModal } from './ReasonModal';

/**
 * A masked ID number or phone with a "show" button beside it (for those who may reveal): the button
 * asks for the reason, the server logs it, and the full value replaces the mask until the panel closes.
 */
export function RevealableNumber({
  residentId,
  field,
  masked,
  canReveal,
  revealed,
  onRevealed,
}: {
  residentId: number;
  field: RevealField;
  masked: string | null;
  canReveal: boolean;
  /** The full value once shown (kept by the drawer, forgotten when it closes). */
  revealed: string | null | undefined;
  onRevealed: (value: string | null) => void;
}) {
  const { t } = useTranslation('admin');
  const { t: tc } = useTranslation('common');
  const reveal = useRevealResidentField();
  const [asking, setAsking] = useState(false);
  const fieldName = t(`registry.field.${field}`);

  if (revealed !== undefined) {
    return (
      <Tooltip title={t('registry.drawer.revealed')}>
        <Typography.Text className="registry-number" strong copyable={revealed ? { text: revealed } : false} data-testid="revealed-value" data-field={field}>
          {revealed ?? t('registry.drawer.noPhone')}
        </Typography.Text>
      </Tooltip>
    );
  }

  return (
    <span className="registry-reveal">
      <span className="registry-number" data-testid={`masked-${field}`}>
        {masked ?? t('registry.drawer.noPhone')}
      </span>
      {canReveal && masked && (
        <Button size="small" type="link" icon={<EyeOutlined />} onClick={() => setAsking(true)} data-testid={`reveal-${field}`}>
          {t('registry.drawer.reveal')}
        </Button>
      )}
      <ReasonModal
        open={asking}
        title={t('registry.drawer.revealTitle', { field: fieldName })}
        help={t('registry.drawer.revealHelp')}
        label={t('registry.drawer.revealReason')}
        placeholder={t('registry.drawer.revealReasonPlaceholder')}
        requiredMessage={t('registry.drawer.revealReasonRequired')}
        okText={t('registry.drawer.revealSubmit')}
        loading={reveal.isPending}
        error={reveal.isError ? <Alert type="error" showIcon style={{ marginBottom: 16 }} title={describeError(tc, reveal.error).title} description={describeError(tc, reveal.error).detail} /> : undefined}
        onSubmit={(reason) =>
          reveal.mutate(
            { id: residentId, field, reason },
            {
              onSuccess: (result) => {
                setAsking(false);
                reveal.reset();
                onRevealed(result.value);
              },
            },
          )
        }
        onCancel={() => {
          setAsking(false);
          reveal.reset();
        }}
      />
    </span>
  );
}
