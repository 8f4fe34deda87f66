// Writes FILE.gz (gzip -9) beside every text file of the build, so that
// `anju serve` can send the compressed copy to clients that accept gzip.
// Files that do not shrink by at least 5% are left alone.
import { readdirSync, readFileSync, writeFileSync, statSync } from 'node:fs'
import { join, extname } from 'node:path'
import { gzipSync, constants } from 'node:zlib'

const dir = process.argv[2] || 'dist'
const types = new Set(['.html', '.js', '.css', '.svg', '.json', '.ico', '.txt', '.map'])
let raw = 0, packed = 0, files = 0

function walk(d) {
  for (const name of readdirSync(d)) {
    const p = join(d, name)
    if (statSync(p).isDirectory()) walk(p)
    else if (types.has(extname(name))) {
      const data = readFileSync(p)
      const gz = gzipSync(data, { level: constants.Z_BEST_COMPRESSION })
      if (gz.length < data.length * 0.95) {
        writeFileSync(p + '.gz', gz)
        raw += data.length
        packed += gz.length
        files++
      }
    }
  }
}
walk(dir)
console.log(`compress: ${files} files, ${(raw / 1024).toFixed(1)} KiB → ${(packed / 1024).toFixed(1)} KiB gzip`)
