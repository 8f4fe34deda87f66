// Data the web app takes from the rest of the repository at build time, as
// virtual modules, so that there is one copy of each:
//   virtual:anju-streets        the street-level units (街道/镇/乡/地区) of
//                               migrations/0002_regions_beijing.sql:
//                               [[code, name], ...] in code order (there is
//                               no regions endpoint);
//   virtual:anju-lottery-recipe the "verify the whole result" shell script of
//                               docs/lottery.md (the block after the
//                               `<!-- recipe: ... -->` marker, which
//                               tests/api/lottery.test.mjs runs), for the
//                               public "verify it yourself" page.
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..')
export const MIGRATION = join(ROOT, 'migrations/0002_regions_beijing.sql')
export const LOTTERY_DOC = join(ROOT, 'docs/lottery.md')

export function streets(sql) {
  const out = []
  const row = /^INSERT INTO region \(code, parent_code, level, name, kind\) VALUES \('(\d{9})', '\d{6}', 'street', '([^']+)', '[^']+'\);$/
  for (const line of sql.split('\n')) {
    const m = row.exec(line.trim())
    if (m) out.push([m[1], m[2]])
  }
  return out
}

/* The fenced block that follows the recipe marker in docs/lottery.md. */
export function lotteryRecipe(markdown) {
  const m = /<!-- recipe:[^>]*-->\s*```sh\n([\s\S]*?)```/.exec(markdown)
  if (!m) throw new Error(`${LOTTERY_DOC}: no recipe block after the <!-- recipe: --> marker`)
  return m[1]
}

const MODULES = {
  'virtual:anju-streets': {
    file: MIGRATION,
    make(text) {
      const list = streets(text)
      if (list.length < 300) throw new Error(`${MIGRATION}: expected the ~343 streets of Beijing, found ${list.length}`)
      return list
    },
  },
  'virtual:anju-lottery-recipe': { file: LOTTERY_DOC, make: lotteryRecipe },
}

export function repoDataPlugin() {
  return {
    name: 'anju-repo-data',
    resolveId(id) {
      return MODULES[id] ? '\0' + id : undefined
    },
    load(id) {
      const mod = id.startsWith('\0') && MODULES[id.slice(1)]
      if (!mod) return undefined
      this.addWatchFile(mod.file)
      return `export default ${JSON.stringify(mod.make(readFileSync(mod.file, 'utf8')))}\n`
    },
  }
}
