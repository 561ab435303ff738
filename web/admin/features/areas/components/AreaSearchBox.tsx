import { Button, Input, List, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TArea } from '../../../../../common/areas';
import { useDebouncedValue } from '../../../../lib/useDebouncedValue';
import { useAreaSearch } from '../hooks/useAreaSearch';
import { LevelTag } from './LevelTag';

/** Search by name or code (GET /api/areas?q=); picking a result selects and reveals it in the tree. */
export function AreaSearchBox({ onPick }: { onPick: (area: TArea) => void }) {
  const { t } = useTranslation('admin');
  const [input, setInput] = useState('');
  const [submitted, setSubmitted] = useState('');
  const typed = useDebouncedValue(input, 350);
  // Enter searches at once; typing searches after a pause.
  const term = submitted && submitted === input ? submitted : typed;
  const search = useAreaSearch(term, 50);
  const results = term.trim() ? search.data : undefined;

  return (
    <div>
      <div data-testid="area-search">
        <Input.Search
          value={input}
          onChange={(e) => setInput(e.target.value)}
          onSearch={(value) => setSubmitted(value)}
          placeholder={t('areas.search')}
          allowClear
          loading={search.isFetching}
          enterButton
          aria-label={t('areas.search')}
          style={{ marginBottom: 12 }}
        />
      </div>
      {results && (
        <div className="area-search-results" data-testid="area-search-results">
          <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', padding: '6px 12px' }}>
            <Typography.Text type="secondary">{t('areas.searchResults', { count: results.total })}</Typography.Text>
            <Button size="small" type="link" onClick={() => setInput('')}>
              {t('areas.clearSearch')}
            </Button>
          </div>
          <List
            size="small"
            dataSource={results.items}
            locale={{ emptyText: t('areas.noResults') }}
            renderItem={(area) => (
              <List.Item
                className="area-search-result"
                onClick={() => onPick(area)}
                data-testid="area-search-result"
                data-area-id={area.id}
                role="button"
                tabIndex={0}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' || e.key === ' ') onPick(area);
                }}
              >
                <div style={{ minWidth: 0 }}>
                  <div>
                    <Typography.Text delete={area.archived}>{area.name}</Typography.Text> <LevelTag level={area.level} className="area-node__level" />
                  </div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {area.code}
                  </Typography.Text>
                </div>
              </List.Item>
            )}
          />
        </div>
      )}
    </div>
  );
}
