// A small i18n of our own: messages are nested objects (i18n/zh-CN.js,
// i18n/en.js), t('a.b', {n: 1}) looks a key up in the current locale, then in
// Chinese, then gives the key itself; {name} placeholders are replaced.
// The locale is a ref, so templates that call t() re-render on a switch.
// Chinese is part of the entry; English (with Element Plus's English) is a
// chunk of its own, fetched when it is first chosen (main.js mounts the app
// once the remembered locale is there: `ready`).
import { ref, computed } from 'vue'
import zhCN from '../i18n/zh-CN.js'
import elZhCn from 'element-plus/es/locale/lang/zh-cn'
import dayjs from 'dayjs'
import 'dayjs/locale/zh-cn'

const LOCALES = ['zh-CN', 'en']
const messages = { 'zh-CN': zhCN }
const elementLocales = { 'zh-CN': elZhCn }
const STORAGE_KEY = 'anju.locale'

function initial() {
  try {
    const saved = localStorage.getItem(STORAGE_KEY)
    if (saved && LOCALES.includes(saved)) return saved
  } catch {
    /* storage may be disabled */
  }
  return 'zh-CN'
}

async function fetchLocale(l) {
  if (messages[l]) return
  const [m, el] = await Promise.all([import('../i18n/en.js'), import('element-plus/es/locale/lang/en')])
  messages.en = m.default
  elementLocales.en = el.default
}

export const locale = ref('zh-CN')
export const isZh = computed(() => locale.value === 'zh-CN')
export const elementLocale = computed(() => elementLocales[locale.value] || elZhCn)

function lookup(tree, key) {
  let node = tree
  for (const part of key.split('.')) {
    if (node == null || typeof node !== 'object') return undefined
    node = node[part]
  }
  return typeof node === 'string' ? node : undefined
}

export function t(key, params) {
  let s = lookup(messages[locale.value], key) ?? lookup(zhCN, key) ?? key
  if (params) s = s.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m))
  return s
}

/* The label of an API enumeration value: t('programme.public_rental'),
 * or the code itself when we have no label for it. */
export function label(group, code) {
  if (code == null || code === '') return ''
  const s = lookup(messages[locale.value], `${group}.${code}`) ?? lookup(zhCN, `${group}.${code}`)
  return s ?? String(code)
}

/* Picks the message of the current locale from an API object with _zh/_en twins. */
export function pick(obj, base) {
  if (!obj) return ''
  const zh = obj[`${base}_zh`] ?? obj[base]
  const enText = obj[`${base}_en`]
  return locale.value === 'zh-CN' ? zh ?? enText ?? '' : enText ?? zh ?? ''
}

function apply(l) {
  document.documentElement.lang = l
  document.title = t('app.title')
  dayjs.locale(l === 'zh-CN' ? 'zh-cn' : 'en')
}

export async function setLocale(l) {
  if (!LOCALES.includes(l)) return
  try {
    await fetchLocale(l)
  } catch {
    return // offline: stay in the current language
  }
  locale.value = l
  try {
    localStorage.setItem(STORAGE_KEY, l)
  } catch {
    /* ignore */
  }
  apply(l)
}

apply(locale.value)

/* Resolves once the remembered language's messages are loaded. */
export const ready = initial() === 'zh-CN' ? Promise.resolve() : setLocale(initial())
