import { lazy } from 'react';
import { Route, Routes } from 'react-router';
import { useSignedInUser } from '../features/auth/session.ts';
import { AppLayout } from './AppLayout.tsx';
import { HomeRedirect } from './HomeRedirect.tsx';
import { NotFoundPage } from './NotFoundPage.tsx';
import { StaffOnlyPage } from './StaffOnlyPage.tsx';

// Each screen is its own chunk: the first screen downloads only the shell.
const UnitDashboard = lazy(() => import('../features/units/UnitDashboard.tsx').then((m) => ({ default: m.UnitDashboard })));
const MemberList = lazy(() => import('../features/members/MemberList.tsx').then((m) => ({ default: m.MemberList })));
const MemberPage = lazy(() => import('../features/members/MemberPage.tsx').then((m) => ({ default: m.MemberPage })));
const MemberProfile = lazy(() => import('../features/members/MemberProfile.tsx').then((m) => ({ default: m.MemberProfile })));
const MemberTimeline = lazy(() => import('../features/members/MemberTimeline.tsx').then((m) => ({ default: m.MemberTimeline })));
const MemberAudit = lazy(() => import('../features/audit/MemberAudit.tsx').then((m) => ({ default: m.MemberAudit })));
const MemberCreateForm = lazy(() => import('../features/members/MemberCreateForm.tsx').then((m) => ({ default: m.MemberCreateForm })));
const CreateUnitForm = lazy(() => import('../features/units/forms/CreateUnitForm.tsx').then((m) => ({ default: m.CreateUnitForm })));
const RenameUnitForm = lazy(() => import('../features/units/forms/UnitChangeForms.tsx').then((m) => ({ default: m.RenameUnitForm })));
const MoveUnitForm = lazy(() => import('../features/units/forms/UnitChangeForms.tsx').then((m) => ({ default: m.MoveUnitForm })));
const CloseUnitForm = lazy(() => import('../features/units/forms/UnitChangeForms.tsx').then((m) => ({ default: m.CloseUnitForm })));
const MemberEventForm = lazy(() => import('../features/members/MemberEventForm.tsx').then((m) => ({ default: m.MemberEventForm })));
const ProbationPage = lazy(() => import('../features/units/ProbationPage.tsx').then((m) => ({ default: m.ProbationPage })));
const EligibleBadgesPage = lazy(() => import('../features/badges/EligibleBadgesPage.tsx').then((m) => ({ default: m.EligibleBadgesPage })));
const AwardBadgeForm = lazy(() => import('../features/badges/AwardBadgeForm.tsx').then((m) => ({ default: m.AwardBadgeForm })));
const ExemptionForm = lazy(() => import('../features/members/ExemptionForm.tsx').then((m) => ({ default: m.ExemptionForm })));
const MemberEditForm = lazy(() => import('../features/members/MemberEditForm.tsx').then((m) => ({ default: m.MemberEditForm })));
const CandidateList = lazy(() => import('../features/candidates/CandidateList.tsx').then((m) => ({ default: m.CandidateList })));
const CandidatePage = lazy(() => import('../features/candidates/CandidatePage.tsx').then((m) => ({ default: m.CandidatePage })));
const CandidateCreateForm = lazy(() => import('../features/candidates/CandidateCreateForm.tsx').then((m) => ({ default: m.CandidateCreateForm })));
const CandidateEditForm = lazy(() => import('../features/candidates/CandidateEditForm.tsx').then((m) => ({ default: m.CandidateEditForm })));
const CandidateStageForm = lazy(() => import('../features/candidates/CandidateCommandForms.tsx').then((m) => ({ default: m.CandidateStageForm })));
const CandidateAdmitForm = lazy(() => import('../features/candidates/CandidateCommandForms.tsx').then((m) => ({ default: m.CandidateAdmitForm })));
const TransferForm = lazy(() => import('../features/transfers/TransferForm.tsx').then((m) => ({ default: m.TransferForm })));
const TransfersPage = lazy(() => import('../features/transfers/TransfersPage.tsx').then((m) => ({ default: m.TransfersPage })));
const EventCorrectionForm = lazy(() => import('../features/members/EventCorrectionForm.tsx').then((m) => ({ default: m.EventCorrectionForm })));
const ExemptionEndForm = lazy(() => import('../features/members/ExemptionEndForm.tsx').then((m) => ({ default: m.ExemptionEndForm })));
const ImportsPage = lazy(() => import('../features/imports/ImportsPage.tsx').then((m) => ({ default: m.ImportsPage })));
const ImportJobPage = lazy(() => import('../features/imports/ImportJobPage.tsx').then((m) => ({ default: m.ImportJobPage })));
const PlansPage = lazy(() => import('../features/restructure/PlansPage.tsx').then((m) => ({ default: m.PlansPage })));
const PlanPage = lazy(() => import('../features/restructure/PlanPage.tsx').then((m) => ({ default: m.PlanPage })));
const TargetForm = lazy(() => import('../features/targets/TargetForm.tsx').then((m) => ({ default: m.TargetForm })));
const InspectionsHome = lazy(() => import('../features/inspections/InspectionsHome.tsx').then((m) => ({ default: m.InspectionsHome })));
const InspectionDashboard = lazy(() => import('../features/inspections/InspectionDashboard.tsx').then((m) => ({ default: m.InspectionDashboard })));
const ProgramsPage = lazy(() => import('../features/inspections/ProgramsPage.tsx').then((m) => ({ default: m.ProgramsPage })));
const ProgramPage = lazy(() => import('../features/inspections/ProgramPage.tsx').then((m) => ({ default: m.ProgramPage })));
const CasesPage = lazy(() => import('../features/inspections/CasesPage.tsx').then((m) => ({ default: m.CasesPage })));
const OpenCaseForm = lazy(() => import('../features/inspections/OpenCaseForm.tsx').then((m) => ({ default: m.OpenCaseForm })));
const CasePage = lazy(() => import('../features/inspections/CasePage.tsx').then((m) => ({ default: m.CasePage })));
const DisciplinesPage = lazy(() => import('../features/inspections/DisciplinesPage.tsx').then((m) => ({ default: m.DisciplinesPage })));
const DisciplineForm = lazy(() => import('../features/inspections/DisciplineForm.tsx').then((m) => ({ default: m.DisciplineForm })));
const DisciplinePage = lazy(() => import('../features/inspections/DisciplinePage.tsx').then((m) => ({ default: m.DisciplinePage })));
const DeclarationsPage = lazy(() => import('../features/inspections/DeclarationsPage.tsx').then((m) => ({ default: m.DeclarationsPage })));

export function AppRoutes() {
  const me = useSignedInUser();
  if (!me.permissions.includes('units.read')) return <StaffOnlyPage />;
  const inspections = me.permissions.includes('inspections.read');
  const inspectionsWrite = me.permissions.includes('inspections.write');
  return (
    <Routes>
      <Route element={<AppLayout />}>
        <Route index element={<HomeRedirect />} />
        <Route path="units/:unitId" element={<UnitDashboard />} />
        <Route path="units/:unitId/new" element={<CreateUnitForm />} />
        <Route path="units/:unitId/probation" element={<ProbationPage />} />
        <Route path="units/:unitId/badges" element={<EligibleBadgesPage />} />
        <Route path="units/:unitId/transfers" element={<TransfersPage />} />
        <Route path="units/:unitId/rename" element={<RenameUnitForm />} />
        <Route path="units/:unitId/move" element={<MoveUnitForm />} />
        <Route path="units/:unitId/close" element={<CloseUnitForm />} />
        <Route path="units/:unitId/targets/:year" element={<TargetForm />} />
        <Route path="members" element={<MemberList />} />
        <Route path="members/new" element={<MemberCreateForm />} />
        <Route path="members/:memberId/edit" element={<MemberEditForm />} />
        <Route path="members/:memberId/record/:kind" element={<MemberEventForm />} />
        <Route path="members/:memberId/badge" element={<AwardBadgeForm />} />
        <Route path="members/:memberId/exemption" element={<ExemptionForm />} />
        <Route path="members/:memberId/exemptions/:exemptionId/end" element={<ExemptionEndForm />} />
        <Route path="members/:memberId/transfer" element={<TransferForm />} />
        <Route path="members/:memberId/correct/:eventId" element={<EventCorrectionForm />} />
        <Route path="members/:memberId" element={<MemberPage />}>
          <Route index element={<MemberProfile />} />
          <Route path="timeline" element={<MemberTimeline />} />
          <Route path="audit" element={<MemberAudit />} />
        </Route>
        <Route path="candidates" element={<CandidateList />} />
        <Route path="candidates/new" element={<CandidateCreateForm />} />
        <Route path="candidates/:candidateId" element={<CandidatePage />} />
        <Route path="candidates/:candidateId/edit" element={<CandidateEditForm />} />
        <Route path="candidates/:candidateId/stage" element={<CandidateStageForm />} />
        <Route path="candidates/:candidateId/admit" element={<CandidateAdmitForm />} />
        {me.permissions.includes('imports.run') && <Route path="imports" element={<ImportsPage />} />}
        {me.permissions.includes('imports.run') && <Route path="imports/:id" element={<ImportJobPage />} />}
        {me.permissions.includes('units.restructure') && <Route path="restructure" element={<PlansPage />} />}
        {me.permissions.includes('units.restructure') && <Route path="restructure/:id" element={<PlanPage />} />}
        {inspections && (
          <>
            <Route path="inspections" element={<InspectionsHome />} />
            <Route path="units/:unitId/inspections" element={<InspectionDashboard />} />
            <Route path="units/:unitId/inspection-programs" element={<ProgramsPage />} />
            <Route path="inspection-programs/:id" element={<ProgramPage />} />
            <Route path="units/:unitId/inspection-cases" element={<CasesPage />} />
            {inspectionsWrite && <Route path="units/:unitId/inspection-cases/new" element={<OpenCaseForm />} />}
            <Route path="inspection-cases/:id" element={<CasePage />} />
            <Route path="units/:unitId/disciplines" element={<DisciplinesPage />} />
            {inspectionsWrite && <Route path="units/:unitId/disciplines/new" element={<DisciplineForm />} />}
            <Route path="discipline-decisions/:id" element={<DisciplinePage />} />
            <Route path="units/:unitId/asset-declarations" element={<DeclarationsPage />} />
          </>
        )}
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
