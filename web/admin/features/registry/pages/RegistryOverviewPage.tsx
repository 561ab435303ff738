import { Alert, Breadcrumb, Empty, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { describeError } from '../../../../lib/i18n/describeError';
import { PageHeader } from '../../../shared/components/PageHeader';
import { AreaTreeSelect } from '../../areas/components/AreaTreeSelect';
import { useAreaDetail } from '../../areas/hooks/useAreaDetail';
import { useMe } from '../../auth/hooks/useMe';
import { useDefaultRosterArea } from '../../roster/hooks/useDefaultRosterArea';
import { OverviewTable } from '../components/OverviewTable';
import { useRegistryOverview } from '../hooks/useRegistryOverview';

/**
 * `/registry/overview?area=ID`: per child area, households, residents, residence types and tags, with
 * a total; a row opens the level below, the breadcrumb goes back up (as far as the user's scope).
 */
export function RegistryOverviewPage() {
  const { t } = useTranslation('admin');
  const { t: tc } = useTranslation('common');
  const [params, setParams] = useSearchParams();
  const { data: me } = useMe();
  const fallback = useDefaultRosterArea();
  const areaId = Number(params.get('area')) || fallback?.id || null;
  const overview = useRegistryOverview(areaId);
  const detail = useAreaDetail(areaId);

  const open = (id: number) => setParams({ area: String(id) });

  // Ancestors above the user's scope are plain text: their overview would only answer 403.
  const area = detail.data;
  const pathIds = area?.path.split('/').filter(Boolean) ?? [];
  const readable = (ancestorId: number) => {
    if (me?.isSuperAdmin) return true;
    const at = pathIds.indexOf(String(ancestorId));
    const ancestorPath = `/${pathIds.slice(0, at + 1).join('/')}/`;
    return at >= 0 && !!me?.assignments.some((a) => ancestorPath.startsWith(a.area.path));
  };
  const crumbs = area
    ? [
        ...area.ancestors
          .filter((a) => a.id !== area.id)
          .map((a) => ({
            key: a.id,
            title: readable(a.id) ? (
              <a onClick={() => open(a.id)} data-testid="overview-crumb" data-area-id={a.id}>
                {a.name}
              </a>
            ) : (
              <span className="registry-muted">{a.name}</span>
            ),
          })),
        { key: area.id, title: <strong>{area.name}</strong> },
      ]
    : [];

  return (
    <>
      <PageHeader title={t('registry.overview.title')} />
      <div className="registry-filters">
        <AreaTreeSelect className="registry-filters__area" value={areaId} onChange={(id) => id && open(id)} allowClear={false} data-testid="overview-area" />
        <Typography.Text type="secondary">{t('registry.overview.drillHint')}</Typography.Text>
      </div>
      {crumbs.length > 0 && <Breadcrumb className="registry-breadcrumb" items={crumbs} data-testid="overview-breadcrumb" />}
      {areaId === null ? (
        fallback === undefined ? null : <Empty />
      ) : overview.isError ? (
        <Alert type="error" showIcon title={describeError(tc, overview.error).title} description={describeError(tc, overview.error).detail} />
      ) : (
        <OverviewTable overview={overview.data} loading={overview.isFetching} onOpen={(row) => open(row.areaId)} />
      )}
    </>
  );
}
