import { Alert, Button, Progress, Result, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TImportJob } from '../../../../../common/areas';
import { ImportRowErrorsTable } from './ImportRowErrorsTable';

/** Progress of a running import, then its outcome: counts, or the table of bad rows. */
export function ImportJobStatus({ job, onAgain }: { job: TImportJob; onAgain: () => void }) {
  const { t } = useTranslation('admin');
  const percent = job.total > 0 ? Math.min(100, Math.round((job.processed / job.total) * 100)) : 0;
  const errorCount = Math.max(job.errorCount, job.errors.length);

  if (job.status === 'running') {
    return (
      <div data-testid="import-progress" data-status={job.status}>
        <Typography.Text>{job.total > 0 ? t('import.processing', { processed: job.processed, total: job.total }) : t('import.waiting')}</Typography.Text>
        <Progress percent={percent} status="active" format={() => `${job.processed}/${job.total}`} />
      </div>
    );
  }

  const again = (
    <Space wrap key="again">
      <Button type="primary" onClick={onAgain} data-testid="import-again">
        {t('import.again')}
      </Button>
      <Link to="/areas">
        <Button>{t('import.toTree')}</Button>
      </Link>
    </Space>
  );

  if (job.status === 'succeeded' && errorCount === 0) {
    return (
      <div data-testid="import-result" data-status={job.status}>
        <Progress percent={100} format={() => `${job.processed}/${job.total}`} />
        <Result status="success" title={t('import.succeeded')} subTitle={t('import.succeededText', { created: job.created, updated: job.updated })} extra={again} />
      </div>
    );
  }

  return (
    <div data-testid="import-result" data-status={job.status}>
      {job.total > 0 && <Progress percent={percent} status="exception" format={() => `${job.processed}/${job.total}`} />}
      <Alert
        type={job.status === 'failed' ? 'error' : 'warning'}
        showIcon
        style={{ margin: '12px 0' }}
        title={job.status === 'failed' ? t('import.failed') : t('import.succeeded')}
        description={
          <>
            {errorCount > 0 && (
              <div>{job.created || job.updated ? t('import.partialText', { created: job.created, updated: job.updated, count: errorCount }) : t('import.failedText', { count: errorCount })}</div>
            )}
            {job.message && <div>{job.message}</div>}
          </>
        }
      />
      {job.errors.length > 0 && (
        <>
          <Typography.Title level={5}>{t('import.rowErrors')}</Typography.Title>
          <ImportRowErrorsTable rows={job.errors} />
        </>
      )}
      <div style={{ marginTop: 16 }}>{again}</div>
    </div>
  );
}
