// Vite build of the anju web app. Element Plus components (and their CSS) are
// imported on demand, each from its own module (scripts/element-plus-resolver.js); ECharts is imported from
// echarts/core with only the charts in src/lib/echarts.js; the street names
// and the lottery recipe come from migrations/0002 and docs/lottery.md
// (scripts/repo-data-plugin.js). The output in
// dist/ is served by `anju serve --web web/dist` (docs/web.md).
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { elementPlusResolver } from './scripts/element-plus-resolver.js'
import { repoDataPlugin } from './scripts/repo-data-plugin.js'

export default defineConfig({
  plugins: [
    vue(),
    repoDataPlugin(),
    Components({
      resolvers: [elementPlusResolver()],
      dts: false,
    }),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    chunkSizeWarningLimit: 1200,
    // no inline <script> or data: modules: the CSP allows scripts from 'self' only
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  server: {
    // `npm run dev` proxies the API to a running `anju serve`
    proxy: { '/api': process.env.ANJU_API || 'http://127.0.0.1:8080' },
  },
})
