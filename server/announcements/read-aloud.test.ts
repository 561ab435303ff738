import { describe, expect, it } from 'vitest';
import { decimalToChinese, integerToChinese, spellOutNumbers, yearToChinese } from './read-aloud.js';

describe('spelling numbers out for reading aloud', () => {
  it('says whole numbers the way people do', () => {
    const cases: [number, string][] = [
      [0, '零'], [7, '七'], [10, '十'], [12, '十二'], [20, '二十'], [100, '一百'], [105, '一百零五'], [110, '一百一十'],
      [1000, '一千'], [1005, '一千零五'], [1050, '一千零五十'], [2030, '二千零三十'], [10000, '一万'], [10005, '一万零五'],
      [100000, '十万'], [120000, '十二万'], [1000500, '一百万零五百'], [10010000, '一千零一万'], [100000000, '一亿'], [100000001, '一亿零一'],
      [123456789, '一亿二千三百四十五万六千七百八十九'],
    ];
    for (const [n, said] of cases) expect(integerToChinese(n), String(n)).toBe(said);
  });

  it('reads decimals and years', () => {
    expect(decimalToChinese('37.3')).toBe('三十七点三');
    expect(decimalToChinese('0.05')).toBe('零点零五');
    expect(yearToChinese('2026')).toBe('二〇二六');
    expect(yearToChinese('2000')).toBe('二〇〇〇');
  });

  it('spells out dates, times, temperatures and counts in a sentence', () => {
    expect(spellOutNumbers('2026年3月5日')).toBe('二〇二六年三月五日');
    expect(spellOutNumbers('14:30')).toBe('十四点三十分');
    expect(spellOutNumbers('37.3')).toBe('三十七点三');
    expect(spellOutNumbers('12')).toBe('十二');
    expect(spellOutNumbers('2026-03-05 9:05 到 18:00')).toBe('二〇二六年三月五日 九点零五分 到 十八点整');
    expect(spellOutNumbers('3月12号起，体温超过37.3℃的居民请报告')).toBe('三月十二号起，体温超过三十七点三摄氏度的居民请报告');
    expect(spellOutNumbers('本社区已有1,250户完成登记，占95%')).toBe('本社区已有一千二百五十户完成登记，占百分之九十五');
    expect(spellOutNumbers('2025年全年')).toBe('二〇二五年全年');
  });

  it('reads phone and room numbers digit by digit', () => {
    expect(spellOutNumbers('请拨打13800138000或0571-12345')).toBe('请拨打幺三八零零幺三八零零零或零五七幺-一万二千三百四十五');
    expect(spellOutNumbers('3号楼502室')).toBe('三号楼五零二室');
  });

  it('leaves text without numbers alone', () => {
    expect(spellOutNumbers('请大家戴好口罩，勤洗手。')).toBe('请大家戴好口罩，勤洗手。');
  });
});
