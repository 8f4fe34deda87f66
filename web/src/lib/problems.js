// Errors from the API next to the field they name. A problem's errors[].field
// is a JSON path ("housing.area", "members[0].assets.deposits", "missing[2]");
// a form marks the place of each field with data-field="<path>" on its
// el-form-item. show(err) puts every message under the element of its path,
// or of the nearest parent path that has one ("members[0].monthly_income[3]"
// under "members[0].monthly_income", prefixed with the item's number);
// messages without a place go to `general`, shown above the form.
import { nextTick, reactive, ref } from 'vue'
import { ApiError } from './api.js'
import { t } from './i18n.js'

function parent(path) {
  const m = /^(.*)(\.[^.[\]]+|\[\d+\])$/.exec(path)
  return m ? m[1] : null
}

export function useFieldErrors(rootRef) {
  const byField = reactive({})
  const general = ref([])

  function clear() {
    for (const k of Object.keys(byField)) delete byField[k]
    general.value = []
  }

  function placeOf(field) {
    let root = rootRef?.value
    if (Array.isArray(root)) root = root[0] // a ref inside v-for
    root = root?.$el ?? root
    if (!root?.querySelector || !field) return null
    for (let p = field; p; p = parent(p)) {
      if (root.querySelector(`[data-field="${CSS.escape(p)}"]`)) return p
    }
    return null
  }

  function add(place, message) {
    byField[place] = byField[place] ? `${byField[place]}；${message}` : message
  }

  /* Shows an error (ApiError or anything else); resolves when placed. */
  async function show(err) {
    clear()
    const list = err instanceof ApiError ? err.fieldList() : []
    if (!list.length) {
      general.value = [err instanceof ApiError ? err.text : String(err?.message || err)]
      return
    }
    await nextTick()
    for (const { field, message } of list) {
      const place = placeOf(field)
      if (!place) {
        general.value.push(message)
        continue
      }
      const rest = field.slice(place.length)
      const item = /^\[(\d+)\]/.exec(rest)
      add(place, item ? `${t('common.item', { n: Number(item[1]) + 1 })}${message}` : message)
    }
  }

  /* A client-side check's message under a field. */
  function set(field, message) {
    if (message) byField[field] = message
    else delete byField[field]
  }

  const of = (field) => byField[field] || ''
  const any = () => Object.keys(byField).length > 0 || general.value.length > 0

  return { byField, general, clear, show, set, of, any }
}
