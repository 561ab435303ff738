import { Alert, Button, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TAreaPage } from '../../../../../common/areas';
import { checkAnswers } from '../../../../../common/form-answers';
import type { AnswerValue, Answers, FormDefinition } from '../../../../../common/form-definition';
import { FormRenderer } from '../../../../form/FormRenderer';
import type { AreaChoice } from '../../../../form/api';
import { api } from '../../../../lib/api';

/**
 * The form as a resident sees it on a phone (375 px wide), drawn by the resident page's own renderer
 * from the definition being edited. It can be filled in; 试填校验 runs the same checks the server runs.
 */
export function PhonePreview({ definition, area }: { definition: FormDefinition; area: { id: number; name: string } | null }) {
  const { t } = useTranslation('forms');
  const [values, setValues] = useState<Answers>({});
  const [checked, setChecked] = useState(false);
  const today = dayjs().format('YYYY-MM-DD');
  const errors = useMemo(() => (checked ? checkAnswers(definition, stripPaths(values), { lang: 'zh', today }).errors : {}), [checked, definition, values, today]);
  const areaId = area?.id;
  const loadAreas = useCallback(
    async (parent?: number): Promise<AreaChoice[]> => {
      const page = await api.get<TAreaPage>('/api/areas', { parent: parent ?? areaId, pageSize: 500 });
      return page.items.map((a) => ({ id: a.id, name: a.name, level: a.level, hasChildren: a.hasChildren }));
    },
    [areaId],
  );

  return (
    <div data-testid="form-preview">
      <Typography.Paragraph type="secondary" style={{ textAlign: 'center', marginBottom: 8 }}>
        {t('preview.hint')}
      </Typography.Paragraph>
      <div className="form-phone">
        <div className="form-phone__screen">
          <div style={{ padding: '16px 14px' }}>
            <h1 style={{ fontSize: 20, margin: '0 0 6px' }} data-testid="form-preview-title">
              {definition.title || t('designer.titlePlaceholder')}
            </h1>
            {area && <div style={{ color: '#5c5c5c', fontSize: 14, marginBottom: 8 }}>{area.name}</div>}
            {definition.description && <p style={{ whiteSpace: 'pre-wrap', fontSize: 15, color: '#333' }}>{definition.description}</p>}
            <FormRenderer
              definition={definition}
              values={values}
              errors={errors}
              today={today}
              onChange={(name: string, value: AnswerValue) => setValues((v) => ({ ...v, [name]: value }))}
              loadAreas={areaId ? loadAreas : undefined}
              linkArea={area ?? undefined}
            />
          </div>
        </div>
      </div>
      <Space style={{ display: 'flex', justifyContent: 'center', marginTop: 8 }}>
        <Button size="small" onClick={() => setChecked(true)} data-testid="form-preview-check">
          {t('preview.check')}
        </Button>
        <Button
          size="small"
          onClick={() => {
            setValues({});
            setChecked(false);
          }}
        >
          {t('preview.reset')}
        </Button>
      </Space>
      {checked && Object.keys(errors).length === 0 && <Alert style={{ marginTop: 8 }} type="success" showIcon title={t('preview.ok')} />}
    </div>
  );
}

/** The address picker keeps the chosen areas beside the answer; the checks want the answer alone. */
function stripPaths(values: Answers): Answers {
  const out: Answers = {};
  for (const [k, v] of Object.entries(values)) {
    if (v && typeof v === 'object' && !Array.isArray(v) && 'path' in v) {
      const { path: _path, ...rest } = v as { path?: unknown; areaId: number; room?: string };
      out[k] = rest;
    } else out[k] = v;
  }
  return out;
}
