import { App, Button, Form, Input, Modal, Radio, Rate, Space, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { NOTE_REQUIRED, type CaseAction } from '../../../../../common/case-workflow';
import type { TAttachment, TCaseDetail, TCaseTransition } from '../../../../../common/cases';
import type { ZRosterPage } from '../../../../../common/users';
import { api } from '../../../../lib/api';
import { useLabels } from '../../../../lib/i18n/useLabels';
import { useApiErrorHandler } from '../../../shared/hooks/useApiErrorHandler';
import { AreaTreeSelect } from '../../areas/components/AreaTreeSelect';
import { UserSelect } from '../../users/components/UserSelect';
import { useCaseTransition } from '../hooks/useCaseTransition';
import { isCaseConflict, isIllegalTransition } from '../utils/caseErrors';
import { AttachmentUpload } from './AttachmentUpload';

/** The order buttons appear in; the first allowed forward step is the primary button. */
const ORDER: CaseAction[] = ['accept', 'claim', 'assign', 'start', 'resolve', 'verify', 'return', 'reject', 'confirm_receipt', 'rate', 'comment'];
const FORWARD: ReadonlySet<CaseAction> = new Set(['accept', 'claim', 'start', 'resolve', 'verify', 'confirm_receipt']);
const DANGER: ReadonlySet<CaseAction> = new Set(['reject', 'return']);
/** Actions that may carry photos. */
const WITH_PHOTOS: ReadonlySet<CaseAction> = new Set(['resolve', 'return', 'comment', 'start']);

interface Values {
  note?: string;
  target?: 'person' | 'grid';
  assignee?: number;
  assigneeAreaId?: number;
  rating?: number;
}

/**
 * The buttons of what the caller may do now (`allowedActions`), each opening a small form: a reason
 * for reject and return, the result and photos for resolve, a person or a grid for assign. Sends the
 * version the page loaded; when someone else got there first the page says so and reloads.
 */
export function CaseActions({ detail, onReload }: { detail: TCaseDetail; onReload: () => void }) {
  const { t } = useTranslation('cases');
  const { message } = App.useApp();
  const handleError = useApiErrorHandler();
  const transition = useCaseTransition(detail.id);
  const [action, setAction] = useState<CaseAction | null>(null);
  const [attachments, setAttachments] = useState<TAttachment[]>([]);
  const [uploading, setUploading] = useState(false);
  const [form] = Form.useForm<Values>();
  const allowed = ORDER.filter((a) => detail.allowedActions.includes(a));
  const primary = allowed.find((a) => FORWARD.has(a));

  if (allowed.length === 0) return <Typography.Text type="secondary">{t('detail.noActions')}</Typography.Text>;

  const open = (a: CaseAction) => {
    setAttachments([]);
    setUploading(false);
    setAction(a);
  };

  const submit = async () => {
    if (!action) return;
    const values = await form.validateFields();
    const body: TCaseTransition = { action, version: detail.version };
    if (values.note?.trim()) body.note = values.note.trim();
    if (action === 'assign') {
      if (values.target === 'grid') body.assigneeAreaId = values.assigneeAreaId;
      else body.assignee = values.assignee;
    }
    if (action === 'rate') body.rating = values.rating;
    if (attachments.length) body.attachmentIds = attachments.map((a) => a.id);
    const label = t(`action.${action}`);
    transition.mutate(body, {
      onSuccess: () => {
        message.success(t('act.done', { action: label }));
        setAction(null);
      },
      onError: (error) => {
        if (isCaseConflict(error)) {
          message.warning(t('act.conflict'));
          setAction(null);
          onReload();
        } else if (isIllegalTransition(error)) {
          message.error(error.message);
          setAction(null);
          onReload();
        } else handleError(error, form);
      },
    });
  };

  const noteLabel = action === 'reject' ? t('act.reasonReject') : action === 'return' ? t('act.reasonReturn') : action === 'resolve' ? t('act.result') : action === 'verify' ? t('act.verifyNote') : action === 'comment' ? t('act.commentNote') : t('act.note');
  const noteRequired = action !== null && (NOTE_REQUIRED.has(action) || action === 'comment');

  return (
    <>
      <Space wrap data-testid="case-actions">
        {allowed.map((a) => (
          <Button key={a} type={a === primary ? 'primary' : 'default'} danger={DANGER.has(a)} onClick={() => open(a)} data-testid={`case-action-${a}`}>
            {t(`action.${a}`)}
          </Button>
        ))}
      </Space>
      <Modal
        open={action !== null}
        title={action ? t(`action.${action}`) : ''}
        okText={t('act.submit')}
        onOk={() => void submit().catch(() => undefined)}
        okButtonProps={{ loading: transition.isPending, disabled: uploading, 'data-testid': 'case-action-submit' }}
        onCancel={() => setAction(null)}
        destroyOnHidden
        data-testid="case-action-modal"
      >
        <Form form={form} layout="vertical" preserve={false} initialValues={{ target: detail.assigneeAreaId && !detail.assigneeId ? 'grid' : 'person' }}>
          {action === 'assign' && <AssignFields areaId={detail.areaId} />}
          {action === 'rate' && (
            <Form.Item name="rating" label={t('action.rate')} rules={[{ required: true, message: t('form.required') }]}>
              <Rate />
            </Form.Item>
          )}
          <Form.Item name="note" label={noteLabel} rules={noteRequired ? [{ required: true, whitespace: true, message: t('act.noteRequired') }] : []}>
            <Input.TextArea rows={3} maxLength={2000} showCount data-testid="case-action-note" />
          </Form.Item>
          {action && WITH_PHOTOS.has(action) && (
            <Form.Item label={t('act.photos')}>
              <AttachmentUpload
                imagesOnly
                onChange={(list, busy) => {
                  setAttachments(list);
                  setUploading(busy);
                }}
                data-testid="case-action-upload"
              />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </>
  );
}

type RosterPage = z.infer<typeof ZRosterPage>;

/** Assign: to a person (search any user, or one click on the roster of the case's area) or to a grid. */
function AssignFields({ areaId }: { areaId: number }) {
  const { t } = useTranslation('cases');
  const labels = useLabels();
  const form = Form.useFormInstance<Values>();
  const target = Form.useWatch('target', form);
  const chosen = Form.useWatch('assignee', form);
  const roster = useQuery({
    queryKey: ['roster', areaId, false, 1, 50],
    queryFn: ({ signal }) => api.get<RosterPage>('/api/roster', { area: areaId, page: 1, pageSize: 50 }, signal),
    retry: false,
  });
  const people = (roster.data?.items ?? []).flatMap((grid) => grid.people.map((p) => ({ ...p, gridName: grid.name })));
  return (
    <>
      <Form.Item name="target" label={t('act.assignTo')}>
        <Radio.Group
          optionType="button"
          options={[
            { value: 'person', label: t('act.toPerson') },
            { value: 'grid', label: t('act.toGrid') },
          ]}
          data-testid="assign-target"
        />
      </Form.Item>
      {target === 'grid' ? (
        <Form.Item name="assigneeAreaId" label={t('act.grid')} rules={[{ required: true, message: t('act.pickAssignee') }]}>
          <AreaTreeSelect levels={['grid']} data-testid="assign-grid" />
        </Form.Item>
      ) : (
        <>
          <Form.Item name="assignee" label={t('act.person')} rules={[{ required: true, message: t('act.pickAssignee') }]}>
            <UserSelect placeholder={t('act.personPlaceholder')} data-testid="assign-user" />
          </Form.Item>
          {people.length > 0 && (
            <Form.Item label={t('act.roster')}>
              <Space wrap size={[4, 8]} data-testid="assign-roster">
                {people.map((p) => (
                  <Tag.CheckableTag key={p.assignmentId} checked={chosen === p.userId} onChange={() => form.setFieldsValue({ assignee: p.userId })} data-testid="assign-roster-person" data-user-id={p.userId}>
                    {p.displayName} · {labels.role(p.role)} · {p.gridName}
                  </Tag.CheckableTag>
                ))}
              </Space>
            </Form.Item>
          )}
        </>
      )}
    </>
  );
}
