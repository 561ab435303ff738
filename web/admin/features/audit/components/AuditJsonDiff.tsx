import { Col, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TAuditEntry } from '../../../../../common/audit';

function pretty(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') {
    try {
      return JSON.stringify(JSON.parse(value), null, 2);
    } catch {
      return value;
    }
  }
  return JSON.stringify(value, null, 2);
}

/** The record before and after the change, side by side (stacked on a phone). */
export function AuditJsonDiff({ entry }: { entry: TAuditEntry }) {
  const { t } = useTranslation('admin');
  const before = pretty(entry.before);
  const after = pretty(entry.after);
  return (
    <Row gutter={[12, 12]} data-testid="audit-json">
      <Col xs={24} md={12}>
        <Typography.Text strong>{t('audit.before')}</Typography.Text>
        <pre className="audit-json">{before || t('audit.empty')}</pre>
      </Col>
      <Col xs={24} md={12}>
        <Typography.Text strong>{t('audit.after')}</Typography.Text>
        <pre className="audit-json">{after || t('audit.empty')}</pre>
      </Col>
    </Row>
  );
}
