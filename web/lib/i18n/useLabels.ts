import { useTranslation } from 'react-i18next';
import type { AreaLevel } from '../../../common/areas';
import type { Duty, Role } from '../../../common/roles';

/** Translated names of area levels, roles and duties (the `common` namespace). */
export function useLabels() {
  const { t } = useTranslation('common');
  return {
    level: (level: string) => t(`levels.${level as AreaLevel}`, { defaultValue: level }),
    role: (role: string) => t(`roles.${role as Role}`, { defaultValue: role }),
    duty: (duty: string) => t(`duties.${duty as Duty}`, { defaultValue: duty }),
  };
}
