import { Alert, Card, Col, Row, Statistic } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../../../lib/i18n/describeError';
import { useCaseSummary } from '../hooks/useCaseSummary';
import { useCases } from '../hooks/useCases';
import { CaseTable } from './CaseTable';

const PAGE_SIZE = 20;

/** 我的待办: what waits for me (assigned to me or my grid, my role's turn, mine to verify), overdue and due-soon counts on top. */
export function MineTab() {
  const { t } = useTranslation('cases');
  const { t: tc } = useTranslation('common');
  const [page, setPage] = useState(1);
  const [overdueOnly, setOverdueOnly] = useState(false);
  const summary = useCaseSummary();
  const list = useCases({ mine: '1', overdue: overdueOnly ? '1' : undefined, page, pageSize: PAGE_SIZE });
  const mine = summary.data?.mine;
  const card = (key: 'toDo' | 'dueSoon' | 'overdue' | 'toVerify', color?: string, onClick?: () => void, active?: boolean) => (
    <Col xs={12} md={6}>
      <Card size="small" hoverable={!!onClick} onClick={onClick} className={active ? 'case-stat case-stat--active' : 'case-stat'} data-testid={`mine-${key}`}>
        <Statistic title={t(`mine.${key}`)} value={mine?.[key] ?? '—'} styles={{ content: color && mine?.[key] ? { color } : undefined }} />
      </Card>
    </Col>
  );
  return (
    <>
      <Row gutter={[12, 12]} className="case-stats-row">
        {card('toDo', undefined, () => (setOverdueOnly(false), setPage(1)), !overdueOnly)}
        {card('dueSoon', '#fa8c16')}
        {card('overdue', '#cf1322', () => (setOverdueOnly(true), setPage(1)), overdueOnly)}
        {card('toVerify', '#722ed1')}
      </Row>
      {list.isError && <Alert type="error" showIcon title={describeError(tc, list.error).title} style={{ marginBottom: 16 }} />}
      <CaseTable
        items={list.data?.items}
        loading={list.isFetching}
        testId="case-table-mine"
        pagination={{ current: page, pageSize: PAGE_SIZE, total: list.data?.total ?? 0, showSizeChanger: false, onChange: setPage, size: 'small' }}
      />
    </>
  );
}
