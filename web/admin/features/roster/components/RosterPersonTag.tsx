import { App, Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TRosterGrid } from '../../../../../common/users';
import { useLabels } from '../../../../lib/i18n/useLabels';
import { useApiErrorHandler } from '../../../shared/hooks/useApiErrorHandler';
import { useEndAssignment } from '../hooks/useEndAssignment';

type Person = TRosterGrid['people'][number];

const ROLE_COLORS: Record<string, string> = {
  chief_advisor: 'magenta',
  chief_grid_leader: 'volcano',
  grid_advisor: 'orange',
  grid_leader: 'geekblue',
  grid_worker: 'blue',
  admin: 'purple',
  observer: 'default',
};

/** A person on a grid: role and name, duties on hover; closing the tag ends the assignment (after confirming). */
export function RosterPersonTag({ person, canEnd }: { person: Person; canEnd: boolean }) {
  const { t } = useTranslation('admin');
  const labels = useLabels();
  const { modal, message } = App.useApp();
  const end = useEndAssignment();
  const handleError = useApiErrorHandler();
  const role = labels.role(person.role);
  const duties = person.duties.map(labels.duty).join('、');

  const confirmEnd = () =>
    modal.confirm({
      title: t('roster.endConfirmTitle'),
      content: t('roster.endConfirm', { name: person.displayName, role }),
      okText: t('common.ok'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () =>
        end.mutateAsync(person.assignmentId).then(
          () => void message.success(t('roster.ended')),
          (error: unknown) => handleError(error),
        ),
    });

  return (
    <Tooltip title={duties || undefined}>
      <Tag
        color={ROLE_COLORS[person.role] ?? 'default'}
        closable={canEnd}
        onClose={(e) => {
          e.preventDefault();
          confirmEnd();
        }}
        data-testid="roster-person"
        data-assignment-id={person.assignmentId}
      >
        <span>{role}</span> · <strong>{person.displayName}</strong>
        {duties && <span className="roster-person__duties"> （{duties}）</span>}
      </Tag>
    </Tooltip>
  );
}
