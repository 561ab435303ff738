import 'i18next';
import type { AdminMessages } from './locales/zh-CN/admin';
import type { CardMessages } from './locales/zh-CN/card';
import type { CasesMessages } from './locales/zh-CN/cases';
import type { CommonMessages } from './locales/zh-CN/common';
import type { MobileCasesMessages } from './locales/zh-CN/mobileCases';
import type { NoticesMessages } from './locales/zh-CN/notices';
import type { FormsMessages } from './locales/zh-CN/forms';
import type { FormStatsMessages } from './locales/zh-CN/formStats';

// Typed keys: a misspelt or missing translation key is a compile error.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'common';
    returnNull: false;
    resources: {
      common: CommonMessages;
      admin: AdminMessages;
      card: CardMessages;
      notices: NoticesMessages;
      mobileCases: MobileCasesMessages;
      forms: FormsMessages;
      formStats: FormStatsMessages;
      cases: CasesMessages;
    };
  }
}
