// A paged, filtered list whose filters and page live in the address (so that
// back and reload keep them): useListQuery(routeName, filterDefaults, load).
import { onMounted, reactive, ref, watch } from 'vue'
import { useRoute, useRouter } from 'vue-router'

export function useListQuery(routeName, defaults, load) {
  const route = useRoute()
  const router = useRouter()
  const form = reactive({ ...defaults })
  const page = ref(1)
  const pageSize = ref(20)

  function fromRoute() {
    for (const [k, v] of Object.entries(defaults)) {
      const q = route.query[k]
      form[k] = typeof q === 'string' ? (typeof v === 'boolean' ? q === '1' : q) : v
    }
    page.value = Number(route.query.page) > 0 ? Number(route.query.page) : 1
    pageSize.value = [20, 50, 100].includes(Number(route.query.page_size)) ? Number(route.query.page_size) : 20
  }

  function push(over = {}) {
    const query = {}
    for (const [k, v] of Object.entries(defaults)) {
      const cur = typeof form[k] === 'string' ? form[k].trim() : form[k]
      if (cur !== v) query[k] = typeof cur === 'boolean' ? (cur ? '1' : '0') : cur || undefined
    }
    if (page.value > 1) query.page = page.value
    if (pageSize.value !== 20) query.page_size = pageSize.value
    const next = Object.fromEntries(Object.entries({ ...query, ...over }).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]))
    const same = JSON.stringify(Object.entries(next).sort()) === JSON.stringify(Object.entries(route.query).sort())
    if (same) load() // the same address: the route does not change, load again
    else router.push({ name: routeName, query: next })
  }

  const search = () => {
    page.value = 1
    push()
  }
  const reset = () => {
    Object.assign(form, defaults)
    search()
  }
  const onPage = (p) => {
    page.value = p
    push()
  }
  const onSize = (s) => {
    pageSize.value = s
    page.value = 1
    push()
  }

  // the filters now; the first load once the page's own setup is done
  fromRoute()
  onMounted(load)
  watch(
    () => route.query,
    () => {
      if (route.name !== routeName) return
      fromRoute()
      load()
    },
  )

  return { form, page, pageSize, search, reset, onPage, onSize, reload: load }
}
