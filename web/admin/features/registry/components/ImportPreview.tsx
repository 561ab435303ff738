import { CheckOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Col, Row, Space, Statistic, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TResidentImportPreview } from '../../../../../common/registry';
import { ImportErrorList } from './ImportErrorList';
import { ImportNewPlaces } from './ImportNewPlaces';

/**
 * What the server found in the file before writing anything: counts, every bad row, the buildings and
 * units it would create; Confirm stays disabled while any row is bad.
 */
export function ImportPreview({ preview, confirming, confirmError, onConfirm, onAgain }: { preview: TResidentImportPreview; confirming: boolean; confirmError?: ReactNode; onConfirm: () => void; onAgain: () => void }) {
  const { t } = useTranslation('admin');
  const bad = preview.errors.length;
  const blocked = bad > 0 || preview.valid === 0;

  return (
    <div data-testid="resident-import-preview" data-status={preview.status}>
      <Typography.Title level={5}>{t('registry.import.preview', { name: preview.fileName })}</Typography.Title>
      <Row gutter={[12, 12]} className="registry-import-stats">
        <Col xs={12} sm={6}>
          <Statistic title={t('registry.import.total')} value={preview.total} />
        </Col>
        <Col xs={12} sm={6}>
          <Statistic title={t('registry.import.valid')} value={preview.valid} styles={{ content: { color: '#389e0d' } }} />
        </Col>
        <Col xs={12} sm={6}>
          <Statistic title={t('registry.import.bad')} value={bad} styles={{ content: { color: bad ? '#cf1322' : undefined } }} data-testid="resident-import-bad-count" />
        </Col>
        <Col xs={12} sm={6}>
          <Statistic title={t('registry.import.households')} value={preview.households} />
        </Col>
      </Row>

      <div className="registry-import-new">
        <ImportNewPlaces title={t('registry.import.newBuildings', { count: preview.newBuildings.length })} names={preview.newBuildings} testId="resident-import-new-buildings" />
        <ImportNewPlaces title={t('registry.import.newUnits', { count: preview.newUnits.length })} names={preview.newUnits} testId="resident-import-new-units" />
      </div>

      {bad > 0 ? (
        <Alert type="error" showIcon title={t('registry.import.fixHint', { count: bad })} style={{ margin: '16px 0' }} data-testid="resident-import-fix-hint" />
      ) : preview.valid === 0 ? (
        <Alert type="warning" showIcon title={t('registry.import.nothingToImport')} style={{ margin: '16px 0' }} />
      ) : (
        <Alert type="success" showIcon title={t('registry.import.readyHint', { count: preview.valid })} style={{ margin: '16px 0' }} />
      )}
      {confirmError}

      <Space wrap style={{ marginBottom: 16 }}>
        <Button type="primary" icon={<CheckOutlined />} disabled={blocked} loading={confirming} onClick={onConfirm} data-testid="resident-import-confirm">
          {t('registry.import.confirm')}
        </Button>
        <Button icon={<ReloadOutlined />} onClick={onAgain} data-testid="resident-import-again">
          {t('registry.import.again')}
        </Button>
      </Space>

      {bad > 0 && (
        <>
          <Typography.Title level={5}>{t('registry.import.errorsTitle', { count: bad })}</Typography.Title>
          <ImportErrorList rows={preview.errors} fileName={preview.fileName} />
        </>
      )}
    </div>
  );
}
