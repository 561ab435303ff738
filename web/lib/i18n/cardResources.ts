import { card as cardEn } from './locales/en/card';
import { common as commonEn } from './locales/en/common';
import { mobileCases as mobileCasesEn } from './locales/en/mobileCases';
import { notices as noticesEn } from './locales/en/notices';
import { card as cardZh } from './locales/zh-CN/card';
import { common as commonZh } from './locales/zh-CN/common';
import { mobileCases as mobileCasesZh } from './locales/zh-CN/mobileCases';
import { notices as noticesZh } from './locales/zh-CN/notices';

/** Everything the mobile entry (grid card, notices, screen mode, cases) says, in both languages (kept apart so the admin words stay out of it). */
export const cardResources = {
  'zh-CN': { common: commonZh, card: cardZh, notices: noticesZh, mobileCases: mobileCasesZh },
  en: { common: commonEn, card: cardEn, notices: noticesEn, mobileCases: mobileCasesEn },
};
