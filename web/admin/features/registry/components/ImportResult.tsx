import { Button, Result, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TResidentImportPreview } from '../../../../../common/registry';

/** The outcome of a confirmed import: how many residents and households went in, what was created. */
export function ImportResult({ job, onAgain }: { job: TResidentImportPreview; onAgain: () => void }) {
  const { t } = useTranslation('admin');
  return (
    <div data-testid="resident-import-result" data-status={job.status} data-created={job.created}>
      <Result
        status="success"
        title={t('registry.import.resultTitle')}
        subTitle={
          <>
            <div>{t('registry.import.resultText', { created: job.created, households: job.households })}</div>
            {(job.newBuildings.length > 0 || job.newUnits.length > 0) && <div>{t('registry.import.resultNew', { buildings: job.newBuildings.length, units: job.newUnits.length })}</div>}
            {job.message && <div>{job.message}</div>}
          </>
        }
        extra={
          <Space wrap>
            <Link to={`/residents?area=${job.areaId}`}>
              <Button type="primary">{t('registry.import.toResidents')}</Button>
            </Link>
            <Button onClick={onAgain} data-testid="resident-import-again">
              {t('registry.import.again')}
            </Button>
          </Space>
        }
      />
    </div>
  );
}
