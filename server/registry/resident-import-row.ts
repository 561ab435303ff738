import { RELATION_LABELS, RELATIONS, RESIDENCE_TYPE_LABELS, RESIDENCE_TYPES, type Relation, type ResidenceType } from '../../common/registry.js';
import { PHONE } from '../../common/users.js';
import { checkIdentity } from './resident-fields.js';

/** Columns of a resident import: the Chinese header community offices use first, then English and common variants. */
export const RESIDENT_IMPORT_COLUMNS = {
  name: ['姓名', 'name'],
  id_number: ['身份证号', 'id_number', '身份证号码', '公民身份号码', '证件号码'],
  phone: ['手机号', 'phone', '手机号码', '联系电话', '电话'],
  gender: ['性别', 'gender'],
  birth_date: ['出生日期', 'birth_date'],
  grid: ['网格', 'grid', '所属网格'],
  building: ['楼栋', 'building', '楼号', '楼栋号'],
  unit: ['单元', 'unit', '单元号'],
  room: ['房号', 'room', '房间号', '门牌号'],
  relation: ['与户主关系', 'relation'],
  residence_type: ['人员类型', 'residence_type', '人口类型'],
  tags: ['标签', 'tags'],
  move_in_date: ['迁入日期', 'move_in_date', '入住日期'],
} as const;
export type ResidentImportColumn = keyof typeof RESIDENT_IMPORT_COLUMNS;

/** Without these a row cannot become a resident in a household. */
export const RESIDENT_IMPORT_REQUIRED: readonly ResidentImportColumn[] = ['name', 'id_number', 'building', 'room'];

/** The Chinese header row of the template, in template order. */
export const RESIDENT_TEMPLATE_HEADER = (Object.keys(RESIDENT_IMPORT_COLUMNS) as ResidentImportColumn[]).map((k) => RESIDENT_IMPORT_COLUMNS[k][0]);

/** Words offices write for the relation to the head, beyond the labels themselves. */
const RELATION_WORDS: Record<string, Relation> = {
  本人: 'head', 户主本人: 'head',
  妻: 'spouse', 妻子: 'spouse', 夫: 'spouse', 丈夫: 'spouse', 夫妻: 'spouse',
  子: 'child', 女: 'child', 儿子: 'child', 女儿: 'child', 长子: 'child', 次子: 'child', 长女: 'child', 次女: 'child', 养子: 'child', 养女: 'child',
  父: 'parent', 母: 'parent', 父亲: 'parent', 母亲: 'parent', 公公: 'parent', 婆婆: 'parent', 岳父: 'parent', 岳母: 'parent',
  孙子: 'grandchild', 孙女: 'grandchild', 外孙子: 'grandchild', 外孙女: 'grandchild', 外孙: 'grandchild',
  祖父: 'grandparent', 祖母: 'grandparent', 外祖父: 'grandparent', 外祖母: 'grandparent', 爷爷: 'grandparent', 奶奶: 'grandparent',
  兄: 'sibling', 弟: 'sibling', 姐: 'sibling', 妹: 'sibling', 哥哥: 'sibling', 弟弟: 'sibling', 姐姐: 'sibling', 妹妹: 'sibling',
  儿媳: 'in_law', 女婿: 'in_law', 'in-law': 'in_law',
};
const RELATION_BY_WORD = new Map<string, Relation>([
  ...RELATIONS.map((r) => [r, r] as const),
  ...RELATIONS.map((r) => [RELATION_LABELS[r], r] as const),
  ...Object.entries(RELATION_WORDS),
]);

const TYPE_BY_WORD = new Map<string, ResidenceType>([
  ...RESIDENCE_TYPES.map((t) => [t, t] as const),
  ...RESIDENCE_TYPES.map((t) => [RESIDENCE_TYPE_LABELS[t], t] as const),
  ...RESIDENCE_TYPES.map((t) => [`${RESIDENCE_TYPE_LABELS[t]}人口`, t] as const),
  ['外来', 'migrant'],
  ['暂住', 'migrant'],
]);

const GENDER_BY_WORD: Record<string, 'male' | 'female'> = { 男: 'male', 男性: 'male', m: 'male', male: 'male', 女: 'female', 女性: 'female', f: 'female', female: 'female' };

export const RELATION_CHOICES = RELATIONS.map((r) => RELATION_LABELS[r]).join('、');
export const TYPE_CHOICES = RESIDENCE_TYPES.map((t) => RESIDENCE_TYPE_LABELS[t]).join('、');

/** The relation a cell names (户主, 配偶, spouse, 妻子 …), or undefined. */
export function parseRelation(text: string): Relation | undefined {
  return RELATION_BY_WORD.get(text) ?? RELATION_BY_WORD.get(text.toLowerCase());
}

/**
 * A date as offices type it — 2024-03-01, 2024/3/1, 2024.3.1, 20240301, 2024年3月1日, or an Excel day
 * number — as YYYY-MM-DD; null when it is not a real date.
 */
export function normalizeDate(text: string): string | null {
  const t = text.trim();
  let y: number, m: number, d: number;
  let match: RegExpExecArray | null;
  if ((match = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[T ].*)?$/.exec(t))) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if ((match = /^(\d{4})(\d{2})(\d{2})$/.exec(t))) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if (/^\d{4,5}$/.test(t)) {
    // An Excel serial day number (days since 1899-12-30) from a cell formatted as a number.
    const date = new Date(Date.UTC(1899, 11, 30) + Number(t) * 86_400_000);
    return date.toISOString().slice(0, 10);
  } else return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** "3" → "3号楼"; names with more than digits stay as written. */
export const buildingName = (text: string) => (/^\d+$/.test(text) ? `${Number(text)}号楼` : text);
/** "1" → "1单元". */
export const unitName = (text: string) => (/^\d+$/.test(text) ? `${Number(text)}单元` : text);

/** One data row, checked on its own (what other rows or the register say is checked later). */
export interface ResidentImportRow {
  row: number;
  name: string;
  idNumber: string;
  gender: 'male' | 'female';
  birthDate: string;
  phone: string | null;
  grid: string;
  building: string;
  unit: string;
  room: string;
  relation: Relation;
  residenceType: ResidenceType;
  tags: string[];
  moveInDate: string | null;
}

export type ColumnIndex = Record<ResidentImportColumn, number>;

/**
 * Read one row: every problem it has on its own, and the row when it has none. `idNumber` is returned
 * whenever the ID number itself is well-formed, so duplicates are found even on rows with other problems.
 */
export function parseResidentRow(row: number, cells: string[], col: ColumnIndex): { value?: ResidentImportRow; idNumber?: string; problems: string[] } {
  const cell = (k: ResidentImportColumn) => (col[k] >= 0 ? (cells[col[k]] ?? '').trim() : '');
  const problems: string[] = [];
  const name = cell('name');
  if (!name) problems.push('name (姓名) is empty');
  else if (name.length > 50) problems.push('name (姓名) is longer than 50 characters');

  const genderText = cell('gender');
  const gender = genderText ? GENDER_BY_WORD[genderText.toLowerCase()] : undefined;
  if (genderText && !gender) problems.push(`gender (性别) "${genderText}" should be 男 or 女`);
  const birthText = cell('birth_date');
  const birthDate = birthText ? normalizeDate(birthText) : undefined;
  if (birthText && !birthDate) problems.push(`birth date (出生日期) "${birthText}" is not a date like 1980-05-17`);

  const idText = cell('id_number');
  let idNumber: string | undefined;
  let identity: { gender: 'male' | 'female'; birthDate: string; phone: string | null } | undefined;
  if (!idText) problems.push('ID number (身份证号) is empty');
  else {
    const checked = checkIdentity({ idNumber: idText, gender, birthDate: birthDate ?? undefined, phone: cell('phone') || null });
    if (checked.ok) {
      idNumber = checked.value.idNumber;
      identity = checked.value;
    } else {
      if (!checked.fields.idNumber) idNumber = idText.toUpperCase();
      problems.push(...Object.values(checked.fields));
    }
  }
  // checkIdentity checks the phone along with the ID number; without one, check it here.
  if (!idText && cell('phone') && !PHONE.test(cell('phone'))) problems.push(`"${cell('phone')}" is not an 11-digit mobile number`);

  const building = cell('building');
  const unit = cell('unit');
  const room = cell('room');
  if (!building && !room) problems.push('building (楼栋) and room (房号) are empty: every resident needs a household');
  else if (!building) problems.push('building (楼栋) is empty: every resident needs a household');
  else if (!room) problems.push('room (房号) is empty: every resident needs a household');
  if (building.length > 100) problems.push('building (楼栋) is longer than 100 characters');
  if (unit.length > 100) problems.push('unit (单元) is longer than 100 characters');
  if (room.length > 20) problems.push('room (房号) is longer than 20 characters');

  const relationText = cell('relation');
  const relation = relationText ? parseRelation(relationText) : 'other';
  if (!relation) problems.push(`unknown relation to the head (与户主关系) "${relationText}" (use ${RELATION_CHOICES})`);
  const typeText = cell('residence_type');
  const residenceType = typeText ? TYPE_BY_WORD.get(typeText) ?? TYPE_BY_WORD.get(typeText.toLowerCase()) : 'resident';
  if (!residenceType) problems.push(`unknown residence type (人员类型) "${typeText}" (use ${TYPE_CHOICES})`);

  const tags = [...new Set(cell('tags').split(/[、,，;；\s]+/).filter(Boolean))];
  if (tags.length > 20) problems.push('more than 20 tags (标签)');
  const longTag = tags.find((t) => t.length > 20);
  if (longTag) problems.push(`tag "${longTag.slice(0, 20)}…" is longer than 20 characters`);

  const moveText = cell('move_in_date');
  const moveInDate = moveText ? normalizeDate(moveText) : null;
  if (moveText && !moveInDate) problems.push(`move-in date (迁入日期) "${moveText}" is not a date like 2015-06-01`);

  if (problems.length || !identity) return { idNumber, problems };
  return {
    idNumber,
    problems,
    value: { row, name, idNumber: idNumber!, gender: identity.gender, birthDate: identity.birthDate, phone: identity.phone, grid: cell('grid'), building, unit, room, relation: relation!, residenceType: residenceType!, tags, moveInDate },
  };
}
