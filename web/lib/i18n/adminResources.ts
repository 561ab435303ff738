import { admin as adminEn } from './locales/en/admin';
import { cases as casesEn } from './locales/en/cases';
import { common as commonEn } from './locales/en/common';
import { forms as formsEn } from './locales/en/forms';
import { formStats as formStatsEn } from './locales/en/formStats';
import { admin as adminZh } from './locales/zh-CN/admin';
import { cases as casesZh } from './locales/zh-CN/cases';
import { common as commonZh } from './locales/zh-CN/common';
import { forms as formsZh } from './locales/zh-CN/forms';
import { formStats as formStatsZh } from './locales/zh-CN/formStats';

/** Everything the admin app says, in both languages. */
export const adminResources = {
  'zh-CN': { common: commonZh, admin: adminZh, forms: formsZh, formStats: formStatsZh, cases: casesZh },
  en: { common: commonEn, admin: adminEn, forms: formsEn, formStats: formStatsEn, cases: casesEn },
};
