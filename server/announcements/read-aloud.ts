/**
 * Spelling numbers, dates and times out in Chinese characters, so that whoever reads a notice over a
 * village loudspeaker (or a speech engine) reads them the way people say them:
 * 2026年3月5日 → 二〇二六年三月五日, 14:30 → 十四点三十分, 37.3 → 三十七点三, 12 → 十二.
 * Pure functions, no dependencies.
 */

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
/** Years are read digit by digit with 〇: 二〇二六. */
const YEAR_DIGITS = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
/** Phone and other long numbers are read digit by digit, with 幺 for 1 as on the telephone. */
const PHONE_DIGITS = ['零', '幺', '二', '三', '四', '五', '六', '七', '八', '九'];

const each = (digits: string, names: string[]) => [...digits].map((d) => names[Number(d)]).join('');

/** 1..9999 without the 一十 → 十 shortening. */
function sectionToChinese(n: number): string {
  const units = ['千', '百', '十', ''];
  const digits = String(n).padStart(4, '0').split('').map(Number);
  let out = '';
  let zero = false;
  for (let i = 0; i < 4; i++) {
    const d = digits[i];
    if (d === 0) {
      if (out) zero = true;
      continue;
    }
    if (zero) out += '零';
    zero = false;
    out += DIGITS[d] + units[i];
  }
  return out;
}

/**
 * A whole number as it is said: 12 → 十二, 105 → 一百零五, 10005 → 一万零五, 0 → 零.
 * @example integerToChinese(2030) // '二千零三十'
 */
export function integerToChinese(value: number | string): string {
  const s = String(value).replace(/^0+(?=\d)/, '');
  if (!/^\d+$/.test(s)) throw new Error(`not a whole number: ${value}`);
  if (s.length > 16) return each(s, DIGITS);
  const n = BigInt(s);
  if (n === 0n) return '零';
  const groups: number[] = [];
  for (let rest = n; rest > 0n; rest /= 10000n) groups.unshift(Number(rest % 10000n));
  const bigUnits = ['', '万', '亿', '万亿'];
  let out = '';
  let zero = false;
  groups.forEach((g, i) => {
    const unit = bigUnits[groups.length - 1 - i];
    if (g === 0) {
      if (out) zero = true;
      return;
    }
    if (out && (zero || g < 1000)) out += '零';
    zero = false;
    out += sectionToChinese(g) + unit;
  });
  return out.startsWith('一十') ? out.slice(1) : out;
}

/** A decimal number: 37.3 → 三十七点三, 0.05 → 零点零五. */
export function decimalToChinese(value: string): string {
  const [whole, fraction] = value.split('.');
  const head = integerToChinese(whole || '0');
  return fraction ? `${head}点${each(fraction, DIGITS)}` : head;
}

/** A year read digit by digit: 2026 → 二〇二六. */
export const yearToChinese = (year: string) => each(year, YEAR_DIGITS);

function date(y: string | undefined, m: string, d: string | undefined, daySuffix = '日'): string {
  return `${y ? `${yearToChinese(y)}年` : ''}${integerToChinese(m)}月${d ? `${integerToChinese(d)}${daySuffix}` : ''}`;
}

function time(h: string, m: string): string {
  const minutes = Number(m);
  const hour = `${integerToChinese(h)}点`;
  if (minutes === 0) return `${hour}整`;
  return `${hour}${minutes < 10 ? '零' : ''}${integerToChinese(minutes)}分`;
}

/**
 * Spell out every number in a text for reading aloud: dates (2026年3月5日, 2026-03-05), times (14:30),
 * percentages, temperatures, phone numbers and room numbers (digit by digit), decimals and whole numbers.
 * @example spellOutNumbers('3月5日14:30起体温超过37.3℃请报告') // '三月五日十四点三十分起体温超过三十七点三摄氏度请报告'
 */
export function spellOutNumbers(text: string): string {
  return (
    text
      // 1,234 → 1234 (thousands separators)
      .replace(/\d{1,3}(?:,\d{3})+(?![\d,])/g, (m) => m.replace(/,/g, ''))
      .replace(/(\d{4})年(\d{1,2})月(\d{1,2})([日号])/g, (_m, y, mo, d, suffix) => date(y, mo, d, suffix))
      .replace(/(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)/g, (_m, y, mo, d) => date(y, mo, d))
      .replace(/(\d{4})年/g, (_m, y) => `${yearToChinese(y)}年`)
      .replace(/(?<!\d)(\d{1,2})月(\d{1,2})([日号])/g, (_m, mo, d, suffix) => date(undefined, mo, d, suffix))
      .replace(/(?<!\d)([01]?\d|2[0-4])[:：]([0-5]\d)(?![\d:])/g, (_m, h, mi) => time(h, mi))
      .replace(/(\d+(?:\.\d+)?)\s*[%％]/g, (_m, n) => `百分之${decimalToChinese(n)}`)
      .replace(/(\d+(?:\.\d+)?)\s*(?:℃|°C)/g, (_m, n) => `${decimalToChinese(n)}摄氏度`)
      // Telephone numbers and codes: 7 digits or more, or a leading 0 (0571…), are read one digit at a time.
      .replace(/(?<![\d.])(?:\d{7,}|0\d{2,})(?![\d.])/g, (m) => each(m, PHONE_DIGITS))
      // Room numbers: 502室 → 五零二室.
      .replace(/(?<![\d.])(\d+)(?=室|房)/g, (_m, n) => each(n, DIGITS))
      .replace(/\d+\.\d+/g, (m) => decimalToChinese(m))
      .replace(/\d+/g, (m) => integerToChinese(m))
  );
}
