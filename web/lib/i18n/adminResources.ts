import { admin as adminEn } from './locales/en/admin';
import { common as commonEn } from './locales/en/common';
import { admin as adminZh } from './locales/zh-CN/admin';
import { common as commonZh } from './locales/zh-CN/common';

/** Everything the admin app says, in both languages. */
export const adminResources = {
  'zh-CN': { common: commonZh, admin: adminZh },
  en: { common: commonEn, admin: adminEn },
};
