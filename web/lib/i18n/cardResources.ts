import { card as cardEn } from './locales/en/card';
import { common as commonEn } from './locales/en/common';
import { notices as noticesEn } from './locales/en/notices';
import { card as cardZh } from './locales/zh-CN/card';
import { common as commonZh } from './locales/zh-CN/common';
import { notices as noticesZh } from './locales/zh-CN/notices';

/** Everything the mobile entry (grid card, notices, screen mode) says, in both languages (kept apart so the admin words stay out of it). */
export const cardResources = {
  'zh-CN': { common: commonZh, card: cardZh, notices: noticesZh },
  en: { common: commonEn, card: cardEn, notices: noticesEn },
};
