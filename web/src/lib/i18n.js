// A small i18n of our own: messages are nested objects (i18n/zh-CN.js,
// i18n/en.js), t('a.b', {n: 1}) looks a key up in the current locale, then in
// Chinese, then gives the key itself; {name} placeholders are replaced.
// The locale is a ref, so templates that call t() re-render on a switch.
import { ref, computed } from 'vue'
import zhCN from '../i18n/zh-CN.js'
import en from '../i18n/en.js'
import elZhCn from 'element-plus/es/locale/lang/zh-cn'
import elEn from 'element-plus/es/locale/lang/en'
import dayjs from 'dayjs'
import 'dayjs/locale/zh-cn'

const messages = { 'zh-CN': zhCN, en }
const STORAGE_KEY = 'anju.locale'

function initial() {
  try {
    const saved = localStorage.getItem(STORAGE_KEY)
    if (saved && messages[saved]) return saved
  } catch {
    /* storage may be disabled */
  }
  return 'zh-CN'
}

export const locale = ref(initial())
export const isZh = computed(() => locale.value === 'zh-CN')
export const elementLocale = computed(() => (locale.value === 'zh-CN' ? elZhCn : elEn))

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

export function setLocale(l) {
  if (!messages[l]) return
  locale.value = l
  try {
    localStorage.setItem(STORAGE_KEY, l)
  } catch {
    /* ignore */
  }
  apply(l)
}

apply(locale.value)
