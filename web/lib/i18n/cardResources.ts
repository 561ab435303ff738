import { card as cardEn } from './locales/en/card';
import { common as commonEn } from './locales/en/common';
import { card as cardZh } from './locales/zh-CN/card';
import { common as commonZh } from './locales/zh-CN/common';

/** Everything the mobile grid card says, in both languages (kept apart so the admin words stay out of it). */
export const cardResources = {
  'zh-CN': { common: commonZh, card: cardZh },
  en: { common: commonEn, card: cardEn },
};
