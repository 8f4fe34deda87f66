-- 0002_regions_beijing.sql
--
-- Shipped region reference data for Beijing (北京市): one city row, the 16
-- GB/T 2260 districts, one local row for 北京经济技术开发区 (110400, see
-- below), and every street-level unit (街道 / 镇 / 乡 / 地区办事处) of the
-- 16 districts with its 9-digit statistical division code.
-- Requires the region table from 0001_init.sql. Plain INSERTs only (no
-- transaction statements, no SQLite-only syntax), so it runs on SQLite and
-- PostgreSQL; the migration runner is expected to wrap it in a transaction.
-- Rows are in code order; every parent row precedes its children.
--
-- Sources and vintage:
--   * District codes (6 digits): GB/T 2260 county-level codes, as carried in
--     the 国家统计局 2023 统计用区划代码 (cut-off 2023-06-30, published
--     2023-09); taken from the public repository
--     modood/Administrative-divisions-of-China, dist/areas.csv.
--   * Street-level codes (9 digits = first 9 of the 12-digit 统计用区划代码):
--     same 2023 release, from the same repository, dist/streets.csv
--     (version at commit dc3a1d7acd85ca1b0979543e9259604142c52e8e).
--     Cross-checks: another stored version of the same file (commit
--     0b7fd75e..., by its contents an earlier release) lists the same 343
--     units (only 首都机场街道 differs: 110105400 there, 110105020 here).
--     343 also matches the commonly cited Beijing total of 343 街道/乡镇,
--     and 大兴区 = 8 街道 + 14 镇 matches public references.
--   * Excluded on purpose: the "类似乡级单位" rows with 4xx codes in the
--     statistical data (110115403 北京经济技术开发区, 110115404, 110115405,
--     110115406 大兴国际机场, 110116400, 110118400). They are development
--     zones / special areas, not 街道, 镇, 乡 or 地区办事处.
--   Changes after mid-2023 are NOT reflected. See docs/regions.md.
--
-- 110400 北京经济技术开发区 (Beijing Economic-Technological Development Area,
-- 经开区 / 亦庄):
--   The 经开区 is a municipal-level 功能区, not a county-level division: it
--   has NO county-level code in GB/T 2260 or in the statistical codes (the
--   statistical data only lists it as a 类似乡级单位, 110115403, under
--   大兴区; that row is excluded, see above). anju needs a district-level node
--   for it because its 管委会 runs housing matters for the streets/towns in
--   its area, so this file assigns the LOCAL code '110400', chosen by anju.
--   To our knowledge 110400 has never been allocated in GB/T 2260 (Beijing
--   uses 1101xx for its districts; the former counties used 1102xx), so it
--   cannot be mistaken for a real district. If the standard ever allocates
--   110400, or the 经开区 gets a real code, this row must be migrated.
--   The streets/towns it administers (荣华街道, 博兴街道 and the 亦庄新城
--   towns it took over) have no statistical codes of their own under the
--   经开区: their codes sit under 110115 大兴区 / 110112 通州区, so they
--   stay there and 110400 has no child rows. See docs/regions.md.

-- 北京市 / Beijing municipality
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110000', NULL, 'city', '北京市', '市');

-- 110101 东城区: 17 street-level units (街道 17)
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110101', '110000', 'district', '东城区', '区');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110101001', '110101', 'street', '东华门街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110101002', '110101', 'street', '景山街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110101003', '110101', 'street', '交道口街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110101004', '110101', 'street', '安定门街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110101005', '110101', 'street', '北新桥街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110101006', '110101', 'street', '东四街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110101007', '110101', 'street', '朝阳门街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110101008', '110101', 'street', '建国门街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110101009', '110101', 'street', '东直门街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110101010', '110101', 'street', '和平里街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110101011', '110101', 'street', '前门街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110101012', '110101', 'street', '崇文门外街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110101013', '110101', 'street', '东花市街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110101014', '110101', 'street', '龙潭街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110101015', '110101', 'street', '体育馆路街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110101016', '110101', 'street', '天坛街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110101017', '110101', 'street', '永定门外街道', '街道');

-- 110102 西城区: 15 street-level units (街道 15)
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110102', '110000', 'district', '西城区', '区');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110102001', '110102', 'street', '西长安街街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110102003', '110102', 'street', '新街口街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110102007', '110102', 'street', '月坛街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110102009', '110102', 'street', '展览路街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110102010', '110102', 'street', '德胜街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110102011', '110102', 'street', '金融街街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110102012', '110102', 'street', '什刹海街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110102013', '110102', 'street', '大栅栏街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110102014', '110102', 'street', '天桥街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110102015', '110102', 'street', '椿树街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110102016', '110102', 'street', '陶然亭街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110102017', '110102', 'street', '广安门内街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110102018', '110102', 'street', '牛街街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110102019', '110102', 'street', '白纸坊街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110102020', '110102', 'street', '广安门外街道', '街道');

-- 110105 朝阳区: 43 street-level units (街道 24, 地区 19)
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110105', '110000', 'district', '朝阳区', '区');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110105001', '110105', 'street', '建外街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110105002', '110105', 'street', '朝外街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110105003', '110105', 'street', '呼家楼街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110105004', '110105', 'street', '三里屯街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110105005', '110105', 'street', '左家庄街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110105006', '110105', 'street', '香河园街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110105007', '110105', 'street', '和平街街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110105008', '110105', 'street', '安贞街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110105009', '110105', 'street', '亚运村街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110105010', '110105', 'street', '小关街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110105011', '110105', 'street', '酒仙桥街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110105012', '110105', 'street', '麦子店街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110105013', '110105', 'street', '团结湖街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110105014', '110105', 'street', '六里屯街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110105015', '110105', 'street', '八里庄街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110105016', '110105', 'street', '双井街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110105017', '110105', 'street', '劲松街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110105018', '110105', 'street', '潘家园街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110105019', '110105', 'street', '垡头街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110105020', '110105', 'street', '首都机场街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110105021', '110105', 'street', '南磨房地区', '地区');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110105022', '110105', 'street', '高碑店地区', '地区');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110105023', '110105', 'street', '将台地区', '地区');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110105024', '110105', 'street', '太阳宫地区', '地区');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110105025', '110105', 'street', '大屯街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110105026', '110105', 'street', '望京街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110105027', '110105', 'street', '小红门地区', '地区');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110105028', '110105', 'street', '十八里店地区', '地区');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110105029', '110105', 'street', '平房地区', '地区');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110105030', '110105', 'street', '东风地区', '地区');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110105031', '110105', 'street', '奥运村街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110105032', '110105', 'street', '来广营地区', '地区');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110105033', '110105', 'street', '常营地区', '地区');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110105034', '110105', 'street', '三间房地区', '地区');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110105035', '110105', 'street', '管庄地区', '地区');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110105036', '110105', 'street', '金盏地区', '地区');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110105037', '110105', 'street', '孙河地区', '地区');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110105038', '110105', 'street', '崔各庄地区', '地区');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110105039', '110105', 'street', '东坝地区', '地区');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110105040', '110105', 'street', '黑庄户地区', '地区');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110105041', '110105', 'street', '豆各庄地区', '地区');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110105042', '110105', 'street', '王四营地区', '地区');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110105043', '110105', 'street', '东湖街道', '街道');

-- 110106 丰台区: 26 street-level units (街道 24, 镇 2)
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110106', '110000', 'district', '丰台区', '区');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110106001', '110106', 'street', '右安门街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110106002', '110106', 'street', '太平桥街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110106003', '110106', 'street', '西罗园街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110106004', '110106', 'street', '大红门街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110106005', '110106', 'street', '南苑街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110106006', '110106', 'street', '东高地街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110106007', '110106', 'street', '东铁匠营街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110106008', '110106', 'street', '六里桥街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110106009', '110106', 'street', '丰台街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110106010', '110106', 'street', '新村街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110106011', '110106', 'street', '长辛店街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110106012', '110106', 'street', '云岗街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110106013', '110106', 'street', '方庄街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110106014', '110106', 'street', '宛平街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110106015', '110106', 'street', '马家堡街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110106016', '110106', 'street', '和义街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110106017', '110106', 'street', '卢沟桥街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110106018', '110106', 'street', '花乡街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110106020', '110106', 'street', '成寿寺街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110106021', '110106', 'street', '石榴庄街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110106022', '110106', 'street', '玉泉营街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110106023', '110106', 'street', '看丹街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110106024', '110106', 'street', '五里店街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110106025', '110106', 'street', '青塔街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110106100', '110106', 'street', '北宫镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110106101', '110106', 'street', '王佐镇', '镇');

-- 110107 石景山区: 9 street-level units (街道 9)
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110107', '110000', 'district', '石景山区', '区');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110107001', '110107', 'street', '八宝山街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110107002', '110107', 'street', '老山街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110107003', '110107', 'street', '八角街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110107004', '110107', 'street', '古城街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110107005', '110107', 'street', '苹果园街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110107006', '110107', 'street', '金顶街街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110107009', '110107', 'street', '广宁街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110107010', '110107', 'street', '五里坨街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110107011', '110107', 'street', '鲁谷街道', '街道');

-- 110108 海淀区: 29 street-level units (街道 22, 地区 7)
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110108', '110000', 'district', '海淀区', '区');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110108001', '110108', 'street', '万寿路街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110108002', '110108', 'street', '永定路街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110108003', '110108', 'street', '羊坊店街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110108004', '110108', 'street', '甘家口街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110108005', '110108', 'street', '八里庄街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110108006', '110108', 'street', '紫竹院街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110108007', '110108', 'street', '北下关街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110108008', '110108', 'street', '北太平庄街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110108010', '110108', 'street', '学院路街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110108011', '110108', 'street', '中关村街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110108012', '110108', 'street', '海淀街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110108013', '110108', 'street', '青龙桥街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110108014', '110108', 'street', '清华园街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110108015', '110108', 'street', '燕园街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110108016', '110108', 'street', '香山街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110108017', '110108', 'street', '清河街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110108018', '110108', 'street', '花园路街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110108019', '110108', 'street', '西三旗街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110108020', '110108', 'street', '马连洼街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110108021', '110108', 'street', '田村路街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110108022', '110108', 'street', '上地街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110108023', '110108', 'street', '万柳地区', '地区');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110108024', '110108', 'street', '东升地区', '地区');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110108025', '110108', 'street', '曙光街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110108026', '110108', 'street', '温泉地区', '地区');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110108027', '110108', 'street', '四季青地区', '地区');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110108028', '110108', 'street', '西北旺地区', '地区');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110108029', '110108', 'street', '苏家坨地区', '地区');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110108030', '110108', 'street', '上庄地区', '地区');

-- 110109 门头沟区: 13 street-level units (街道 4, 地区 3, 镇 6)
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110109', '110000', 'district', '门头沟区', '区');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110109001', '110109', 'street', '大峪街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110109002', '110109', 'street', '城子街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110109003', '110109', 'street', '东辛房街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110109004', '110109', 'street', '大台街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110109005', '110109', 'street', '王平地区', '地区');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110109006', '110109', 'street', '永定地区', '地区');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110109007', '110109', 'street', '龙泉地区', '地区');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110109101', '110109', 'street', '潭柘寺镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110109104', '110109', 'street', '军庄镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110109105', '110109', 'street', '雁翅镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110109106', '110109', 'street', '斋堂镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110109107', '110109', 'street', '清水镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110109108', '110109', 'street', '妙峰山镇', '镇');

-- 110111 房山区: 28 street-level units (街道 8, 地区 3, 镇 11, 乡 6)
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110111', '110000', 'district', '房山区', '区');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110111001', '110111', 'street', '城关街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110111002', '110111', 'street', '新镇街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110111004', '110111', 'street', '向阳街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110111005', '110111', 'street', '东风街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110111006', '110111', 'street', '迎风街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110111007', '110111', 'street', '星城街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110111008', '110111', 'street', '良乡地区', '地区');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110111009', '110111', 'street', '周口店地区', '地区');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110111010', '110111', 'street', '琉璃河地区', '地区');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110111011', '110111', 'street', '拱辰街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110111012', '110111', 'street', '西潞街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110111101', '110111', 'street', '阎村镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110111103', '110111', 'street', '窦店镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110111104', '110111', 'street', '石楼镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110111105', '110111', 'street', '长阳镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110111107', '110111', 'street', '河北镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110111108', '110111', 'street', '长沟镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110111109', '110111', 'street', '大石窝镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110111110', '110111', 'street', '张坊镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110111111', '110111', 'street', '十渡镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110111112', '110111', 'street', '青龙湖镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110111115', '110111', 'street', '韩村河镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110111208', '110111', 'street', '霞云岭乡', '乡');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110111209', '110111', 'street', '南窖乡', '乡');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110111210', '110111', 'street', '佛子庄乡', '乡');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110111211', '110111', 'street', '大安山乡', '乡');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110111212', '110111', 'street', '史家营乡', '乡');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110111213', '110111', 'street', '蒲洼乡', '乡');

-- 110112 通州区: 22 street-level units (街道 11, 镇 10, 乡 1)
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110112', '110000', 'district', '通州区', '区');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110112001', '110112', 'street', '中仓街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110112002', '110112', 'street', '新华街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110112003', '110112', 'street', '北苑街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110112004', '110112', 'street', '玉桥街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110112007', '110112', 'street', '潞源街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110112008', '110112', 'street', '通运街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110112009', '110112', 'street', '文景街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110112010', '110112', 'street', '九棵树街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110112011', '110112', 'street', '临河里街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110112012', '110112', 'street', '杨庄街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110112013', '110112', 'street', '潞邑街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110112104', '110112', 'street', '宋庄镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110112105', '110112', 'street', '张家湾镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110112106', '110112', 'street', '漷县镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110112109', '110112', 'street', '马驹桥镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110112110', '110112', 'street', '西集镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110112114', '110112', 'street', '台湖镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110112117', '110112', 'street', '永乐店镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110112119', '110112', 'street', '潞城镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110112120', '110112', 'street', '永顺镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110112121', '110112', 'street', '梨园镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110112209', '110112', 'street', '于家务回族乡', '乡');

-- 110113 顺义区: 25 street-level units (街道 6, 地区 7, 镇 12)
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110113', '110000', 'district', '顺义区', '区');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110113001', '110113', 'street', '胜利街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110113002', '110113', 'street', '光明街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110113003', '110113', 'street', '仁和地区', '地区');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110113004', '110113', 'street', '后沙峪地区', '地区');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110113005', '110113', 'street', '天竺地区', '地区');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110113006', '110113', 'street', '杨镇地区', '地区');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110113007', '110113', 'street', '牛栏山地区', '地区');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110113008', '110113', 'street', '南法信地区', '地区');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110113009', '110113', 'street', '马坡地区', '地区');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110113010', '110113', 'street', '石园街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110113011', '110113', 'street', '空港街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110113012', '110113', 'street', '双丰街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110113013', '110113', 'street', '旺泉街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110113101', '110113', 'street', '高丽营镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110113104', '110113', 'street', '李桥镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110113105', '110113', 'street', '李遂镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110113106', '110113', 'street', '南彩镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110113108', '110113', 'street', '北务镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110113109', '110113', 'street', '大孙各庄镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110113110', '110113', 'street', '张镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110113111', '110113', 'street', '龙湾屯镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110113112', '110113', 'street', '木林镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110113113', '110113', 'street', '北小营镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110113115', '110113', 'street', '北石槽镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110113116', '110113', 'street', '赵全营镇', '镇');

-- 110114 昌平区: 22 street-level units (街道 8, 地区 4, 镇 10)
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110114', '110000', 'district', '昌平区', '区');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110114001', '110114', 'street', '城北街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110114002', '110114', 'street', '南口地区', '地区');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110114003', '110114', 'street', '马池口地区', '地区');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110114004', '110114', 'street', '沙河地区', '地区');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110114005', '110114', 'street', '城南街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110114007', '110114', 'street', '东小口地区', '地区');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110114008', '110114', 'street', '天通苑北街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110114009', '110114', 'street', '天通苑南街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110114010', '110114', 'street', '霍营街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110114011', '110114', 'street', '回龙观街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110114012', '110114', 'street', '龙泽园街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110114013', '110114', 'street', '史各庄街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110114104', '110114', 'street', '阳坊镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110114110', '110114', 'street', '小汤山镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110114111', '110114', 'street', '南邵镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110114112', '110114', 'street', '崔村镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110114113', '110114', 'street', '百善镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110114115', '110114', 'street', '北七家镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110114116', '110114', 'street', '兴寿镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110114118', '110114', 'street', '流村镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110114119', '110114', 'street', '十三陵镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110114120', '110114', 'street', '延寿镇', '镇');

-- 110115 大兴区: 22 street-level units (街道 8, 地区 5, 镇 9)
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110115', '110000', 'district', '大兴区', '区');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110115001', '110115', 'street', '兴丰街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110115002', '110115', 'street', '林校路街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110115003', '110115', 'street', '清源街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110115004', '110115', 'street', '亦庄地区', '地区');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110115005', '110115', 'street', '黄村地区', '地区');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110115006', '110115', 'street', '旧宫地区', '地区');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110115007', '110115', 'street', '西红门地区', '地区');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110115008', '110115', 'street', '瀛海地区', '地区');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110115009', '110115', 'street', '观音寺街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110115010', '110115', 'street', '天宫院街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110115011', '110115', 'street', '高米店街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110115012', '110115', 'street', '荣华街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110115013', '110115', 'street', '博兴街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110115103', '110115', 'street', '青云店镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110115104', '110115', 'street', '采育镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110115105', '110115', 'street', '安定镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110115106', '110115', 'street', '礼贤镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110115107', '110115', 'street', '榆垡镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110115108', '110115', 'street', '庞各庄镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110115109', '110115', 'street', '北臧村镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110115110', '110115', 'street', '魏善庄镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110115111', '110115', 'street', '长子营镇', '镇');

-- 110116 怀柔区: 16 street-level units (街道 2, 地区 3, 镇 9, 乡 2)
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110116', '110000', 'district', '怀柔区', '区');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110116001', '110116', 'street', '泉河街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110116002', '110116', 'street', '龙山街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110116003', '110116', 'street', '怀柔地区', '地区');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110116004', '110116', 'street', '雁栖地区', '地区');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110116005', '110116', 'street', '庙城地区', '地区');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110116102', '110116', 'street', '北房镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110116103', '110116', 'street', '杨宋镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110116105', '110116', 'street', '桥梓镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110116106', '110116', 'street', '怀北镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110116107', '110116', 'street', '汤河口镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110116108', '110116', 'street', '渤海镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110116109', '110116', 'street', '九渡河镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110116110', '110116', 'street', '琉璃庙镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110116111', '110116', 'street', '宝山镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110116211', '110116', 'street', '长哨营满族乡', '乡');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110116213', '110116', 'street', '喇叭沟门满族乡', '乡');

-- 110117 平谷区: 18 street-level units (街道 2, 地区 4, 镇 10, 乡 2)
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110117', '110000', 'district', '平谷区', '区');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110117001', '110117', 'street', '滨河街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110117002', '110117', 'street', '兴谷街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110117003', '110117', 'street', '渔阳地区', '地区');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110117004', '110117', 'street', '峪口地区', '地区');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110117005', '110117', 'street', '马坊地区', '地区');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110117006', '110117', 'street', '金海湖地区', '地区');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110117101', '110117', 'street', '东高村镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110117102', '110117', 'street', '山东庄镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110117104', '110117', 'street', '南独乐河镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110117105', '110117', 'street', '大华山镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110117106', '110117', 'street', '夏各庄镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110117108', '110117', 'street', '马昌营镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110117110', '110117', 'street', '王辛庄镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110117111', '110117', 'street', '大兴庄镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110117112', '110117', 'street', '刘家店镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110117114', '110117', 'street', '镇罗营镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110117213', '110117', 'street', '黄松峪乡', '乡');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110117214', '110117', 'street', '熊儿寨乡', '乡');

-- 110118 密云区: 20 street-level units (街道 2, 地区 1, 镇 17)
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110118', '110000', 'district', '密云区', '区');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110118001', '110118', 'street', '鼓楼街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110118002', '110118', 'street', '果园街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110118003', '110118', 'street', '檀营地区', '地区');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110118100', '110118', 'street', '密云镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110118101', '110118', 'street', '溪翁庄镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110118102', '110118', 'street', '西田各庄镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110118103', '110118', 'street', '十里堡镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110118104', '110118', 'street', '河南寨镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110118105', '110118', 'street', '巨各庄镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110118106', '110118', 'street', '穆家峪镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110118107', '110118', 'street', '太师屯镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110118108', '110118', 'street', '高岭镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110118109', '110118', 'street', '不老屯镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110118110', '110118', 'street', '冯家峪镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110118111', '110118', 'street', '古北口镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110118112', '110118', 'street', '大城子镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110118113', '110118', 'street', '东邵渠镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110118114', '110118', 'street', '北庄镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110118115', '110118', 'street', '新城子镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110118116', '110118', 'street', '石城镇', '镇');

-- 110119 延庆区: 18 street-level units (街道 3, 镇 11, 乡 4)
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110119', '110000', 'district', '延庆区', '区');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110119001', '110119', 'street', '百泉街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110119002', '110119', 'street', '香水园街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110119003', '110119', 'street', '儒林街道', '街道');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110119100', '110119', 'street', '延庆镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110119101', '110119', 'street', '康庄镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110119102', '110119', 'street', '八达岭镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110119103', '110119', 'street', '永宁镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110119104', '110119', 'street', '旧县镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110119105', '110119', 'street', '张山营镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110119106', '110119', 'street', '四海镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110119107', '110119', 'street', '千家店镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110119108', '110119', 'street', '沈家营镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110119109', '110119', 'street', '大榆树镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110119110', '110119', 'street', '井庄镇', '镇');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110119200', '110119', 'street', '大庄科乡', '乡');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110119201', '110119', 'street', '刘斌堡乡', '乡');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110119202', '110119', 'street', '香营乡', '乡');
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110119203', '110119', 'street', '珍珠泉乡', '乡');

-- 110400 北京经济技术开发区 (local anju code, NOT GB/T 2260; see header).
-- No street-level rows: its streets/towns keep their 大兴区/通州区 codes above.
INSERT INTO region (code, parent_code, level, name, kind) VALUES ('110400', '110000', 'district', '北京经济技术开发区', '开发区');
