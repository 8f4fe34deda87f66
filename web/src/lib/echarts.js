// ECharts, tree-shaken (lib/echarts-setup.js: echarts/core with only the
// charts and components the pages use, drawn on canvas), in a chunk of its
// own that is loaded when a page first asks for it, so that the page can
// fetch its data while the browser downloads and parses the chart library.
let loading = null

export function loadEcharts() {
  loading ??= import('./echarts-setup.js').then((m) => m.default)
  return loading
}
