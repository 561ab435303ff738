import { ArrowDownOutlined, ArrowUpOutlined, BranchesOutlined, CopyOutlined, DeleteOutlined, ExclamationCircleFilled, HolderOutlined } from '@ant-design/icons';
import { Button, Empty, Popconfirm, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DraftField } from '../utils/designerState';

interface Props {
  fields: DraftField[];
  selected: string | null;
  /** Field keys with a problem from the server. */
  withErrors: ReadonlySet<string>;
  disabled?: boolean;
  onSelect: (key: string) => void;
  onMove: (from: number, to: number) => void;
  onDuplicate: (index: number) => void;
  onDelete: (index: number) => void;
}

/** The questions in order: pick one to edit, drag or use the arrows to reorder, copy or delete. */
export function FieldList({ fields, selected, withErrors, disabled, onSelect, onMove, onDuplicate, onDelete }: Props) {
  const { t } = useTranslation('forms');
  const [dragging, setDragging] = useState<number | null>(null);
  const [over, setOver] = useState<number | null>(null);
  if (fields.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('designer.noFields')} />;
  let number = 0;
  return (
    <ol className="form-field-list" data-testid="field-list">
      {fields.map((d, i) => {
        const f = d.field;
        const isSection = f.type === 'section';
        if (!isSection) number += 1;
        const classes = ['form-field-list__item'];
        if (d.key === selected) classes.push('form-field-list__item--selected');
        if (isSection) classes.push('form-field-list__item--section');
        if (over === i && dragging !== null && dragging !== i) classes.push('form-field-list__item--over');
        return (
          <li
            key={d.key}
            className={classes.join(' ')}
            data-testid="field-item"
            data-name={f.name}
            data-type={f.type}
            data-selected={d.key === selected}
            draggable={!disabled}
            onClick={() => onSelect(d.key)}
            onDragStart={(e) => {
              setDragging(i);
              e.dataTransfer.effectAllowed = 'move';
            }}
            onDragOver={(e) => {
              if (dragging === null) return;
              e.preventDefault();
              setOver(i);
            }}
            onDragLeave={() => setOver((o) => (o === i ? null : o))}
            onDrop={(e) => {
              e.preventDefault();
              if (dragging !== null && dragging !== i) onMove(dragging, i);
              setDragging(null);
              setOver(null);
            }}
            onDragEnd={() => {
              setDragging(null);
              setOver(null);
            }}
          >
            {!disabled && <HolderOutlined className="form-field-list__handle" title={t('designer.dragHint')} />}
            <div className="form-field-list__body">
              <div>
                {!isSection && <span className="form-field-list__number">{number}.</span>}
                {withErrors.has(d.key) && <ExclamationCircleFilled style={{ color: '#cf1322', marginRight: 4 }} data-testid="field-item-error" />}
                <Typography.Text strong={isSection} ellipsis style={{ maxWidth: '100%' }}>
                  {f.label || t('designer.untitled')}
                </Typography.Text>
              </div>
              <div className="form-field-list__meta">
                <Tag>{t(`fieldType.${f.type}`)}</Tag>
                {f.required && <Tag color="red">{t('designer.required')}</Tag>}
                {f.showIf && (
                  <Tooltip title={t('designer.conditional')}>
                    <Tag icon={<BranchesOutlined />} color="blue">
                      {t('designer.conditional')}
                    </Tag>
                  </Tooltip>
                )}
              </div>
            </div>
            {!disabled && (
              <div className="form-field-list__actions" onClick={(e) => e.stopPropagation()}>
                <Button size="small" type="text" icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => onMove(i, i - 1)} aria-label={t('designer.moveUp')} title={t('designer.moveUp')} data-testid="field-up" />
                <Button size="small" type="text" icon={<ArrowDownOutlined />} disabled={i === fields.length - 1} onClick={() => onMove(i, i + 1)} aria-label={t('designer.moveDown')} title={t('designer.moveDown')} data-testid="field-down" />
                <Button size="small" type="text" icon={<CopyOutlined />} onClick={() => onDuplicate(i)} aria-label={t('designer.duplicate')} title={t('designer.duplicate')} data-testid="field-duplicate" />
                <Popconfirm title={t('designer.deleteConfirm')} onConfirm={() => onDelete(i)}>
                  <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('designer.delete')} title={t('designer.delete')} data-testid="field-delete" />
                </Popconfirm>
              </div>
            )}
          </li>
        );
      })}
    </ol>
  );
}
