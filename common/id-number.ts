/** Resident ID numbers (居民身份证号, GB 11643-1999): 6-digit area, 8-digit birth date, 3-digit sequence, check character. */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export type Gender = 'male' | 'female';

export interface IdNumberInfo {
  birthDate: string;
  gender: Gender;
}

/** The check character for the first 17 digits. */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK[sum % 11];
}

/**
 * Parse and check an 18-character ID number. Returns the birth date and gender it encodes,
 * or a message saying exactly what is wrong with it.
 * @example parseIdNumber('11010519491231002X') // { ok: true, info: { birthDate: '1949-12-31', gender: 'female' } }
 */
export function parseIdNumber(raw: string, today = new Date()): { ok: true; value: string; info: IdNumberInfo } | { ok: false; message: string } {
  const value = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(value)) return { ok: false, message: 'an ID number has 18 characters: 17 digits and a last digit or X' };
  const y = Number(value.slice(6, 10));
  const m = Number(value.slice(10, 12));
  const d = Number(value.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d || y < 1880 || date > today) {
    return { ok: false, message: `the birth date in the ID number (${value.slice(6, 14)}) is not a real date` };
  }
  const expected = idCheckChar(value.slice(0, 17));
  if (expected !== value[17]) return { ok: false, message: `the ID number's check digit is wrong (last character should be ${expected}), please check for a typo` };
  return { ok: true, value, info: { birthDate: value.slice(6, 10) + '-' + value.slice(10, 12) + '-' + value.slice(12, 14), gender: Number(value[16]) % 2 === 1 ? 'male' : 'female' } };
}

/** Mask all but the first 4 and last 4 characters: 3701**********1234. */
export function maskIdNumber(value: string | null): string | null {
  if (!value) return value;
  return value.length <= 8 ? '*'.repeat(value.length) : value.slice(0, 4) + '*'.repeat(value.length - 8) + value.slice(-4);
}

/** Mask the middle of a phone number: 138****8000. */
export function maskPhoneNumber(value: string | null): string | null {
  if (!value) return value;
  return value.length >= 7 ? value.slice(0, 3) + '*'.repeat(value.length - 7) + value.slice(-4) : '*'.repeat(value.length);
}
