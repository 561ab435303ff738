import { ArrowLeftOutlined, BarChartOutlined, CloudUploadOutlined, SaveOutlined, StopOutlined, TableOutlined, UserDeleteOutlined } from '@ant-design/icons';
import { Alert, App, Badge, Button, Card, Col, ConfigProvider, Descriptions, Empty, Popconfirm, Row, Space, Typography, type ButtonProps } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import type { AreaLevel } from '../../../../../common/areas';
import type { FieldType, FormField } from '../../../../../common/form-definition';
import type { TFormDetail } from '../../../../../common/forms';
import { formatDateTime } from '../../../../lib/formatDateTime';
import { describeError } from '../../../../lib/i18n/describeError';
import { PageHeader } from '../../../shared/components/PageHeader';
import { PageLoading } from '../../../shared/components/PageLoading';
import { useApiErrorHandler } from '../../../shared/hooks/useApiErrorHandler';
import { useAreaDetail } from '../../areas/hooks/useAreaDetail';
import { useMe } from '../../auth/hooks/useMe';
import { hasPermission } from '../../auth/utils/hasPermission';
import { AddFieldButton } from '../components/AddFieldButton';
import { AlertRulesEditor } from '../components/AlertRulesEditor';
import { FieldEditor } from '../components/FieldEditor';
import { FieldList } from '../components/FieldList';
import { FormSettingsCard } from '../components/FormSettingsCard';
import { FormStatusTag } from '../components/FormStatusTag';
import { FormVersionList } from '../components/FormVersionList';
import { PhonePreview } from '../components/PhonePreview';
import { QrPosterPanel } from '../components/QrPosterPanel';
import { UnsupportedList, type UnsupportedItem } from '../components/UnsupportedList';
import '../forms.css';
import { useDesignerState } from '../hooks/useDesignerState';
import { useFormAction } from '../hooks/useFormAction';
import { useFormDetail } from '../hooks/useFormDetail';
import { useSaveForm } from '../hooks/useSaveForm';
import { definitionOf, emptyState, fingerprint, stateFromDetail, toSaveBody, type DesignerState } from '../utils/designerState';
import { designerErrors } from '../utils/serverErrors';
import { suggestFieldName } from '../utils/suggestFieldName';

/** Server problems split into those of a question (by its key, then `options`, `showIf`…) and the rest (`title`, `alertRules.0.field`…). */
interface Problems {
  byKey: Record<string, Record<string, string>>;
  other: Record<string, string>;
}
const NO_PROBLEMS: Problems = { byKey: {}, other: {} };

function splitProblems(errors: Record<string, string>, state: DesignerState): Problems {
  const out: Problems = { byKey: {}, other: {} };
  for (const [path, message] of Object.entries(errors)) {
    const m = path.match(/^fields\.(\d+)(?:\.(.*))?$/);
    const key = m ? state.fields[Number(m[1])]?.key : undefined;
    if (m && key) (out.byKey[key] ??= {})[m[2] ?? ''] = message;
    else out.other[path] = message;
  }
  return out;
}

/**
 * `/forms/new` and `/forms/{id}`: the form designer. Settings, the questions (add by type, reorder, copy,
 * delete) with an editor for the chosen one, alert rules, a live phone-sized preview, save and publish
 * (the server's problems shown beside the question they concern), versions, close, and after the first
 * publish the QR codes and posters per area node. Read-only for users without form.write.
 */
export function FormDesignerPage() {
  const { t, i18n } = useTranslation('forms');
  const { t: tc } = useTranslation('common');
  const { message } = App.useApp();
  const navigate = useNavigate();
  const location = useLocation();
  const onError = useApiErrorHandler();
  const { id: idParam } = useParams();
  const id = idParam && idParam !== 'new' ? Number(idParam) : null;
  const { data: me } = useMe();
  const canWrite = hasPermission(me, 'form.write');
  const detail = useFormDetail(id);
  const form = detail.data;
  const save = useSaveForm(id);
  const action = useFormAction();
  const homeArea = me?.assignments[0]?.area.id ?? null;
  const designer = useDesignerState(() => (form ? stateFromDetail(form) : emptyState(homeArea)));
  const { state, setState } = designer;
  const [selected, setSelected] = useState<string | null>(null);
  const [problems, setProblems] = useState<Problems>(NO_PROBLEMS);
  const [savedPrint, setSavedPrint] = useState<string | null>(() => (form ? fingerprint(stateFromDetail(form)) : null));
  const [unsupported, setUnsupported] = useState<UnsupportedItem[] | null>(() => (location.state as { unsupported?: UnsupportedItem[] } | null)?.unsupported ?? null);
  const loadedFor = useRef<number | null>(form ? form.id : null);

  // A saved form's draft becomes the working copy once (not again on refetch, which would drop edits).
  useEffect(() => {
    if (!form || loadedFor.current === form.id) return;
    loadedFor.current = form.id;
    const next = stateFromDetail(form);
    setState(next);
    setSavedPrint(fingerprint(next));
    setSelected(next.fields[0]?.key ?? null);
  }, [form, setState]);

  // The new-form default area arrives with the me-query.
  useEffect(() => {
    if (id === null && state.areaId === null && homeArea !== null) designer.patch({ areaId: homeArea });
  }, [id, homeArea, state.areaId, designer]);

  const current = fingerprint(state);
  const dirty = id === null || current !== savedPrint;
  useEffect(() => {
    if (!dirty || !canWrite || id === null) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty, canWrite, id]);

  const selectedIndex = state.fields.findIndex((f) => f.key === selected);
  const selectedDraft = selectedIndex >= 0 ? state.fields[selectedIndex] : undefined;
  useEffect(() => {
    if (selectedIndex < 0 && state.fields.length > 0) setSelected(state.fields[0].key);
  }, [selectedIndex, state.fields]);

  // A question added here takes its name from its text (pinyin) until someone types a name.
  const selectedLabel = selectedDraft?.field.label;
  const selectedAuto = selectedDraft?.autoName;
  useEffect(() => {
    if (!selectedDraft || !selectedAuto || !selectedLabel?.trim() || selectedDraft.field.type === 'section') return;
    const key = selectedDraft.key;
    const timer = window.setTimeout(() => {
      const taken = new Set(state.fields.filter((f) => f.key !== key).map((f) => f.field.name));
      void suggestFieldName(selectedLabel, taken).then((name) => {
        if (name) designer.updateField(key, (d) => (d.autoName && d.field.label === selectedLabel ? { ...d, field: { ...d.field, name } } : d));
      });
    }, 350);
    return () => window.clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selected, selectedLabel, selectedAuto]);

  const definition = useMemo(() => definitionOf(state), [state]);
  const previewArea = useAreaDetail(id === null ? state.areaId : null);
  const areaForPreview = form ? { id: form.areaId, name: form.areaName } : previewArea.data ? { id: previewArea.data.id, name: previewArea.data.name } : null;
  const rootArea = useAreaDetail(form ? form.areaId : null);
  const withErrors = useMemo(() => new Set(Object.keys(problems.byKey)), [problems]);

  const showProblems = (error: unknown, sent: DesignerState, failedKey: 'designer.saveFailed' | 'designer.publishFailed') => {
    const errors = designerErrors(error);
    if (Object.keys(errors).length === 0) {
      onError(error);
      return;
    }
    const split = splitProblems(errors, sent);
    setProblems(split);
    const firstKey = sent.fields.find((f) => split.byKey[f.key])?.key;
    if (firstKey) setSelected(firstKey);
    void message.error(t(failedKey));
  };

  /** Saves the working copy; resolves to the saved form, or null when the server refused it. */
  const saveNow = async (): Promise<TFormDetail | null> => {
    const sent = state;
    const print = fingerprint(sent);
    try {
      const saved = await save.mutateAsync(toSaveBody(sent, id === null));
      setSavedPrint(print);
      setProblems(NO_PROBLEMS);
      if (id === null) {
        loadedFor.current = saved.id;
        navigate(`/forms/${saved.id}`, { replace: true });
      }
      return saved;
    } catch (error) {
      showProblems(error, sent, 'designer.saveFailed');
      return null;
    }
  };

  const onSave = async () => {
    if (await saveNow()) void message.success(t('designer.saved'));
  };

  const onPublish = async () => {
    const sent = state;
    const saved = dirty ? await saveNow() : form;
    if (!saved) return;
    try {
      const published = await action.mutateAsync({ id: saved.id, action: 'publish' });
      setProblems(NO_PROBLEMS);
      void message.success(t('designer.published', { version: published.version ?? '' }));
    } catch (error) {
      showProblems(error, sent, 'designer.publishFailed');
    }
  };

  const onClose = async () => {
    if (!form) return;
    try {
      await action.mutateAsync({ id: form.id, action: 'close' });
      void message.success(t('designer.closed'));
    } catch (error) {
      onError(error);
    }
  };

  if (id !== null && detail.isPending) return <PageLoading />;
  if (id !== null && detail.isError) return <Alert type="error" showIcon title={describeError(tc, detail.error).title} description={describeError(tc, detail.error).detail} />;

  const addField = (type: FieldType) => {
    const options = type === 'single_choice' || type === 'multiple_choice' ? [1, 2].map((n) => ({ value: String(n), label: t('field.optionDefault', { n }) })) : undefined;
    const key = designer.addField(type, t(`fieldDefault.${type}`), selected, options ? { options } : {});
    setSelected(key);
  };
  const earlier: FormField[] = selectedIndex > 0 ? state.fields.slice(0, selectedIndex).map((f) => f.field) : [];
  const problemCount = Object.values(problems.byKey).reduce((n, p) => n + Object.keys(p).length, 0) + Object.keys(problems.other).length;
  const published = form && form.version !== null;
  // Residents already see exactly this: publishing again would only add an identical version.
  const nothingToPublish = !!form && form.status === 'published' && !form.hasDraftChanges && !dirty;
  const settingsErrors = problems.other;
  const alertErrors = Object.fromEntries(Object.entries(problems.other).filter(([p]) => p.startsWith('alertRules')));

  return (
    <>
      <PageHeader
        title={form ? form.draft.title || t('designer.newTitle') : t('designer.newTitle')}
        extra={
          <>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/forms')}>
              {t('designer.back')}
            </Button>
            {published && (
              <>
                <Link to={`/forms/${form.id}/stats`} data-testid="designer-stats-link">
                  <Button icon={<BarChartOutlined />}>{t('action.stats')}</Button>
                </Link>
                <Link to={`/forms/${form.id}/submissions`} data-testid="designer-submissions-link">
                  <Button icon={<TableOutlined />}>{t('action.submissions')}</Button>
                </Link>
                {form.mode === 'daily' && (
                  <Link to={`/forms/${form.id}/not-reported`} data-testid="designer-not-reported-link">
                    <Button icon={<UserDeleteOutlined />}>{t('action.notReported')}</Button>
                  </Link>
                )}
              </>
            )}
            {canWrite && (
              <>
                <Button icon={<SaveOutlined />} loading={save.isPending} disabled={!dirty} onClick={() => void onSave()} data-testid="form-save">
                  {t('designer.save')}
                </Button>
                <Popconfirm title={t('designer.publishConfirm')} onConfirm={() => void onPublish()} okButtonProps={{ 'data-testid': 'form-publish-ok' } as ButtonProps}>
                  <Button type="primary" icon={<CloudUploadOutlined />} loading={action.isPending && action.variables?.action === 'publish'} disabled={nothingToPublish} data-testid="form-publish">
                    {!form || form.version === null ? t('designer.publishFirst') : form.status === 'closed' ? t('designer.republish') : t('designer.publish')}
                  </Button>
                </Popconfirm>
                {form?.status === 'published' && (
                  <Popconfirm title={t('designer.closeConfirm')} onConfirm={() => void onClose()} okButtonProps={{ danger: true, 'data-testid': 'form-close-ok' } as ButtonProps}>
                    <Button danger icon={<StopOutlined />} loading={action.isPending && action.variables?.action === 'close'} data-testid="form-close">
                      {t('designer.close')}
                    </Button>
                  </Popconfirm>
                )}
              </>
            )}
          </>
        }
      />
      {form && (
        <Card size="small" style={{ marginBottom: 16 }} data-testid="form-summary" data-id={form.id} data-status={form.status} data-version={form.version ?? ''}>
          <Descriptions
            size="small"
            column={{ xs: 1, md: 3, xl: 6 }}
            items={[
              { key: 'status', label: t('column.status'), children: <FormStatusTag status={form.status} hasDraftChanges={form.hasDraftChanges} /> },
              { key: 'version', label: t('designer.summaryVersion'), children: form.version === null ? t('notPublished') : `v${form.version}` },
              { key: 'area', label: t('designer.summaryArea'), children: form.areaName },
              { key: 'mode', label: t('designer.summaryMode'), children: t(`mode.${form.mode}`) },
              { key: 'submissions', label: t('designer.summarySubmissions'), children: form.submissions },
              { key: 'updated', label: t('designer.summaryUpdated'), children: formatDateTime(form.updatedAt, i18n.language) },
            ]}
          />
          {canWrite && (
            <Typography.Text type={dirty ? 'warning' : 'secondary'} data-testid="form-dirty" data-dirty={dirty}>
              {dirty ? t('designer.unsaved') : t('designer.allSaved')}
            </Typography.Text>
          )}
        </Card>
      )}
      <Space orientation="vertical" style={{ width: '100%', marginBottom: 16 }}>
        {!canWrite && <Alert type="info" showIcon title={t('designer.readOnly')} data-testid="form-read-only" />}
        {unsupported && <UnsupportedList items={unsupported} title={t('imported.title')} onClose={() => setUnsupported(null)} />}
        {form?.hasDraftChanges && form.version !== null && <Alert type="warning" showIcon title={t('designer.draftAhead', { version: form.version })} />}
        {problemCount > 0 && <Alert type="error" showIcon title={t('designer.problems', { count: problemCount })} data-testid="form-problems" />}
        {problems.other.fields && <Alert type="error" title={problems.other.fields} />}
      </Space>
      <ConfigProvider componentDisabled={!canWrite}>
        <Card size="small" title={t('designer.settings')} style={{ marginBottom: 16 }}>
          <FormSettingsCard value={state} areaName={form?.areaName} errors={settingsErrors} onChange={designer.patch} />
        </Card>
      </ConfigProvider>
      <Row gutter={16}>
        <Col xs={24} lg={16} xl={16}>
          <ConfigProvider componentDisabled={!canWrite}>
            <Card size="small" title={t('designer.fields')} style={{ marginBottom: 16 }}>
              <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
                {t('designer.versionNote')}
              </Typography.Paragraph>
              <Row gutter={12}>
                <Col xs={24} md={10}>
                  <FieldList
                    fields={state.fields}
                    selected={selected}
                    withErrors={withErrors}
                    disabled={!canWrite}
                    onSelect={setSelected}
                    onMove={designer.move}
                    onDuplicate={(i) => setSelected(designer.duplicate(i, t('designer.copySuffix')))}
                    onDelete={designer.remove}
                  />
                  {canWrite && <AddFieldButton onAdd={addField} />}
                </Col>
                <Col xs={24} md={14}>
                  {selectedDraft ? (
                    <FieldEditor
                      key={selectedDraft.key}
                      draft={selectedDraft}
                      index={selectedIndex}
                      earlier={earlier}
                      errors={problems.byKey[selectedDraft.key] ?? {}}
                      disabled={!canWrite}
                      onChange={(p) => designer.updateField(selectedDraft.key, (d) => ({ ...d, field: { ...d.field, ...p } }))}
                      onReplace={(field) => designer.updateField(selectedDraft.key, (d) => ({ ...d, field }))}
                      onNameTyped={(name) => designer.updateField(selectedDraft.key, (d) => ({ ...d, autoName: false, field: { ...d.field, name } }))}
                      onSuggestName={() => {
                        const key = selectedDraft.key;
                        const taken = new Set(state.fields.filter((f) => f.key !== key).map((f) => f.field.name));
                        void suggestFieldName(selectedDraft.field.label, taken).then((name) => name && designer.updateField(key, (d) => ({ ...d, field: { ...d.field, name } })));
                      }}
                    />
                  ) : (
                    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('designer.selectField')} />
                  )}
                </Col>
              </Row>
            </Card>
            <Card
              size="small"
              title={
                <Space>
                  {t('alerts.title')}
                  <Badge count={state.alertRules.length} color="#1677ff" />
                </Space>
              }
              style={{ marginBottom: 16 }}
            >
              <AlertRulesEditor rules={state.alertRules} fields={state.fields.map((f) => f.field)} errors={alertErrors} onChange={designer.setAlertRules} disabled={!canWrite} />
            </Card>
          </ConfigProvider>
          {form && (
            <Card size="small" title={t('designer.versions')} style={{ marginBottom: 16 }}>
              <FormVersionList versions={form.versions} />
            </Card>
          )}
        </Col>
        <Col xs={24} lg={8} xl={8}>
          <Card size="small" title={t('preview.title')} style={{ marginBottom: 16 }}>
            <PhonePreview definition={definition} area={areaForPreview} />
          </Card>
          {form &&
            (published && rootArea.data ? (
              <QrPosterPanel formId={form.id} root={{ id: rootArea.data.id, name: rootArea.data.name, level: rootArea.data.level as AreaLevel }} />
            ) : (
              !published && <Alert type="info" showIcon title={t('qr.onlyPublished')} />
            ))}
        </Col>
      </Row>
    </>
  );
}
