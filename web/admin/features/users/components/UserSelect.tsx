import { Select } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TUser } from '../../../../../common/users';
import { useDebouncedValue } from '../../../../lib/useDebouncedValue';
import { useUsers } from '../hooks/useUsers';

export interface UserSelectProps {
  value?: number | null;
  onChange?: (id: number | undefined, user?: TUser) => void;
  placeholder?: string;
  allowClear?: boolean;
  className?: string;
  style?: React.CSSProperties;
  id?: string;
  'data-testid'?: string;
}

function userLabel(user: TUser): string {
  return user.displayName && user.displayName !== user.username ? `${user.displayName}（${user.username}）` : user.username;
}

/** Picks a user by typing part of the name or username (GET /api/users?q=). */
export function UserSelect({ value, onChange, placeholder, allowClear = true, className, style, id, ...rest }: UserSelectProps) {
  const { t } = useTranslation('admin');
  const [search, setSearch] = useState('');
  const term = useDebouncedValue(search, 250);
  const users = useUsers({ q: term, pageSize: 20 });
  const [picked, setPicked] = useState<TUser | null>(null);

  const options = useMemo(() => {
    const opts = (users.data?.items ?? []).map((u) => ({ value: u.id, label: userLabel(u), user: u, disabled: u.disabled }));
    if (value != null && !opts.some((o) => o.value === value)) {
      opts.unshift({ value, label: picked?.id === value ? userLabel(picked) : `#${value}`, user: picked as TUser, disabled: false });
    }
    return opts;
  }, [users.data, value, picked]);

  return (
    <Select<number>
      id={id}
      className={className}
      style={style}
      value={value ?? undefined}
      placeholder={placeholder ?? t('common.userPlaceholder')}
      allowClear={allowClear}
      loading={users.isFetching}
      showSearch={{ filterOption: false, onSearch: setSearch, searchValue: search }}
      notFoundContent={users.isFetching ? t('common.loading') : t('common.noData')}
      options={options}
      onChange={(next, option) => {
        const user = Array.isArray(option) ? undefined : (option as { user?: TUser } | undefined)?.user;
        if (user) setPicked(user);
        setSearch('');
        onChange?.(next ?? undefined, user);
      }}
      data-testid={rest['data-testid']}
      popupMatchSelectWidth={false}
    />
  );
}
