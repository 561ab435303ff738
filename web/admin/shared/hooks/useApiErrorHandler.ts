import { App, type FormInstance } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../lib/api';
import { describeError } from '../../../lib/i18n/describeError';

/**
 * Shows an API failure to the user: each entry of `fields` beside its form field (when a form is
 * given), and the message in a notification. A lost session (401) is not shown: the app is
 * already on its way to the login page.
 */
export function useApiErrorHandler() {
  const { notification } = App.useApp();
  const { t } = useTranslation('common');
  return useCallback(
    (error: unknown, form?: FormInstance) => {
      if (error instanceof DOMException && error.name === 'AbortError') return;
      if (error instanceof ApiError && error.status === 401 && error.code !== 'AUTH_INVALID') return;
      const text = describeError(t, error);
      let detail = text.detail;
      if (error instanceof ApiError && error.fields) {
        const entries = Object.entries(error.fields);
        if (form) {
          // Field paths such as `duties.2` belong to the top-level form item `duties`.
          const byField = new Map<string, string[]>();
          for (const [path, message] of entries) {
            const name = path.split('.')[0];
            byField.set(name, [...(byField.get(name) ?? []), message]);
          }
          form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
        } else if (entries.length > 0) {
          detail = entries.map(([path, message]) => `${path}: ${message}`).join('\n');
        }
      }
      notification.error({ title: text.title, description: detail, placement: 'topRight' });
    },
    [notification, t],
  );
}
