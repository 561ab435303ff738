import { idCheckChar } from '../../common/id-number.js';

/**
 * Fake but valid personal data for tests and benchmarks: ID numbers with correct check digits and
 * the birth date and gender they encode, mobile numbers, and common Chinese names.
 */

/** Build a valid ID number from its parts; `seq` is the 3-digit sequence whose last digit gives the gender. */
export function idNumberOf(area: string, birthDate: string, seq: number): string {
  const first17 = `${area}${birthDate.replace(/-/g, '')}${String(seq % 1000).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
}

/**
 * A source of distinct valid ID numbers: each call gives a new one with the birth date and gender asked for.
 * @example const ids = idNumbers(); ids.next({ birthDate: '1980-05-17', gender: 'male' }) // '370102198005170011'-like
 */
export function idNumbers(area = '370102') {
  const used = new Map<string, number>();
  return {
    next({ birthDate = '1980-05-17', gender = 'male' }: { birthDate?: string; gender?: 'male' | 'female' } = {}): string {
      const key = `${birthDate}${gender}`;
      const n = used.get(key) ?? 0;
      if (n >= 500) throw new Error(`no more ID numbers for ${key}`);
      used.set(key, n + 1);
      // 500 numbers per birth date and gender: odd last sequence digit for men, even for women.
      return idNumberOf(area, birthDate, n * 2 + (gender === 'male' ? 1 : 0));
    },
  };
}

/** A deterministic pseudo-random source (LCG): the same seed gives the same data. */
export function seeded(seed: number) {
  let a = seed >>> 0 || 1;
  const int = (n: number) => {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    return Math.floor((a / 4294967296) * n);
  };
  return { int, pick: <T>(list: readonly T[]): T => list[int(list.length)] };
}

export const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'.split('');
export const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华玉萍红娥玲芬燕彩春菊凤洁梅琳素云莲真环雪荣爱妹香月莺媛瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝思丽秀飞'.split('');

/** A plausible two- or three-character name. */
export function fakeName(rand: ReturnType<typeof seeded>): string {
  return rand.pick(SURNAMES) + rand.pick(GIVEN) + (rand.int(3) ? rand.pick(GIVEN) : '');
}

/** A plausible mobile number (1[3-9]x xxxx xxxx). */
export function fakePhone(rand: ReturnType<typeof seeded>): string {
  return `1${3 + rand.int(7)}${String(rand.int(1_000_000_000)).padStart(9, '0')}`;
}
