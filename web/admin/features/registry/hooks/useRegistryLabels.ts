import { useTranslation } from 'react-i18next';
import type { Relation, ResidenceType, ResidentStatus } from '../../../../../common/registry';

/** Translated names of the registry's enumerations; an unknown value (a newer server) shows as is. */
export function useRegistryLabels() {
  const { t } = useTranslation('admin');
  return {
    gender: (gender: string) => t(`registry.gender.${gender as 'male'}`, { defaultValue: gender }),
    residenceType: (type: string) => t(`registry.residenceType.${type as ResidenceType}`, { defaultValue: type }),
    status: (status: string) => t(`registry.status.${status as ResidentStatus}`, { defaultValue: status }),
    relation: (relation: string) => t(`registry.relation.${relation as Relation}`, { defaultValue: relation }),
    historyKind: (kind: string) => t(`registry.historyKind.${kind as 'move'}`, { defaultValue: kind }),
  };
}
