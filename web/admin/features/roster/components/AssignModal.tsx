import { App, Button, Checkbox, Form, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { DUTIES, ROLES, ROSTER_ROLES } from '../../../../../common/constants';
import { type Duty, type Role } from '../../../../../common/roles';
import type { TRosterGrid } from '../../../../../common/users';
import { useLabels } from '../../../../lib/i18n/useLabels';
import { useApiErrorHandler } from '../../../shared/hooks/useApiErrorHandler';
import { UserSelect } from '../../users/components/UserSelect';
import { useCreateAssignment } from '../hooks/useCreateAssignment';

interface Values {
  userId: number;
  role: Role;
  duties: Duty[];
}

/** The five-level roster roles first, then admin and observer. */
const ROLE_ORDER: Role[] = [...ROSTER_ROLES, ...ROLES.filter((r) => !ROSTER_ROLES.includes(r))];

/** Assigns a person to a grid with a role and duties (POST /api/assignments). */
export function AssignModal({ grid, onClose }: { grid: TRosterGrid | null; onClose: () => void }) {
  const { t } = useTranslation('admin');
  const labels = useLabels();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const create = useCreateAssignment();
  const handleError = useApiErrorHandler();

  const onFinish = (values: Values) => {
    if (!grid) return;
    create.mutate(
      { userId: values.userId, areaId: grid.areaId, role: values.role, duties: values.duties ?? [] },
      {
        onSuccess: () => {
          void message.success(t('roster.assigned'));
          onClose();
        },
        onError: (error) => handleError(error, form),
      },
    );
  };

  return (
    <Modal
      open={grid !== null}
      title={grid ? t('roster.assignTitle', { name: grid.name }) : ''}
      onCancel={onClose}
      destroyOnHidden
      modalRender={(node) => <div data-testid="assign-modal">{node}</div>}
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button key="submit" type="primary" loading={create.isPending} onClick={() => form.submit()} data-testid="assign-submit">
          {t('roster.assign')}
        </Button>,
      ]}
    >
      <Form form={form} layout="vertical" onFinish={onFinish} preserve={false} initialValues={{ role: 'grid_worker', duties: [...DUTIES] }}>
        <Form.Item name="userId" label={t('roster.user')} rules={[{ required: true, message: t('roster.userRequired') }]}>
          <UserSelect data-testid="assign-user" />
        </Form.Item>
        <Form.Item name="role" label={t('roster.role')} rules={[{ required: true, message: t('roster.roleRequired') }]}>
          <Select<Role> options={ROLE_ORDER.map((role) => ({ value: role, label: labels.role(role) }))} data-testid="assign-role" />
        </Form.Item>
        <Form.Item name="duties" label={t('roster.duties')}>
          <Checkbox.Group options={DUTIES.map((duty) => ({ value: duty, label: labels.duty(duty) }))} data-testid="assign-duties" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
