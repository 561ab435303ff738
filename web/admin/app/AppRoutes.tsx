import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { AdminLayout } from '../shared/components/AdminLayout';
import { HomeRedirect } from '../shared/components/HomeRedirect';
import { PageLoading } from '../shared/components/PageLoading';
import { RequireAuth } from '../shared/components/RequireAuth';
import { RequirePermission } from '../shared/components/RequirePermission';
import { NotFoundPage } from '../shared/pages/NotFoundPage';

// One chunk per page: the login screen does not pay for the tree, the audit table or the pickers.
const LoginPage = lazy(() => import('../features/auth/pages/LoginPage').then((m) => ({ default: m.LoginPage })));
const AreaTreePage = lazy(() => import('../features/areas/pages/AreaTreePage').then((m) => ({ default: m.AreaTreePage })));
const AreaImportPage = lazy(() => import('../features/areas/pages/AreaImportPage').then((m) => ({ default: m.AreaImportPage })));
const RosterPage = lazy(() => import('../features/roster/pages/RosterPage').then((m) => ({ default: m.RosterPage })));
const UsersPage = lazy(() => import('../features/users/pages/UsersPage').then((m) => ({ default: m.UsersPage })));
const ResidentsPage = lazy(() => import('../features/registry/pages/ResidentsPage').then((m) => ({ default: m.ResidentsPage })));
const HouseholdsPage = lazy(() => import('../features/registry/pages/HouseholdsPage').then((m) => ({ default: m.HouseholdsPage })));
const ResidentImportPage = lazy(() => import('../features/registry/pages/ResidentImportPage').then((m) => ({ default: m.ResidentImportPage })));
const RegistryOverviewPage = lazy(() => import('../features/registry/pages/RegistryOverviewPage').then((m) => ({ default: m.RegistryOverviewPage })));
const AnnouncementsPage = lazy(() => import('../features/announcements/pages/AnnouncementsPage').then((m) => ({ default: m.AnnouncementsPage })));
const AnnouncementEditPage = lazy(() => import('../features/announcements/pages/AnnouncementEditPage').then((m) => ({ default: m.AnnouncementEditPage })));
const WebhooksPage = lazy(() => import('../features/announcements/pages/WebhooksPage').then((m) => ({ default: m.WebhooksPage })));
const FormsPage = lazy(() => import('../features/forms/pages/FormsPage').then((m) => ({ default: m.FormsPage })));
const FormDesignerPage = lazy(() => import('../features/forms/pages/FormDesignerPage').then((m) => ({ default: m.FormDesignerPage })));
const FormStatsPage = lazy(() => import('../features/form-stats/pages/FormStatsPage').then((m) => ({ default: m.FormStatsPage })));
const FormSubmissionsPage = lazy(() => import('../features/form-stats/pages/FormSubmissionsPage').then((m) => ({ default: m.FormSubmissionsPage })));
const NotReportedPage = lazy(() => import('../features/form-stats/pages/NotReportedPage').then((m) => ({ default: m.NotReportedPage })));
const FormAlertsPage = lazy(() => import('../features/form-stats/pages/FormAlertsPage').then((m) => ({ default: m.FormAlertsPage })));
const CasesPage = lazy(() => import('../features/cases/pages/CasesPage').then((m) => ({ default: m.CasesPage })));
const NewCasePage = lazy(() => import('../features/cases/pages/NewCasePage').then((m) => ({ default: m.NewCasePage })));
const CaseDetailPage = lazy(() => import('../features/cases/pages/CaseDetailPage').then((m) => ({ default: m.CaseDetailPage })));
const CaseCategoriesPage = lazy(() => import('../features/cases/pages/CaseCategoriesPage').then((m) => ({ default: m.CaseCategoriesPage })));
const InspectionsPage = lazy(() => import('../features/cases/pages/InspectionsPage').then((m) => ({ default: m.InspectionsPage })));
const InspectionDetailPage = lazy(() => import('../features/cases/pages/InspectionDetailPage').then((m) => ({ default: m.InspectionDetailPage })));
const AuditPage = lazy(() => import('../features/audit/pages/AuditPage').then((m) => ({ default: m.AuditPage })));

export function AppRoutes() {
  return (
    <Suspense fallback={<PageLoading fullScreen />}>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route
          element={
            <RequireAuth>
              <AdminLayout />
            </RequireAuth>
          }
        >
          <Route index element={<HomeRedirect />} />
          <Route
            path="areas"
            element={
              <RequirePermission permission="area.read">
                <AreaTreePage />
              </RequirePermission>
            }
          />
          <Route
            path="areas/import"
            element={
              <RequirePermission permission="area.write">
                <AreaImportPage />
              </RequirePermission>
            }
          />
          <Route
            path="roster"
            element={
              <RequirePermission permission="roster.read">
                <RosterPage />
              </RequirePermission>
            }
          />
          <Route
            path="residents"
            element={
              <RequirePermission permission="resident.read">
                <ResidentsPage />
              </RequirePermission>
            }
          />
          <Route
            path="residents/import"
            element={
              <RequirePermission permission="resident.write">
                <ResidentImportPage />
              </RequirePermission>
            }
          />
          <Route
            path="households"
            element={
              <RequirePermission permission="resident.read">
                <HouseholdsPage />
              </RequirePermission>
            }
          />
          <Route
            path="registry/overview"
            element={
              <RequirePermission permission="resident.read">
                <RegistryOverviewPage />
              </RequirePermission>
            }
          />
          <Route
            path="announcements"
            element={
              <RequirePermission permission="announcement.read">
                <AnnouncementsPage />
              </RequirePermission>
            }
          />
          <Route
            path="announcements/new"
            element={
              <RequirePermission permission="announcement.write">
                <AnnouncementEditPage />
              </RequirePermission>
            }
          />
          <Route
            path="announcements/webhooks"
            element={
              <RequirePermission permission="announcement.write">
                <WebhooksPage />
              </RequirePermission>
            }
          />
          <Route
            path="announcements/:id"
            element={
              <RequirePermission permission="announcement.read">
                <AnnouncementEditPage />
              </RequirePermission>
            }
          />
          <Route
            path="forms"
            element={
              <RequirePermission permission="form.read">
                <FormsPage />
              </RequirePermission>
            }
          />
          <Route
            path="forms/new"
            element={
              <RequirePermission permission="form.write">
                <FormDesignerPage />
              </RequirePermission>
            }
          />
          <Route
            path="forms/:id"
            element={
              <RequirePermission permission="form.read">
                <FormDesignerPage />
              </RequirePermission>
            }
          />
          <Route
            path="forms/:id/stats"
            element={
              <RequirePermission permission="form.read">
                <FormStatsPage />
              </RequirePermission>
            }
          />
          <Route
            path="forms/:id/submissions"
            element={
              <RequirePermission permission="form.read">
                <FormSubmissionsPage />
              </RequirePermission>
            }
          />
          <Route
            path="forms/:id/not-reported"
            element={
              <RequirePermission permission="form.read">
                <NotReportedPage />
              </RequirePermission>
            }
          />
          <Route
            path="form-alerts"
            element={
              <RequirePermission permission="form.read">
                <FormAlertsPage />
              </RequirePermission>
            }
          />
          <Route
            path="cases"
            element={
              <RequirePermission permission="case.read">
                <CasesPage />
              </RequirePermission>
            }
          />
          <Route
            path="cases/new"
            element={
              <RequirePermission permission="case.report">
                <NewCasePage />
              </RequirePermission>
            }
          />
          <Route
            path="cases/:id"
            element={
              <RequirePermission permission="case.read">
                <CaseDetailPage />
              </RequirePermission>
            }
          />
          <Route
            path="case-categories"
            element={
              <RequirePermission permission="case.configure">
                <CaseCategoriesPage />
              </RequirePermission>
            }
          />
          <Route
            path="inspections"
            element={
              <RequirePermission permission="case.read">
                <InspectionsPage />
              </RequirePermission>
            }
          />
          <Route
            path="inspections/:id"
            element={
              <RequirePermission permission="case.read">
                <InspectionDetailPage />
              </RequirePermission>
            }
          />
          <Route
            path="users"
            element={
              <RequirePermission permission="user.manage">
                <UsersPage />
              </RequirePermission>
            }
          />
          <Route
            path="audit"
            element={
              <RequirePermission permission="audit.read">
                <AuditPage />
              </RequirePermission>
            }
          />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </Suspense>
  );
}
