import { idCheckChar } from '../../common/id-number.js';

/**
 * Plausible made-up people for the demo district, tests and benchmarks: common surnames, given names
 * by gender and generation, ID numbers with a correct check digit, mobile numbers. Seeded, so a run
 * can be repeated exactly. None of it is anyone's real data.
 */

/** The most common surnames, most frequent first; picks lean towards the front like real ones do. */
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'.split('');

const GIVEN = {
  /** Born before about 1965. */
  old: {
    male: ['建国', '建华', '国庆', '国强', '志明', '德福', '振华', '文革', '卫东', '保国', '金山', '长青', '玉林', '树林', '学军', '广田', '福生', '永庆'],
    female: ['秀英', '桂英', '玉兰', '桂兰', '秀兰', '凤英', '淑珍', '玉珍', '桂芳', '秀珍', '翠花', '素芬', '玉梅', '春花', '淑华', '金凤'],
  },
  /** 1965–1990. */
  middle: {
    male: ['伟', '强', '磊', '军', '勇', '杰', '涛', '明', '超', '刚', '平', '辉', '鹏', '华', '波', '斌', '志强', '海涛', '建军', '晓东', '红军', '立新'],
    female: ['芳', '娜', '敏', '静', '丽', '艳', '娟', '霞', '燕', '红', '丽娟', '海燕', '晓红', '春梅', '雪梅', '丽萍', '婷', '玲'],
  },
  /** Born after 1990. */
  young: {
    male: ['浩然', '子轩', '宇航', '俊杰', '梓豪', '一鸣', '浩宇', '子豪', '博文', '天佑', '宇轩', '皓轩', '睿', '鑫', '旭', '宇', '帆', '凯'],
    female: ['欣怡', '梓涵', '诗涵', '雨桐', '子涵', '可馨', '佳怡', '思雨', '雨欣', '一诺', '语嫣', '若曦', '紫萱', '梦琪', '琳', '雪', '悦', '彤'],
  },
};

/** A small seeded PRNG (mulberry32): the same seed gives the same people. */
export function seededRandom(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)],
    /** Lean towards the front of the list (surname frequencies fall off steeply). */
    pickFront: <T>(list: readonly T[]): T => list[Math.floor(next() * next() * list.length)],
    chance: (p: number) => next() < p,
  };
}
export type Random = ReturnType<typeof seededRandom>;

export type FakeGender = 'male' | 'female';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** A birth date in a year, as YYYY-MM-DD (days 1–28, so every month works). */
export function fakeBirthDate(rnd: Random, year: number): string {
  return `${year}-${pad(rnd.int(1, 12))}-${pad(rnd.int(1, 28))}`;
}

export function fakeName(rnd: Random, gender: FakeGender, birthYear: number): string {
  const generation = birthYear < 1965 ? GIVEN.old : birthYear < 1990 ? GIVEN.middle : GIVEN.young;
  return rnd.pickFront(SURNAMES) + rnd.pick(generation[gender]);
}

/** A given name only, for family members who share the head's surname. */
export function fakeGivenName(rnd: Random, gender: FakeGender, birthYear: number): string {
  const generation = birthYear < 1965 ? GIVEN.old : birthYear < 1990 ? GIVEN.middle : GIVEN.young;
  return rnd.pick(generation[gender]);
}

export const surnameOf = (name: string) => name[0];
export const pickSurname = (rnd: Random) => rnd.pickFront(SURNAMES);

/**
 * An 18-character ID number with a correct check digit for a birth date and gender, unique within `taken`
 * (the 3-digit sequence is odd for men, even for women, as GB 11643 has it).
 */
export function fakeIdNumber(rnd: Random, areaCode: string, birthDate: string, gender: FakeGender, taken: Set<string>): string {
  const date = birthDate.replace(/-/g, '');
  for (;;) {
    let seq = rnd.int(1, 999);
    if ((seq % 2 === 1) !== (gender === 'male')) seq = seq === 999 ? 998 : seq + 1;
    const first17 = `${areaCode}${date}${pad(seq, 3)}`;
    const id = first17 + idCheckChar(first17);
    if (!taken.has(id)) {
      taken.add(id);
      return id;
    }
  }
}

const PHONE_PREFIXES = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '153', '155', '156', '157', '158', '159', '166', '177', '180', '181', '182', '183', '185', '186', '187', '188', '189', '199'];

export function fakePhone(rnd: Random): string {
  return rnd.pick(PHONE_PREFIXES) + pad(rnd.int(0, 99_999_999), 8);
}
