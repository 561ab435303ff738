import { QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { I18nextProvider } from 'react-i18next';
import { BrowserRouter } from 'react-router';
import { adminI18n } from './adminI18n';
import { AntdProvider } from './AntdProvider';
import { AppRoutes } from './AppRoutes';
import { createQueryClient } from './createQueryClient';
import { UnauthorizedRedirect } from './UnauthorizedRedirect';

/** Providers of the desktop admin app, outermost first. */
export function AdminApp() {
  const [queryClient] = useState(createQueryClient);
  return (
    <I18nextProvider i18n={adminI18n}>
      <QueryClientProvider client={queryClient}>
        <AntdProvider>
          <BrowserRouter>
            <UnauthorizedRedirect />
            <AppRoutes />
          </BrowserRouter>
        </AntdProvider>
      </QueryClientProvider>
    </I18nextProvider>
  );
}
