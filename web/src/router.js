// Routes. The staff console lives at /, the applicant portal at /apply and
// the public pages at /public (both still stubs). `anju serve` answers any
// of these paths with index.html (the history fallback).
import { createRouter, createWebHistory } from 'vue-router'
import { session, loadSession, role } from './lib/session.js'
import { may } from './lib/access.js'
import { t } from './lib/i18n.js'
import ConsoleLayout from './layouts/ConsoleLayout.vue'

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
        path: 'policies', name: 'policies', component: () => import('./views/PoliciesView.vue'),
        meta: { title: 'menu.policies', perm: 'policy.read' },
      },
      {
        path: 'policies/:ref', name: 'policy', component: () => import('./views/PolicyView.vue'),
        meta: { title: 'menu.policies', perm: 'policy.read', menu: 'policies' },
      },
    ],
  },
  { path: '/apply/:rest(.*)*', name: 'apply', component: () => import('./views/StubView.vue'), props: { kind: 'apply' }, meta: { public: true } },
  { path: '/public/:rest(.*)*', name: 'public', component: () => import('./views/StubView.vue'), props: { kind: 'public' }, meta: { public: true } },
  { path: '/:rest(.*)*', name: 'not-found', component: () => import('./views/NotFoundView.vue'), meta: { public: true } },
]

const router = createRouter({
  history: createWebHistory(),
  routes,
  scrollBehavior: () => ({ top: 0 }),
})

router.beforeEach(async (to) => {
  if (session.state === 'unknown') await loadSession()
  if (to.name === 'login') {
    if (session.state === 'signed-in') return typeof to.query.redirect === 'string' ? to.query.redirect : { name: 'dashboard' }
    return true
  }
  if (to.meta.public) return true
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
