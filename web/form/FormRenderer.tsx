/**
 * Renders a form definition as the resident sees it: identity questions first, then the form's own
 * questions with show-if applied, help under each label and the error beside each field.
 * Pure UI: no network of its own (the address picker asks `loadAreas`), so the admin designer can
 * show a live phone-sized preview with it. Styles: `./form-renderer.css`, all under `.wf`.
 */
import { type FocusEvent, type ReactNode, useEffect, useRef, useState } from 'react';
import { conditionHolds, reporterFields, visibleFields } from '../../common/form-answers';
import type { AddressAnswer, AnswerValue, Answers, FormDefinition, FormField, ItineraryStop } from '../../common/form-definition';
import type { AreaChoice } from './api';
import { shrinkPhoto } from './photo';
import './form-renderer.css';

/** The address answer while it is being picked: the chosen areas, top first, travel with it (and are dropped on submit). */
export interface AddressValue extends AddressAnswer {
  path?: AreaChoice[];
}

export interface FormRendererProps {
  definition: FormDefinition;
  values: Answers;
  /** field name → message shown under the field. */
  errors?: Record<string, string>;
  onChange: (name: string, value: AnswerValue) => void;
  /** Focus left the field (and everything inside it): validate it now. */
  onBlur?: (name: string) => void;
  /** YYYY-MM-DD, resolves `minDate`/`maxDate: 'today'`. */
  today: string;
  /** Address picker: children of `parent` below the link's area (without `parent`: the link area's children). Absent in previews. */
  loadAreas?: (parent?: number) => Promise<AreaChoice[]>;
  /** The link's area: the address when it has no areas below it. */
  linkArea?: { id: number; name: string };
  /** Ask the identity questions (name, phone, ID number) first. Default true. */
  withReporter?: boolean;
  /** Shown right after the identity questions (the resident page puts the verification code there). */
  afterReporter?: ReactNode;
  disabled?: boolean;
}

export const fieldDomId = (name: string) => `wf-field-${name}`;

/**
 * The answers that still apply: an answer to a question hidden by a later change of an earlier
 * answer is dropped (conditions refer only to earlier questions), so it neither shows nor travels.
 */
export function applicableAnswers(definition: FormDefinition, answers: Answers): Answers {
  const kept: Answers = {};
  for (const f of reporterFields(definition)) if (answers[f.name] !== undefined) kept[f.name] = answers[f.name];
  for (const f of definition.fields) {
    if (f.type === 'section' || answers[f.name] === undefined || !conditionHolds(f.showIf, kept)) continue;
    kept[f.name] = answers[f.name];
  }
  return kept;
}

export function FormRenderer(props: FormRendererProps) {
  const { definition, values, withReporter = true } = props;
  const reporter = withReporter ? reporterFields(definition) : [];
  const fields = visibleFields(definition, applicableAnswers(definition, values));
  return (
    <div className="wf">
      {reporter.length > 0 && (
        <div className="wf-group">
          {reporter.map((f) => (
            <FieldBlock key={f.name} field={f} {...props} />
          ))}
          {props.afterReporter}
        </div>
      )}
      {fields.map((f) =>
        f.type === 'section' ? (
          <div key={f.name} className="wf-section" id={fieldDomId(f.name)}>
            <h2 className="wf-section__title">{f.label}</h2>
            {f.help && <p className="wf-help">{f.help}</p>}
          </div>
        ) : (
          <FieldBlock key={f.name} field={f} {...props} />
        ),
      )}
    </div>
  );
}

type BlockProps = FormRendererProps & { field: FormField };

const GROUP_TYPES = new Set(['single_choice', 'multiple_choice', 'yes_no', 'address', 'itinerary', 'photo']);

function FieldBlock(props: BlockProps) {
  const { field, errors, onBlur } = props;
  const error = errors?.[field.name];
  const id = fieldDomId(field.name);
  const inputId = `${id}-input`;
  const isGroup = GROUP_TYPES.has(field.type);
  const describedBy = [field.help ? `${id}-help` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const onBlurBlock = (e: FocusEvent<HTMLDivElement>) => {
    if (onBlur && !e.currentTarget.contains(e.relatedTarget as Node | null)) onBlur(field.name);
  };
  const label = (
    <>
      {field.label}
      {field.required && (
        <span className="wf-required" aria-label="必填">
          *
        </span>
      )}
    </>
  );
  return (
    <div className={`wf-field${error ? ' has-error' : ''}`} id={id} data-testid={`field-${field.name}`} onBlur={onBlurBlock} role={isGroup ? 'group' : undefined} aria-labelledby={isGroup ? `${id}-label` : undefined}>
      {isGroup ? (
        <div className="wf-label" id={`${id}-label`}>
          {label}
        </div>
      ) : (
        <label className="wf-label" id={`${id}-label`} htmlFor={inputId}>
          {label}
        </label>
      )}
      {field.help && (
        <p className="wf-help" id={`${id}-help`}>
          {field.help}
        </p>
      )}
      <Control {...props} inputId={inputId} describedBy={describedBy} invalid={!!error} />
      {error && (
        <p className="wf-error" id={`${id}-error`} role="alert" data-testid={`error-${field.name}`}>
          {error}
        </p>
      )}
    </div>
  );
}

type ControlProps = BlockProps & { inputId: string; describedBy?: string; invalid: boolean };

const asText = (v: AnswerValue | undefined) => (v === undefined || v === null || typeof v === 'object' ? '' : String(v));

function Control(props: ControlProps) {
  const { field, values, onChange, inputId, describedBy, invalid, disabled, today } = props;
  const value = values[field.name];
  const common = { id: inputId, 'aria-describedby': describedBy, 'aria-invalid': invalid || undefined, 'aria-required': field.required || undefined, disabled, className: 'wf-input' };
  const set = (v: AnswerValue) => onChange(field.name, v);
  switch (field.type) {
    case 'text': {
      const max = field.max ?? (field.name === 'reporter_name' ? 50 : undefined);
      if (max !== undefined && max <= 100) {
        return <input {...common} type="text" value={asText(value)} maxLength={max + 10} autoComplete={field.name === 'reporter_name' ? 'name' : 'off'} onChange={(e) => set(e.target.value)} />;
      }
      return <textarea {...common} className="wf-input wf-textarea" rows={3} value={asText(value)} onChange={(e) => set(e.target.value)} />;
    }
    case 'number':
      return <input {...common} type="text" inputMode="decimal" value={asText(value)} onChange={(e) => set(e.target.value)} />;
    case 'temperature':
      return (
        <div className="wf-suffixed">
          <input {...common} type="text" inputMode="decimal" placeholder="例如 36.5" maxLength={5} value={asText(value)} onChange={(e) => set(e.target.value.replace(/[^\d.]/g, ''))} />
          <span className="wf-suffix">℃</span>
        </div>
      );
    case 'phone':
      return <input {...common} type="tel" inputMode="tel" autoComplete={field.name === 'reporter_phone' ? 'tel' : 'off'} maxLength={13} placeholder="11 位手机号码" value={asText(value)} onChange={(e) => set(e.target.value)} />;
    case 'id_number':
      return <input {...common} type="text" autoComplete="off" autoCapitalize="characters" spellCheck={false} maxLength={18} placeholder="18 位身份证号码" value={asText(value)} onChange={(e) => set(e.target.value.toUpperCase())} />;
    case 'date':
      return <input {...common} type="date" value={asText(value)} min={field.minDate === 'today' ? today : field.minDate} max={field.maxDate === 'today' ? today : field.maxDate} onChange={(e) => set(e.target.value)} />;
    case 'time':
      return <input {...common} type="time" value={asText(value)} onChange={(e) => set(e.target.value)} />;
    case 'single_choice':
    case 'multiple_choice': {
      const multiple = field.type === 'multiple_choice';
      const picked = multiple ? (Array.isArray(value) ? (value as string[]) : []) : [asText(value)];
      return (
        <div className="wf-options" aria-describedby={describedBy}>
          {(field.options ?? []).map((o) => {
            const on = picked.indexOf(o.value) >= 0;
            return (
              <label key={o.value} className={`wf-option${on ? ' is-on' : ''}${multiple ? ' is-check' : ''}`}>
                <input
                  type={multiple ? 'checkbox' : 'radio'}
                  name={inputId}
                  value={o.value}
                  checked={on}
                  disabled={disabled}
                  onChange={() => set(multiple ? (on ? picked.filter((v) => v !== o.value) : [...picked, o.value]) : o.value)}
                />
                <span className="wf-option__mark" aria-hidden="true" />
                <span className="wf-option__text">{o.label}</span>
              </label>
            );
          })}
        </div>
      );
    }
    case 'yes_no': {
      const v = value === true ? 'yes' : value === false ? 'no' : asText(value);
      return (
        <div className="wf-yesno" aria-describedby={describedBy}>
          {(['yes', 'no'] as const).map((k) => (
            <button key={k} type="button" className={`wf-yesno__btn${v === k ? ' is-on' : ''}`} aria-pressed={v === k} disabled={disabled} onClick={() => set(k)}>
              {k === 'yes' ? '是' : '否'}
            </button>
          ))}
        </div>
      );
    }
    case 'address':
      return <AddressControl {...props} />;
    case 'itinerary':
      return <ItineraryControl {...props} />;
    case 'photo':
      return <PhotoControl {...props} />;
    case 'section':
      return null;
  }
}

const LEVEL_NAMES: Record<string, string> = {
  province: '省',
  city: '市',
  district: '区县',
  subdistrict: '街道',
  township: '乡镇',
  community: '社区',
  village: '村',
  grid: '网格',
  building: '楼栋',
  unit: '单元',
};

type Loaded = AreaChoice[] | 'loading' | 'error';

function AddressControl(props: ControlProps) {
  const { field, values, onChange, loadAreas, linkArea, inputId, describedBy, invalid, disabled } = props;
  const value = (values[field.name] ?? null) as AddressValue | null;
  const path = value && Array.isArray(value.path) ? value.path : [];
  const room = value && typeof value.room === 'string' ? value.room : '';
  const [lists, setLists] = useState<Record<string, Loaded>>({});
  const requested = useRef(new Set<string>());

  const parents: (number | undefined)[] = [undefined, ...path.filter((a) => a.hasChildren).map((a) => a.id)];
  const keyOf = (parent: number | undefined) => (parent === undefined ? 'root' : String(parent));
  const load = (parent: number | undefined) => {
    if (!loadAreas) return;
    const key = keyOf(parent);
    requested.current.add(key);
    setLists((l) => ({ ...l, [key]: 'loading' }));
    loadAreas(parent).then(
      (list) => setLists((l) => ({ ...l, [key]: list })),
      () => setLists((l) => ({ ...l, [key]: 'error' })),
    );
  };
  useEffect(() => {
    for (const p of parents) if (!requested.current.has(keyOf(p))) load(p);
  });

  const root = lists.root;
  // A link on the smallest area (a unit) has nothing below it: the address is that area.
  const nothingBelow = Array.isArray(root) && root.length === 0;
  useEffect(() => {
    if (nothingBelow && linkArea && (!value || value.areaId !== linkArea.id)) onChange(field.name, { areaId: linkArea.id, room, path: [] } as AddressValue as unknown as AnswerValue);
  }, [nothingBelow]); // eslint-disable-line react-hooks/exhaustive-deps

  const emit = (nextPath: AreaChoice[], nextRoom: string) => {
    const last = nextPath[nextPath.length - 1];
    const areaId = last ? last.id : nothingBelow && linkArea ? linkArea.id : undefined;
    if (areaId === undefined && !nextRoom) return onChange(field.name, null);
    onChange(field.name, { areaId, room: nextRoom, path: nextPath } as unknown as AnswerValue);
  };

  const selects: ReactNode[] = [];
  if (!loadAreas) {
    selects.push(
      <select key="preview" className="wf-input wf-select" disabled aria-describedby={describedBy}>
        <option>请选择楼栋 / 单元</option>
      </select>,
    );
  } else if (!nothingBelow) {
    for (let depth = 0; depth < parents.length; depth++) {
      const parent = parents[depth];
      const list = lists[keyOf(parent)];
      const chosen = path[depth];
      if (list === 'error') {
        selects.push(
          <button key={`err-${depth}`} type="button" className="wf-link-btn" onClick={() => load(parent)}>
            地址列表加载失败，点此重试
          </button>,
        );
        break;
      }
      const options = Array.isArray(list) ? list : [];
      const level = options[0] ? LEVEL_NAMES[options[0].level] ?? '' : '';
      selects.push(
        <select
          key={`d${depth}-${parent ?? 'root'}`}
          id={depth === 0 ? inputId : undefined}
          className="wf-input wf-select"
          aria-label={level ? `选择${level}` : '选择地址'}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          disabled={disabled || list === 'loading' || list === undefined}
          value={chosen ? String(chosen.id) : ''}
          onChange={(e) => {
            const picked = options.find((o) => String(o.id) === e.target.value);
            emit(picked ? [...path.slice(0, depth), picked] : path.slice(0, depth), room);
          }}
        >
          <option value="">{list === 'loading' || list === undefined ? '正在加载…' : `请选择${level}`}</option>
          {options.map((o) => (
            <option key={o.id} value={String(o.id)}>
              {o.name}
            </option>
          ))}
        </select>,
      );
    }
  }
  return (
    <div className="wf-address">
      {(nothingBelow || !loadAreas) && linkArea && <div className="wf-address__area">{linkArea.name}</div>}
      {selects}
      <input
        className="wf-input"
        type="text"
        placeholder="房号，例如 302"
        aria-label="房号"
        maxLength={20}
        disabled={disabled}
        value={room}
        onChange={(e) => emit(path, e.target.value)}
      />
    </div>
  );
}

function ItineraryControl(props: ControlProps) {
  const { field, values, onChange, disabled, today, describedBy } = props;
  const value = values[field.name];
  const stops = Array.isArray(value) && value.length > 0 ? (value as ItineraryStop[]) : [{ place: '', date: '' }];
  const max = field.max ?? 20;
  const emit = (next: ItineraryStop[]) => onChange(field.name, next.length === 1 && !next[0].place && !next[0].date ? [] : next);
  return (
    <div className="wf-itinerary" aria-describedby={describedBy}>
      {stops.map((s, i) => (
        <div key={i} className="wf-stop">
          <div className="wf-stop__head">
            <span>第 {i + 1} 站</span>
            {(stops.length > 1 || s.place || s.date) && (
              <button type="button" className="wf-link-btn" disabled={disabled} onClick={() => emit(stops.filter((_, j) => j !== i))}>
                删除
              </button>
            )}
          </div>
          <input className="wf-input" type="text" placeholder="地点，例如 济南市历下区" aria-label={`第 ${i + 1} 站地点`} maxLength={100} disabled={disabled} value={s.place} onChange={(e) => emit(stops.map((x, j) => (j === i ? { ...x, place: e.target.value } : x)))} />
          <input className="wf-input" type="date" aria-label={`第 ${i + 1} 站日期`} max={today} disabled={disabled} value={s.date} onChange={(e) => emit(stops.map((x, j) => (j === i ? { ...x, date: e.target.value } : x)))} />
        </div>
      ))}
      {stops.length < max && (
        <button type="button" className="wf-add-btn" disabled={disabled} onClick={() => onChange(field.name, [...stops, { place: '', date: '' }])}>
          ＋ 添加一站
        </button>
      )}
    </div>
  );
}

function PhotoControl(props: ControlProps) {
  const { field, values, onChange, disabled, describedBy } = props;
  const value = asText(values[field.name]);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const pick = async (input: HTMLInputElement) => {
    const file = input.files && input.files[0];
    input.value = '';
    if (!file) return;
    setBusy(true);
    setProblem(null);
    try {
      onChange(field.name, await shrinkPhoto(file));
    } catch {
      setProblem('无法读取这张照片，请换一张或重新拍摄');
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="wf-photo" aria-describedby={describedBy}>
      {value && (
        <div className="wf-photo__preview">
          {value.indexOf('data:') === 0 ? <img src={value} alt="已选照片" className="wf-photo__img" /> : <span className="wf-photo__stored">已上传照片</span>}
          <button type="button" className="wf-link-btn" disabled={disabled || busy} onClick={() => onChange(field.name, null)}>
            删除照片
          </button>
        </div>
      )}
      {busy && <p className="wf-help">正在处理照片…</p>}
      {problem && <p className="wf-error">{problem}</p>}
      <div className="wf-photo__buttons">
        <label className={`wf-file-btn${disabled || busy ? ' is-disabled' : ''}`}>
          {value ? '重新拍照' : '拍照'}
          <input type="file" accept="image/*" capture="environment" disabled={disabled || busy} onChange={(e) => void pick(e.currentTarget)} />
        </label>
        <label className={`wf-file-btn${disabled || busy ? ' is-disabled' : ''}`}>
          从相册选择
          <input type="file" accept="image/*" disabled={disabled || busy} onChange={(e) => void pick(e.currentTarget)} />
        </label>
      </div>
    </div>
  );
}
