import { useTranslation } from 'react-i18next';
import type { AddressAnswer as TAddressAnswer } from '../../../../../common/form-definition';
import { useAreaDetail } from '../../areas/hooks/useAreaDetail';

/** An address answer: the picked building or unit by its path (社区 / 网格 / 1号楼 / 2单元) and the room. */
export function AddressAnswer({ value }: { value: TAddressAnswer }) {
  const { t } = useTranslation('formStats');
  const area = useAreaDetail(Number.isInteger(value.areaId) ? value.areaId : null);
  const chain = area.data?.ancestors ?? [];
  const names = chain.length > 0 ? chain.slice(-3).map((a) => a.name) : [area.data?.name ?? `#${value.areaId}`];
  if (area.data && chain[chain.length - 1]?.id !== area.data.id) names.push(area.data.name);
  return (
    <span data-testid="answer-address">
      {names.join(' / ')}
      {value.room ? ` ${t('detail.room', { room: value.room })}` : ''}
    </span>
  );
}
