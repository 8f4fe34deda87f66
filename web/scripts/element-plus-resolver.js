// An unplugin-vue-components resolver for Element Plus that imports each
// component from its own module (element-plus/es/components/<dir>/index.mjs)
// with its CSS, instead of from the package index: the index of Element Plus
// 2.14 calls makeInstaller() at the top level without a pure annotation,
// which keeps every component in the bundle. The map of export name →
// directory is read from the installed package once.
import { readdirSync, readFileSync, existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const require = createRequire(import.meta.url)
const root = join(dirname(require.resolve('element-plus/package.json')), 'es', 'components')

let exportsMap = null // export name → component dir
function load() {
  if (exportsMap) return exportsMap
  exportsMap = new Map()
  for (const dir of readdirSync(root)) {
    const index = join(root, dir, 'index.mjs')
    if (!existsSync(index)) continue
    const src = readFileSync(index, 'utf8')
    for (const m of src.matchAll(/export\s*\{([^}]*)\}/g)) {
      for (const part of m[1].split(',')) {
        const name = part.trim().split(/\s+as\s+/).pop().trim()
        // a sub-component's own dir wins (ElTableColumn is exported by table/)
        if (/^El[A-Z]/.test(name) && !exportsMap.has(name)) exportsMap.set(name, dir)
      }
    }
  }
  return exportsMap
}

const kebab = (s) => s.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()

function styles(name, dir) {
  const own = kebab(name.slice(2))
  const out = ['element-plus/es/components/base/style/css']
  for (const d of [dir, own]) {
    if (existsSync(join(root, d, 'style', 'css.mjs'))) out.push(`element-plus/es/components/${d}/style/css`)
  }
  return [...new Set(out)]
}

export function elementPlusResolver() {
  return [
    {
      type: 'component',
      resolve(name) {
        if (!/^El[A-Z]/.test(name)) return
        const dir = load().get(name)
        if (!dir) return
        return { name, from: `element-plus/es/components/${dir}/index.mjs`, sideEffects: styles(name, dir) }
      },
    },
    {
      type: 'directive',
      resolve(name) {
        if (name !== 'Loading') return
        return {
          name: 'ElLoadingDirective',
          from: 'element-plus/es/components/loading/index.mjs',
          sideEffects: styles('ElLoading', 'loading'),
        }
      },
    },
  ]
}
