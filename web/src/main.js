import { createApp } from 'vue'
import { ElMessage } from 'element-plus/es/components/message/index.mjs'
import 'element-plus/es/components/message/style/css'
import './style.css'
import App from './App.vue'
import router from './router.js'
import { setUnauthorizedHandler } from './lib/api.js'
import { sessionExpired, session } from './lib/session.js'
import { t, ready } from './lib/i18n.js'

// A 401 from any call: the session is over; back to the sign-in page (the
// portal's own for /apply), and from there back to where the user was.
setUnauthorizedHandler(() => {
  const wasSignedIn = session.state === 'signed-in'
  sessionExpired()
  const here = router.currentRoute.value
  if (here.name === 'login' || here.name === 'apply-login' || here.meta.public) return
  if (wasSignedIn) ElMessage.warning(t('login.expired'))
  // the applicant portal has its own sign-in page
  router.replace({ name: here.meta.portal ? 'apply-login' : 'login', query: { redirect: here.fullPath } })
})

const app = createApp(App)
app.use(router)
app.config.globalProperties.t = t
ready.then(() => app.mount('#app'))
