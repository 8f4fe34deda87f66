// The districts of Beijing (migrations/0002_regions_beijing.sql), for labels
// and the district filter. There is no regions endpoint yet; unknown codes
// are shown as they are.
import { locale } from './i18n.js'

export const DISTRICTS = [
  ['110101', '东城区', 'Dongcheng'], ['110102', '西城区', 'Xicheng'], ['110105', '朝阳区', 'Chaoyang'],
  ['110106', '丰台区', 'Fengtai'], ['110107', '石景山区', 'Shijingshan'], ['110108', '海淀区', 'Haidian'],
  ['110109', '门头沟区', 'Mentougou'], ['110111', '房山区', 'Fangshan'], ['110112', '通州区', 'Tongzhou'],
  ['110113', '顺义区', 'Shunyi'], ['110114', '昌平区', 'Changping'], ['110115', '大兴区', 'Daxing'],
  ['110116', '怀柔区', 'Huairou'], ['110117', '平谷区', 'Pinggu'], ['110118', '密云区', 'Miyun'],
  ['110119', '延庆区', 'Yanqing'], ['110400', '北京经济技术开发区', 'Beijing E-Town'],
]
const byCode = new Map(DISTRICTS.map(([c, zh, en]) => [c, { zh, en }]))

export function districtName(code) {
  const d = byCode.get(code)
  if (!d) return code || ''
  return locale.value === 'zh-CN' ? d.zh : d.en
}

export function districtOptions() {
  return DISTRICTS.map(([code]) => ({ value: code, label: districtName(code) }))
}
