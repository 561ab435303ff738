import { adminResources } from '../../lib/i18n/adminResources';
import { createI18n } from '../../lib/i18n/createI18n';

/** The admin app's i18next instance (Chinese unless `wangge.lang` says English). */
export const adminI18n = createI18n(adminResources, ['common', 'admin', 'forms', 'formStats', 'cases'], 'admin');
