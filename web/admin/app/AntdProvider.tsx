import { App, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import 'dayjs/locale/zh-cn';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { normalizeLanguage } from '../../lib/i18n/language';

const theme = { token: { colorPrimary: '#1f4e9c', borderRadius: 6 } };

/** antd's own texts (pagination, pickers, empty states) follow the app language. */
export function AntdProvider({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  const locale = normalizeLanguage(i18n.language) === 'en' ? enUS : zhCN;
  return (
    <ConfigProvider locale={locale} theme={theme}>
      <App>{children}</App>
    </ConfigProvider>
  );
}
