import { pinyin } from 'pinyin-pro';
import { parseIdNumber, type Gender } from '../../common/id-number.js';
import { PHONE } from '../../common/users.js';
import type { PersonalDataCipher } from './personal-data-cipher.js';

/** Pinyin of a name for search: 张三 → { initials: 'zs', full: 'zhangsan' }; surnames read as surnames (单 → shan). */
export function namePinyin(name: string): { initials: string; full: string } {
  const syllables = pinyin(name, { toneType: 'none', type: 'array', surname: 'head', v: true }) as string[];
  const clean = syllables.map((s) => s.toLowerCase().replace(/[^a-z]/g, ''));
  return { initials: clean.map((s) => s[0] ?? '').join(''), full: clean.join('') };
}

/** Tags as stored: `,a,b,` so that one tag is `like '%,a,%'`. */
export const tagsToColumn = (tags: readonly string[] | undefined): string => (tags?.length ? `,${[...new Set(tags.map((t) => t.trim()).filter(Boolean))].join(',')},` : '');
export const tagsFromColumn = (column: string): string[] => column.split(',').filter(Boolean);

/** Columns that hold an ID number: encrypted, keyed hash, and the pieces search and masks need. */
export function idNumberColumns(cipher: PersonalDataCipher, idNumber: string) {
  return { id_enc: cipher.encrypt(idNumber), id_hash: cipher.hash(idNumber), id_last4: idNumber.slice(-4), id_prefix4: idNumber.slice(0, 4) };
}

export function phoneColumns(cipher: PersonalDataCipher, phone: string | null | undefined) {
  if (!phone) return { phone_enc: null, phone_hash: null, phone_last4: null, phone_prefix3: null };
  return { phone_enc: cipher.encrypt(phone), phone_hash: cipher.hash(phone), phone_last4: phone.slice(-4), phone_prefix3: phone.slice(0, 3) };
}

export interface ResidentIdentityInput {
  idNumber: string;
  gender?: string;
  birthDate?: string;
  phone?: string | null;
}

export interface CheckedIdentity {
  idNumber: string;
  gender: Gender;
  birthDate: string;
  phone: string | null;
}

/**
 * Check an ID number (check digit, real birth date), and that any gender and birth date entered agree
 * with it; check the phone. Returns field-by-field messages when something is wrong.
 */
export function checkIdentity(input: ResidentIdentityInput): { ok: true; value: CheckedIdentity } | { ok: false; fields: Record<string, string> } {
  const fields: Record<string, string> = {};
  const parsed = parseIdNumber(input.idNumber);
  let value: CheckedIdentity | undefined;
  if (!parsed.ok) fields.idNumber = parsed.message;
  else {
    value = { idNumber: parsed.value, gender: parsed.info.gender, birthDate: parsed.info.birthDate, phone: null };
    if (input.birthDate && input.birthDate !== parsed.info.birthDate) fields.birthDate = `the birth date ${input.birthDate} does not match the ID number (${parsed.info.birthDate})`;
    if (input.gender && input.gender !== parsed.info.gender) fields.gender = `the gender does not match the ID number (which says ${parsed.info.gender === 'male' ? 'male 男' : 'female 女'})`;
  }
  const phone = input.phone?.trim() || null;
  if (phone && !PHONE.test(phone)) fields.phone = `"${phone}" is not an 11-digit mobile number`;
  if (Object.keys(fields).length || !value) return { ok: false, fields };
  value.phone = phone;
  return { ok: true, value };
}

/** Age in whole years on `today`. */
export function ageOn(birthDate: string, today = new Date()): number {
  const [y, m, d] = birthDate.split('-').map(Number);
  let age = today.getUTCFullYear() - y;
  if (today.getUTCMonth() + 1 < m || (today.getUTCMonth() + 1 === m && today.getUTCDate() < d)) age--;
  return age;
}
