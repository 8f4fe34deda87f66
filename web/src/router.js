// Routes. The staff console lives at /, the applicant portal at /apply
// (phone first) and the public pages at /public (no sign-in). `anju serve`
// answers any of these paths with index.html (the history fallback).
import { createRouter, createWebHistory } from 'vue-router'
import { session, loadSession, role } from './lib/session.js'
import { may } from './lib/access.js'
import { t } from './lib/i18n.js'
import ConsoleLayout from './layouts/ConsoleLayout.vue'

const ApplyLayout = () => import('./layouts/ApplyLayout.vue')
const PublicLayout = () => import('./layouts/PublicLayout.vue')

const routes = [
  { path: '/login', name: 'login', component: () => import('./views/LoginView.vue'), meta: { public: true } },
  {
    path: '/',
    component: ConsoleLayout,
    children: [
      { path: '', name: 'dashboard', component: () => import('./views/DashboardView.vue'), meta: { title: 'menu.dashboard' } },
      {
        path: 'households', name: 'households', component: () => import('./views/HouseholdsView.vue'),
        meta: { title: 'menu.households', perm: 'household.read' },
      },
      {
        path: 'households/:id(\\d+)', name: 'household', component: () => import('./views/HouseholdView.vue'),
        meta: { title: 'household.title', perm: 'household.read', menu: 'households' },
      },
      {
        path: 'review', name: 'review', component: () => import('./views/ReviewView.vue'),
        meta: { title: 'menu.review', perm: 'application.read' },
      },
      {
        path: 'applications/:id(\\d+)', name: 'application', component: () => import('./views/ApplicationView.vue'),
        meta: { title: 'application.title', perm: 'application.read', menu: 'review' },
      },
      {
        path: 'notices', name: 'notices', component: () => import('./views/NoticesView.vue'),
        meta: { title: 'menu.notices', perm: 'objection' },
      },
      {
        path: 'policies', name: 'policies', component: () => import('./views/PoliciesView.vue'),
        meta: { title: 'menu.policies', perm: 'policy.read' },
      },
      {
        path: 'policies/:ref', name: 'policy', component: () => import('./views/PolicyView.vue'),
        meta: { title: 'menu.policies', perm: 'policy.read', menu: 'policies' },
      },
      {
        path: 'stock', name: 'stock', component: () => import('./views/StockView.vue'),
        meta: { title: 'menu.stock', perm: 'stock.read' },
      },
      {
        path: 'stock/projects/:id(\\d+)', name: 'project', component: () => import('./views/ProjectView.vue'),
        meta: { title: 'stock.projectTitle', perm: 'stock.read', menu: 'stock' },
      },
      {
        path: 'queue', name: 'queue', component: () => import('./views/QueueView.vue'),
        meta: { title: 'queue.title', perm: 'queue.list' },
      },
      {
        path: 'rounds', name: 'rounds', component: () => import('./views/RoundsView.vue'),
        meta: { title: 'menu.rounds', perm: 'round.read' },
      },
      {
        path: 'rounds/:id(\\d+)', name: 'round', component: () => import('./views/RoundView.vue'),
        meta: { title: 'rounds.title', perm: 'round.read', menu: 'rounds' },
      },
      { path: 'audit', name: 'audit', component: () => import('./views/AuditView.vue'), meta: { title: 'menu.audit', perm: 'audit.read' } },
      { path: 'users', name: 'users', component: () => import('./views/UsersView.vue'), meta: { title: 'menu.users', perm: 'account.admin' } },
    ],
  },
  {
    path: '/apply',
    component: ApplyLayout,
    meta: { portal: true },
    children: [
      { path: '', name: 'apply-home', component: () => import('./portal/ApplyHome.vue'), meta: { title: 'portal.title' } },
      { path: 'login', name: 'apply-login', component: () => import('./portal/ApplyLogin.vue'), meta: { title: 'portal.login', guest: true } },
      { path: 'register', name: 'apply-register', component: () => import('./portal/ApplyRegister.vue'), meta: { title: 'portal.register', guest: true } },
      { path: 'household', name: 'apply-household', component: () => import('./portal/ApplyHousehold.vue'), meta: { title: 'portal.bindTitle', applicant: true, noHousehold: true } },
      {
        path: 'household/new', name: 'apply-household-new', component: () => import('./portal/HouseholdForm.vue'),
        meta: { title: 'hhform.title', applicant: true, noHousehold: true },
      },
      { path: 'new', name: 'apply-new', component: () => import('./portal/ApplyNew.vue'), meta: { title: 'portal.newApplication', applicant: true, household: true } },
      {
        path: 'applications/:id(\\d+)', name: 'apply-application', component: () => import('./portal/ApplyStatus.vue'),
        meta: { title: 'portal.myApplications', applicant: true, household: true },
      },
      { path: ':rest(.*)*', redirect: { name: 'apply-home' } },
    ],
  },
  {
    path: '/public',
    component: PublicLayout,
    meta: { public: true },
    children: [
      { path: '', redirect: { name: 'public-notices' } },
      { path: 'notices', name: 'public-notices', component: () => import('./public/PublicNoticesView.vue'), meta: { title: 'publicNotices.title' } },
      { path: 'rounds', name: 'public-rounds', component: () => import('./public/PublicRoundsView.vue'), meta: { title: 'publicRounds.title' } },
      {
        path: 'rounds/:id(\\d+)', name: 'public-round', component: () => import('./public/PublicRoundView.vue'),
        meta: { title: 'publicRounds.resultsTitle' },
      },
      { path: 'lottery', name: 'public-lottery', component: () => import('./public/LotteryVerifyView.vue'), meta: { title: 'lottery.title' } },
      { path: ':rest(.*)*', redirect: { name: 'public-notices' } },
    ],
  },
  { path: '/:rest(.*)*', name: 'not-found', component: () => import('./views/NotFoundView.vue'), meta: { public: true } },
]

const router = createRouter({
  history: createWebHistory(),
  routes,
  scrollBehavior: () => ({ top: 0 }),
})

router.beforeEach(async (to) => {
  // the public pages never ask for the session (a notice is one request)
  if (to.meta.public && to.name !== 'login') return true
  if (session.state === 'unknown') await loadSession()
  if (to.name === 'login') {
    if (session.state === 'signed-in') return typeof to.query.redirect === 'string' ? to.query.redirect : { name: 'dashboard' }
    return true
  }
  if (to.meta.portal) {
    const signedIn = session.state === 'signed-in'
    const applicant = signedIn && role.value === 'applicant'
    if (to.meta.guest) return applicant ? { name: 'apply-home' } : true
    if (!to.meta.applicant) return true
    if (!signedIn) return { name: 'apply-login', query: { redirect: to.fullPath } }
    if (!applicant) return { name: 'apply-home' }
    if (to.meta.household && !session.account.household_id) return { name: 'apply-household' }
    if (to.meta.noHousehold && session.account.household_id) return { name: 'apply-home' }
    return true
  }
  if (session.state === 'anonymous') return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} }
  if (role.value === 'applicant') return { path: '/apply' }
  if (to.meta.perm && !may(role.value, to.meta.perm)) return { name: 'dashboard' }
  return true
})

router.afterEach((to) => {
  const title = to.meta.title ? `${t(to.meta.title)} · ` : ''
  document.title = `${title}${t('app.title')}`
})

export default router
