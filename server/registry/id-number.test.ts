import { describe, expect, it } from 'vitest';
import { idCheckChar, maskIdNumber, maskPhoneNumber, parseIdNumber } from '../../common/id-number.js';
import { checkIdentity } from './resident-fields.js';

/** A fixed "today", so a test written now still passes in ten years. */
const TODAY = new Date('2026-11-29T08:00:00Z');

/** The 18-character number for `first17`, with its check character computed. */
const withCheck = (first17: string) => first17 + idCheckChar(first17);

/** Small deterministic generator (LCG), so a failing case prints a seed that reproduces it. */
function random(seed: number) {
  let a = seed >>> 0;
  return (n: number) => {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    return a % n;
  };
}

/** A random valid ID number: 6-digit area, a real birth date before TODAY, 3-digit sequence, check character. */
function validIdNumber(rand: (n: number) => number): { value: string; birthDate: string; gender: 'male' | 'female' } {
  const area = String(110000 + rand(550000)).padStart(6, '0');
  // Any day from 1900-01-01 to the day before TODAY.
  const start = Date.UTC(1900, 0, 1);
  const days = Math.floor((TODAY.getTime() - start) / 86_400_000);
  const birth = new Date(start + rand(days) * 86_400_000).toISOString().slice(0, 10);
  const seq = String(rand(1000)).padStart(3, '0');
  const value = withCheck(area + birth.replace(/-/g, '') + seq);
  return { value, birthDate: birth, gender: Number(seq[2]) % 2 === 1 ? 'male' : 'female' };
}

describe('ID numbers (GB 11643)', () => {
  it('accepts well-known valid numbers and reads birth date and gender from them', () => {
    expect(parseIdNumber('11010519491231002X', TODAY)).toEqual({ ok: true, value: '11010519491231002X', info: { birthDate: '1949-12-31', gender: 'female' } });
    const male = withCheck('37010219800517123');
    expect(parseIdNumber(male, TODAY)).toEqual({ ok: true, value: male, info: { birthDate: '1980-05-17', gender: 'male' } });
    // Leap day in a leap year is a real date.
    const leap = withCheck('44030120000229004');
    expect(parseIdNumber(leap, TODAY)).toMatchObject({ ok: true, info: { birthDate: '2000-02-29', gender: 'female' } });
  });

  it('computes the check character by the standard weights (X stands for 10)', () => {
    expect(idCheckChar('11010519491231002')).toBe('X');
    expect(idCheckChar('44052418800101001')).toBe('4');
    // Every residue 0..10 maps to its own character.
    const seen = new Set<string>();
    for (let seq = 0; seq < 200; seq++) seen.add(idCheckChar(`37010219800517${String(seq).padStart(3, '0')}`));
    expect([...seen].sort()).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'X']);
  });

  it('says which check character was expected when the last one is wrong', () => {
    const good = withCheck('37010219800517123');
    const wrong = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const r = parseIdNumber(wrong, TODAY);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(`last character should be ${good[17]}`);
  });

  it('accepts a lowercase x and hands back the number in capitals, trimmed', () => {
    const r = parseIdNumber(' 11010519491231002x ', TODAY);
    expect(r).toMatchObject({ ok: true, value: '11010519491231002X' });
  });

  it('refuses dates that do not exist', () => {
    for (const date of ['19990230', '19990229', '19991301', '19990001', '19990100', '19990431', '21000229']) {
      const r = parseIdNumber(withCheck(`370102${date}123`), TODAY);
      expect(r, date).toMatchObject({ ok: false, message: expect.stringContaining(`(${date}) is not a real date`) });
    }
  });

  it('refuses birth dates in the future and before 1880, but accepts today', () => {
    expect(parseIdNumber(withCheck('37010220261130123'), TODAY)).toMatchObject({ ok: false, message: expect.stringContaining('20261130') });
    expect(parseIdNumber(withCheck('37010230000101123'), TODAY).ok).toBe(false);
    expect(parseIdNumber(withCheck('37010218791231123'), TODAY).ok).toBe(false);
    expect(parseIdNumber(withCheck('37010218800101123'), TODAY).ok).toBe(true);
    expect(parseIdNumber(withCheck('37010220261129123'), TODAY).ok).toBe(true);
  });

  it('refuses the old 15-digit form, 17 characters, letters and an X anywhere but last', () => {
    const shape = 'an ID number has 18 characters: 17 digits and a last digit or X';
    for (const bad of ['370102800517123', '37010219800517123', `${withCheck('37010219800517123')}0`, '3701021980051712A', '3701021980X517123' + '4', '', '37010219800517 123']) {
      expect(parseIdNumber(bad, TODAY), JSON.stringify(bad)).toEqual({ ok: false, message: shape });
    }
  });

  it('reads the gender from the 17th digit: odd is male, even is female', () => {
    for (let d = 0; d <= 9; d++) {
      const r = parseIdNumber(withCheck(`3701021980051712${d}`), TODAY);
      expect(r.ok && r.info.gender, String(d)).toBe(d % 2 === 1 ? 'male' : 'female');
    }
  });

  describe('properties over generated numbers', () => {
    const SEEDS = 400;

    it('accepts every generated valid number with the birth date and gender it encodes', () => {
      const rand = random(1);
      for (let i = 0; i < SEEDS; i++) {
        const { value, birthDate, gender } = validIdNumber(rand);
        expect(parseIdNumber(value, TODAY), value).toEqual({ ok: true, value, info: { birthDate, gender } });
        expect(parseIdNumber(value.toLowerCase(), TODAY).ok, value).toBe(true);
      }
    });

    it('refuses every number with any single character changed', () => {
      const rand = random(2);
      for (let i = 0; i < SEEDS / 4; i++) {
        const { value } = validIdNumber(rand);
        for (let pos = 0; pos < 18; pos++) {
          for (const c of '0123456789X') {
            if (c === value[pos] || (c === 'X' && pos < 17)) continue;
            const changed = value.slice(0, pos) + c + value.slice(pos + 1);
            // A changed date digit may also make the date impossible; either way the number is refused.
            expect(parseIdNumber(changed, TODAY).ok, `${value} → ${changed}`).toBe(false);
          }
        }
      }
    });

    it('refuses every number with two different adjacent digits swapped', () => {
      const rand = random(3);
      for (let i = 0; i < SEEDS; i++) {
        const { value } = validIdNumber(rand);
        for (let pos = 0; pos < 16; pos++) {
          if (value[pos] === value[pos + 1]) continue;
          const swapped = value.slice(0, pos) + value[pos + 1] + value[pos] + value.slice(pos + 2);
          expect(parseIdNumber(swapped, TODAY).ok, `${value} → ${swapped}`).toBe(false);
        }
      }
    });
  });
});

describe('identity checks for a resident form', () => {
  const id = withCheck('37010219800517123'); // male, 1980-05-17

  it('passes when birth date, gender and phone agree with the ID number', () => {
    expect(checkIdentity({ idNumber: id, birthDate: '1980-05-17', gender: 'male', phone: ' 13800138000 ' })).toEqual({
      ok: true,
      value: { idNumber: id, birthDate: '1980-05-17', gender: 'male', phone: '13800138000' },
    });
    expect(checkIdentity({ idNumber: id })).toMatchObject({ ok: true, value: { phone: null } });
  });

  it('reports every wrong field at once', () => {
    const r = checkIdentity({ idNumber: id, birthDate: '1980-05-18', gender: 'female', phone: '12345' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.keys(r.fields).sort()).toEqual(['birthDate', 'gender', 'phone']);
    expect(r.fields.birthDate).toContain('1980-05-17');
    expect(r.fields.gender).toContain('male');
    const bad = checkIdentity({ idNumber: `${id.slice(0, 17)}${id[17] === '1' ? '2' : '1'}`, phone: '23800138000' });
    expect(bad.ok || Object.keys(bad.fields).sort()).toEqual(['idNumber', 'phone']);
  });
});

describe('masks', () => {
  it('keeps the first and last four characters of an ID number', () => {
    expect(maskIdNumber('370102198005171234')).toBe('3701**********1234');
    expect(maskIdNumber('11010519491231002X')).toBe('1101**********002X');
    expect(maskIdNumber('12345678')).toBe('********');
    expect(maskIdNumber(null)).toBeNull();
    expect(maskIdNumber('')).toBe('');
  });

  it('keeps the first three and last four digits of a phone', () => {
    expect(maskPhoneNumber('13800138000')).toBe('138****8000');
    expect(maskPhoneNumber('123456')).toBe('******');
    expect(maskPhoneNumber(null)).toBeNull();
  });
});
