import { LogoutOutlined, MenuFoldOutlined, MenuOutlined, MenuUnfoldOutlined } from '@ant-design/icons';
import { Button, Drawer, Grid, Layout, Menu, Tag, Tooltip, Typography, type MenuProps } from 'antd';
import { Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { NAV, NAV_ITEMS } from '../../app/navItems';
import { useLogout } from '../../features/auth/hooks/useLogout';
import { useMe } from '../../features/auth/hooks/useMe';
import { hasPermission } from '../../features/auth/utils/hasPermission';
import { LangSwitch } from './LangSwitch';
import { PageLoading } from './PageLoading';

/** The longest menu path that prefixes the current one (so /areas/import does not light up /areas). */
function selectedPath(pathname: string): string | undefined {
  return NAV_ITEMS.map((item) => item.path)
    .filter((path) => pathname === path || pathname.startsWith(`${path}/`))
    .sort((a, b) => b.length - a.length)[0];
}

/**
 * Shell of every signed-in page: a collapsible side menu on wide screens, a drawer menu behind a
 * button on phones, and a header with the language switch and sign-out.
 */
export function AdminLayout() {
  const { t } = useTranslation('admin');
  const { t: tc } = useTranslation('common');
  const screens = Grid.useBreakpoint();
  // Before the first measurement useBreakpoint returns {}: fall back to the window width.
  const isPhone = screens.md === undefined ? window.innerWidth < 768 : !screens.md;
  const [collapsed, setCollapsed] = useState(false);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const { data: me } = useMe();
  const logout = useLogout();
  const navigate = useNavigate();
  const location = useLocation();

  const items: MenuProps['items'] = useMemo(
    () =>
      NAV.flatMap((entry): NonNullable<MenuProps['items']> => {
        if (!('children' in entry)) return hasPermission(me, entry.permission) ? [{ key: entry.path, icon: entry.icon, label: t(entry.labelKey) }] : [];
        const children = entry.children.filter((item) => hasPermission(me, item.permission)).map((item) => ({ key: item.path, icon: item.icon, label: t(item.labelKey) }));
        return children.length ? [{ key: entry.key, icon: entry.icon, label: t(entry.labelKey), children }] : [];
      }),
    [me, t],
  );
  const selected = selectedPath(location.pathname);
  // Groups start open, so the registry pages are one click away like every other page.
  const [openKeys, setOpenKeys] = useState<string[]>(() => NAV.filter((entry) => 'children' in entry).map((entry) => (entry as { key: string }).key));

  const menu = (
    <Menu
      mode="inline"
      items={items}
      selectedKeys={selected ? [selected] : []}
      openKeys={openKeys}
      onOpenChange={setOpenKeys}
      onClick={({ key }) => {
        navigate(key);
        setDrawerOpen(false);
      }}
      style={{ borderInlineEnd: 'none' }}
      data-testid="nav-menu"
    />
  );

  const brand = (showText: boolean) => (
    <div className="brand">
      <span className="brand-mark" aria-hidden="true" />
      {showText && <span className="brand__text">{tc('appName')}</span>}
    </div>
  );

  const onLogout = () => logout.mutate(undefined, { onSettled: () => navigate('/login', { replace: true }) });

  return (
    <Layout className="admin-layout">
      {!isPhone && (
        <Layout.Sider theme="light" width={216} collapsible collapsed={collapsed} onCollapse={setCollapsed} trigger={null} className="admin-sider">
          {brand(!collapsed)}
          {menu}
        </Layout.Sider>
      )}
      <Layout>
        <Layout.Header className="admin-header">
          {isPhone ? (
            <Button type="text" icon={<MenuOutlined />} aria-label={t('header.openMenu')} onClick={() => setDrawerOpen(true)} data-testid="menu-button" />
          ) : (
            <Button
              type="text"
              icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
              aria-label={collapsed ? t('header.expand') : t('header.collapse')}
              onClick={() => setCollapsed((c) => !c)}
            />
          )}
          {isPhone && brand(true)}
          <div className="admin-header__spacer" />
          <LangSwitch size={isPhone ? 'small' : 'middle'} />
          {me && !isPhone && (
            <Typography.Text className="admin-header__user" ellipsis data-testid="current-user">
              {me.displayName || me.username}
              {me.isSuperAdmin && (
                <Tag color="gold" style={{ marginInlineStart: 8 }}>
                  {t('header.superAdmin')}
                </Tag>
              )}
            </Typography.Text>
          )}
          <Tooltip title={isPhone ? t('header.logout') : undefined}>
            <Button icon={<LogoutOutlined />} onClick={onLogout} loading={logout.isPending} aria-label={t('header.logout')} data-testid="logout">
              {isPhone ? null : t('header.logout')}
            </Button>
          </Tooltip>
        </Layout.Header>
        <Layout.Content className="admin-content">
          <Suspense fallback={<PageLoading />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
      {isPhone && (
        <Drawer placement="left" open={drawerOpen} onClose={() => setDrawerOpen(false)} size={248} title={brand(true)} styles={{ body: { padding: 0 } }}>
          {menu}
        </Drawer>
      )}
    </Layout>
  );
}
