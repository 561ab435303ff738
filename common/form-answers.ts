/**
 * Checking a resident's answers against a form version. The same code runs on the resident page
 * (errors beside each field as they type) and on the server (which never trusts the page).
 * No zod here: the resident page must stay small.
 */
import type { AddressAnswer, AnswerValue, Answers, Condition, FormDefinition, FormField, ItineraryStop } from './form-definition.js';
import { REPORTER_ID_NUMBER, REPORTER_NAME, REPORTER_PHONE } from './form-definition.js';
import { parseIdNumber } from './id-number.js';

export type Lang = 'zh' | 'en';

const M = {
  required: { zh: '请填写此项', en: 'this question must be answered' },
  chooseOne: { zh: '请选择一项', en: 'choose one of the options' },
  notOption: { zh: '不是可选的选项', en: 'not one of the options' },
  notNumber: { zh: '请填写数字', en: 'must be a number' },
  min: { zh: '不能小于 {n}', en: 'must be at least {n}' },
  max: { zh: '不能大于 {n}', en: 'must be at most {n}' },
  minLen: { zh: '至少 {n} 个字', en: 'must be at least {n} characters' },
  maxLen: { zh: '最多 {n} 个字', en: 'must be at most {n} characters' },
  minPick: { zh: '至少选择 {n} 项', en: 'choose at least {n} options' },
  maxPick: { zh: '最多选择 {n} 项', en: 'choose at most {n} options' },
  pattern: { zh: '格式不正确', en: 'does not have the expected format' },
  yesNo: { zh: '请选择“是”或“否”', en: 'answer yes or no' },
  date: { zh: '请填写日期，例如 2026-11-29', en: 'must be a date like 2026-11-29' },
  dateMin: { zh: '不能早于 {n}', en: 'must not be before {n}' },
  dateMax: { zh: '不能晚于 {n}', en: 'must not be after {n}' },
  time: { zh: '请填写时间，例如 08:30', en: 'must be a time like 08:30' },
  phone: { zh: '请填写 11 位手机号码', en: 'must be an 11-digit mobile number' },
  idNumber: { zh: '身份证号码不正确，请检查是否输错（18 位，最后一位可为 X）', en: '{n}' },
  temperature: { zh: '体温应在 {a}–{b} ℃ 之间', en: 'temperature must be between {a} and {b} °C' },
  address: { zh: '请选择楼栋/单元', en: 'choose a building or unit' },
  room: { zh: '房号最多 20 个字', en: 'room must be at most 20 characters' },
  itinerary: { zh: '请填写每一站的地点和日期', en: 'each stop needs a place and a date' },
  photo: { zh: '照片无效', en: 'not a valid photo' },
  notApplicable: { zh: '根据前面的回答，此项无需填写', en: 'does not apply given the earlier answers' },
  unknown: { zh: '表单中没有这一项', en: 'this form has no such question' },
  section: { zh: '标题不能作答', en: 'a heading takes no answer' },
  name: { zh: '请填写姓名（最多 50 个字）', en: 'give your name (at most 50 characters)' },
} as const;

function say(key: keyof typeof M, lang: Lang, params: Record<string, string | number> = {}): string {
  let text: string = M[key][lang];
  for (const [k, v] of Object.entries(params)) text = text.replace(`{${k}}`, String(v));
  return text;
}

export const TEMPERATURE_RANGE = { min: 34, max: 43 } as const;
const PHONE = /^1\d{10}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
/** Photos travel as data URLs of a JPEG/PNG the page has already shrunk. */
export const PHOTO_DATA_URL = /^data:image\/(jpeg|png);base64,[A-Za-z0-9+/]+=*$/;
export const MAX_PHOTO_BYTES = 1_500_000;

export function isEmpty(value: AnswerValue | undefined): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

function isValidDate(text: string): boolean {
  if (!DATE.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

/** Whether a show-if condition holds for the answers given so far. */
export function conditionHolds(condition: Condition | undefined, answers: Answers): boolean {
  if (!condition) return true;
  if ('all' in condition) return condition.all.every((c) => conditionHolds(c, answers));
  if ('any' in condition) return condition.any.some((c) => conditionHolds(c, answers));
  const actual = answers[condition.field];
  const expected = condition.value;
  switch (condition.op) {
    case 'answered':
      return !isEmpty(actual);
    case 'not_answered':
      return isEmpty(actual);
    case 'eq':
      return Array.isArray(actual) ? false : String(actual) === String(expected);
    case 'neq':
      return isEmpty(actual) || String(actual) !== String(expected);
    case 'in':
      return Array.isArray(expected) && !isEmpty(actual) && !Array.isArray(actual) && expected.map(String).includes(String(actual));
    case 'includes':
      return Array.isArray(actual) && (actual as unknown[]).map(String).includes(String(expected));
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      if (isEmpty(actual) || typeof actual === 'object') return false;
      const a = Number(actual);
      const b = Number(expected);
      if (Number.isNaN(a) || Number.isNaN(b)) return false;
      return condition.op === 'gt' ? a > b : condition.op === 'gte' ? a >= b : condition.op === 'lt' ? a < b : a <= b;
    }
  }
}

/** The fields a resident is asked given their answers so far (sections included, hidden ones left out). */
export function visibleFields(definition: FormDefinition, answers: Answers): FormField[] {
  return definition.fields.filter((f) => conditionHolds(f.showIf, answers));
}

/** The identity questions the page always asks, in front of the form's own. */
export function reporterFields(definition: FormDefinition): FormField[] {
  const fields: FormField[] = [
    { name: REPORTER_NAME, type: 'text', label: '姓名', required: true, max: 50 },
    { name: REPORTER_PHONE, type: 'phone', label: '手机号码', required: true },
  ];
  if (definition.askIdNumber || definition.requireIdNumber) {
    fields.push({ name: REPORTER_ID_NUMBER, type: 'id_number', label: '身份证号码', required: !!definition.requireIdNumber });
  }
  return fields;
}

export interface AnswerCheck {
  /** Answers cleaned up (trimmed text, numbers as numbers), only for fields that apply. */
  values: Answers;
  /** field name → what is wrong, in the requested language. Empty when the answers are acceptable. */
  errors: Record<string, string>;
}

/** `today` (YYYY-MM-DD) resolves `minDate`/`maxDate: 'today'`. */
export function checkAnswers(definition: FormDefinition, answers: Answers, options: { lang?: Lang; today: string }): AnswerCheck {
  const lang = options.lang ?? 'zh';
  const errors: Record<string, string> = {};
  const values: Answers = {};
  const all = [...reporterFields(definition), ...definition.fields];
  const known = new Set(all.map((f) => f.name));
  for (const name of Object.keys(answers)) if (!known.has(name)) errors[name] = say('unknown', lang);

  for (const field of all) {
    const raw = answers[field.name];
    if (field.type === 'section') {
      if (!isEmpty(raw)) errors[field.name] = say('section', lang);
      continue;
    }
    // Later conditions see the cleaned values of earlier answers, as the page does.
    if (!conditionHolds(field.showIf, { ...answers, ...values })) {
      if (!isEmpty(raw)) errors[field.name] = say('notApplicable', lang);
      continue;
    }
    if (isEmpty(raw)) {
      if (field.required) errors[field.name] = say(field.type === 'single_choice' || field.type === 'yes_no' ? 'chooseOne' : 'required', lang);
      continue;
    }
    const result = checkOne(field, raw as AnswerValue, lang, options.today);
    if (typeof result === 'object' && result !== null && 'error' in result) errors[field.name] = result.error;
    else values[field.name] = result as AnswerValue;
  }
  return { values, errors };
}

type Checked = AnswerValue | { error: string };

function checkOne(field: FormField, raw: AnswerValue, lang: Lang, today: string): Checked {
  const fail = (key: keyof typeof M, params?: Record<string, string | number>) => ({ error: say(key, lang, params) });
  switch (field.type) {
    case 'text': {
      if (typeof raw !== 'string') return fail('required');
      const text = raw.trim();
      const max = field.max ?? (field.name === REPORTER_NAME ? 50 : 2000);
      if (field.min !== undefined && [...text].length < field.min) return fail('minLen', { n: field.min });
      if ([...text].length > max) return field.name === REPORTER_NAME ? fail('name') : fail('maxLen', { n: max });
      if (field.pattern && !matchesWhole(field.pattern, text)) return { error: field.patternMessage || say('pattern', lang) };
      return text;
    }
    case 'number':
    case 'temperature': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
      if (!Number.isFinite(n)) return fail('notNumber');
      if (field.type === 'temperature') {
        const lo = field.min ?? TEMPERATURE_RANGE.min;
        const hi = field.max ?? TEMPERATURE_RANGE.max;
        if (n < lo || n > hi) return fail('temperature', { a: lo, b: hi });
        return Math.round(n * 10) / 10;
      }
      if (field.min !== undefined && n < field.min) return fail('min', { n: field.min });
      if (field.max !== undefined && n > field.max) return fail('max', { n: field.max });
      return n;
    }
    case 'single_choice': {
      if (typeof raw !== 'string' && typeof raw !== 'number') return fail('chooseOne');
      const value = String(raw);
      if (!(field.options ?? []).some((o) => o.value === value)) return fail('notOption');
      return value;
    }
    case 'multiple_choice': {
      if (!Array.isArray(raw)) return fail('chooseOne');
      const picked = [...new Set((raw as unknown[]).map(String))];
      const allowed = new Set((field.options ?? []).map((o) => o.value));
      if (picked.some((v) => !allowed.has(v))) return fail('notOption');
      if (field.min !== undefined && picked.length < field.min) return fail('minPick', { n: field.min });
      if (field.max !== undefined && picked.length > field.max) return fail('maxPick', { n: field.max });
      return picked;
    }
    case 'yes_no': {
      if (raw === true || raw === 'yes' || raw === 'true') return 'yes';
      if (raw === false || raw === 'no' || raw === 'false') return 'no';
      return fail('yesNo');
    }
    case 'date': {
      if (typeof raw !== 'string' || !isValidDate(raw)) return fail('date');
      const min = field.minDate === 'today' ? today : field.minDate;
      const max = field.maxDate === 'today' ? today : field.maxDate;
      if (min && raw < min) return fail('dateMin', { n: min });
      if (max && raw > max) return fail('dateMax', { n: max });
      return raw;
    }
    case 'time':
      return typeof raw === 'string' && TIME.test(raw) ? raw : fail('time');
    case 'phone': {
      const text = typeof raw === 'string' ? raw.replace(/[\s-]/g, '') : String(raw);
      if (!PHONE.test(text)) return fail('phone');
      if (field.pattern && !matchesWhole(field.pattern, text)) return { error: field.patternMessage || say('pattern', lang) };
      return text;
    }
    case 'id_number': {
      const text = typeof raw === 'string' ? raw.trim().toUpperCase() : '';
      const parsed = parseIdNumber(text);
      return parsed.ok ? parsed.value : fail('idNumber', { n: parsed.message });
    }
    case 'address': {
      const a = raw as AddressAnswer;
      if (typeof a !== 'object' || Array.isArray(a) || !Number.isInteger(a.areaId) || a.areaId <= 0) return fail('address');
      const room = typeof a.room === 'string' ? a.room.trim() : '';
      if ([...room].length > 20) return fail('room');
      return room ? { areaId: a.areaId, room } : { areaId: a.areaId };
    }
    case 'itinerary': {
      if (!Array.isArray(raw)) return fail('itinerary');
      const stops: ItineraryStop[] = [];
      for (const stop of raw as unknown[]) {
        const s = stop as Partial<ItineraryStop>;
        if (typeof s !== 'object' || s === null || typeof s.place !== 'string' || !s.place.trim() || [...s.place.trim()].length > 100 || typeof s.date !== 'string' || !isValidDate(s.date)) return fail('itinerary');
        stops.push({ place: s.place.trim(), date: s.date });
      }
      const max = field.max ?? 20;
      if (stops.length > max) return fail('maxPick', { n: max });
      if (field.min !== undefined && stops.length < field.min) return fail('minPick', { n: field.min });
      return stops;
    }
    case 'photo': {
      if (typeof raw !== 'string') return fail('photo');
      if (!PHOTO_DATA_URL.test(raw) || raw.length > (MAX_PHOTO_BYTES * 4) / 3 + 40) return fail('photo');
      return raw;
    }
    case 'section':
      return fail('section');
  }
}

function matchesWhole(pattern: string, text: string): boolean {
  try {
    return new RegExp(`^(?:${pattern})$`, 'u').test(text);
  } catch {
    return true;
  }
}

/** Problems with a form definition a designer must fix before publishing, keyed like `fields.3.options`. */
export function definitionProblems(definition: FormDefinition): Record<string, string> {
  const problems: Record<string, string> = {};
  const seen = new Map<string, number>();
  definition.fields.forEach((field, i) => {
    const at = `fields.${i}`;
    if (seen.has(field.name)) problems[`${at}.name`] = `"${field.name}" is already the name of question ${seen.get(field.name)! + 1}`;
    seen.set(field.name, i);
    if ((field.type === 'single_choice' || field.type === 'multiple_choice') && (field.options ?? []).length < 2) problems[`${at}.options`] = 'a choice question needs at least two options';
    const values = (field.options ?? []).map((o) => o.value);
    if (new Set(values).size !== values.length) problems[`${at}.options`] = 'two options have the same value';
    if (field.min !== undefined && field.max !== undefined && field.min > field.max) problems[`${at}.min`] = 'min is greater than max';
    if (field.pattern) {
      try {
        new RegExp(field.pattern, 'u');
      } catch {
        problems[`${at}.pattern`] = 'not a valid regular expression';
      }
    }
    for (const ref of conditionFields(field.showIf)) {
      const target = seen.get(ref);
      if (target === undefined || target >= i) problems[`${at}.showIf`] = `refers to "${ref}", which is not an earlier question`;
    }
  });
  if (!definition.fields.some((f) => f.type !== 'section')) problems.fields = 'a form needs at least one question';
  (definition.alertRules ?? []).forEach((rule, i) => {
    const field = definition.fields.find((f) => f.name === rule.field);
    if (!field) problems[`alertRules.${i}.field`] = `no question is named "${rule.field}"`;
    else if (rule.op === 'itinerary_through' && field.type !== 'itinerary') problems[`alertRules.${i}.op`] = 'itinerary_through needs an itinerary question';
  });
  return problems;
}

function conditionFields(condition: Condition | undefined): string[] {
  if (!condition) return [];
  if ('all' in condition) return condition.all.flatMap(conditionFields);
  if ('any' in condition) return condition.any.flatMap(conditionFields);
  return [condition.field];
}
