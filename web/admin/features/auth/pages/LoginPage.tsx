import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate, type Location } from 'react-router';
import { ApiError } from '../../../../lib/api';
import { describeError } from '../../../../lib/i18n/describeError';
import { LangSwitch } from '../../../shared/components/LangSwitch';
import { useDocumentTitle } from '../../../shared/hooks/useDocumentTitle';
import { useLogin, type LoginInput } from '../hooks/useLogin';
import { useMe } from '../hooks/useMe';

/** Username + password. Wrong password, locked account and rate limiting each show the server's answer. */
export function LoginPage() {
  const { t } = useTranslation('admin');
  const { t: tc } = useTranslation('common');
  const [form] = Form.useForm<LoginInput>();
  const navigate = useNavigate();
  const location = useLocation();
  const me = useMe();
  const login = useLogin();
  useDocumentTitle(t('login.title'));

  const from = (location.state as { from?: Location } | null)?.from;
  // Phone pages (/m/…) send people here with ?next=; only same-site paths are followed.
  const next = new URLSearchParams(location.search).get('next');
  const safeNext = next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : null;
  const target = safeNext ?? (from && from.pathname !== '/login' ? `${from.pathname}${from.search}` : '/');
  // The phone pages are a separate entry: leave the admin app with a full page load.
  const go = () => (target.startsWith('/m/') ? window.location.assign(target) : navigate(target, { replace: true }));

  if (me.data) {
    if (target.startsWith('/m/')) {
      window.location.assign(target);
      return null;
    }
    return <Navigate to={target} replace />;
  }

  const onFinish = (values: LoginInput) => {
    login.mutate(values, {
      onSuccess: go,
      onError: (error) => {
        if (error instanceof ApiError && error.fields) {
          form.setFields(Object.entries(error.fields).map(([name, message]) => ({ name: name.split('.')[0] as keyof LoginInput, errors: [message] })));
        }
      },
    });
  };

  const errorText = login.error ? describeError(tc, login.error) : null;
  const errorType = login.error instanceof ApiError && (login.error.code === 'AUTH_LOCKED' || login.error.status === 423 || login.error.status === 429) ? 'warning' : 'error';

  return (
    <div className="login-screen">
      <div className="login-screen__lang">
        <LangSwitch />
      </div>
      <Card className="login-card">
        <div className="login-card__brand">
          <span className="brand-mark" aria-hidden="true" />
          <div>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {tc('appName')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('login.subtitle')}</Typography.Text>
          </div>
        </div>
        {errorText && (
          <Alert
            type={errorType}
            showIcon
            title={errorText.title}
            description={errorText.detail}
            style={{ marginBottom: 16 }}
            data-testid="login-error"
          />
        )}
        <Form form={form} layout="vertical" onFinish={onFinish} requiredMark={false} size="large" autoComplete="on">
          <Form.Item name="username" label={t('login.username')} rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus data-testid="login-username" />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={login.isPending} data-testid="login-submit">
            {t('login.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
