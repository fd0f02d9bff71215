//! The vocabulary and proportions of the synthetic database: where companies are, what other
//! industries they are in, how they are named. Names and data are fictional.

/// Share of the national economy by province (two-digit prefix), roughly GDP shares.
pub const PROVINCE_WEIGHTS: [(&str, f64); 31] = [
    ("44", 10.8),
    ("32", 10.2),
    ("37", 7.3),
    ("33", 6.6),
    ("51", 4.8),
    ("41", 4.7),
    ("42", 4.4),
    ("35", 4.3),
    ("43", 4.0),
    ("31", 3.7),
    ("34", 3.7),
    ("11", 3.5),
    ("13", 3.5),
    ("61", 2.7),
    ("36", 2.5),
    ("50", 2.4),
    ("21", 2.4),
    ("53", 2.4),
    ("45", 2.2),
    ("14", 2.0),
    ("15", 1.9),
    ("52", 1.7),
    ("65", 1.5),
    ("12", 1.3),
    ("23", 1.3),
    ("22", 1.1),
    ("62", 0.9),
    ("46", 0.6),
    ("64", 0.4),
    ("63", 0.3),
    ("54", 0.2),
];

/// Provincial capitals, which get a larger share of their province's companies.
pub const CAPITALS: [&str; 27] = [
    "440100", "320100", "370100", "330100", "510100", "410100", "420100", "350100", "430100",
    "340100", "130100", "610100", "360100", "210100", "530100", "450100", "140100", "150100",
    "520100", "650100", "230100", "220100", "620100", "460100", "640100", "630100", "540100",
];

/// Where each chain's companies cluster (region code, weight); the rest spread by economy.
pub fn clusters(chain: &str, band: &str) -> &'static [(&'static str, f64)] {
    match (chain, band) {
        ("pv", "silicon") => &[
            ("652300", 2.5),
            ("659001", 1.0),
            ("150200", 2.5),
            ("150100", 1.0),
            ("530300", 1.5),
            ("530500", 1.0),
            ("511100", 2.0),
            ("640100", 1.0),
            ("630100", 0.5),
            ("320300", 1.0),
        ],
        ("pv", _) => &[
            ("320400", 3.0),
            ("320200", 2.0),
            ("320500", 2.0),
            ("320900", 1.5),
            ("330400", 1.5),
            ("330100", 1.0),
            ("330200", 1.0),
            ("340100", 1.5),
            ("361100", 1.0),
            ("130600", 0.5),
            ("440300", 1.0),
            ("610100", 0.5),
        ],
        ("medical-devices", _) => &[
            ("440300", 4.0),
            ("320500", 2.5),
            ("320400", 1.5),
            ("310100", 3.0),
            ("110100", 3.0),
            ("371000", 1.5),
            ("410728", 1.5),
            ("330100", 1.5),
            ("440100", 1.5),
            ("320100", 1.0),
            ("420100", 0.8),
            ("510100", 0.8),
        ],
        ("steel", _) => &[
            ("130200", 5.0),
            ("130400", 2.0),
            ("130100", 1.0),
            ("320500", 1.5),
            ("320200", 1.5),
            ("320400", 1.0),
            ("371100", 1.0),
            ("371300", 1.5),
            ("370100", 1.0),
            ("210300", 1.5),
            ("210500", 1.0),
            ("140100", 1.0),
            ("140400", 1.0),
            ("120100", 1.5),
            ("420100", 1.0),
            ("340500", 1.0),
            ("450200", 0.5),
        ],
        ("hardware", _) => &[
            ("330784", 5.0),
            ("330700", 1.0),
            ("330200", 2.5),
            ("440600", 2.5),
            ("442000", 2.0),
            ("440700", 1.5),
            ("441700", 1.5),
            ("330300", 1.5),
            ("331000", 1.5),
            ("350500", 1.5),
            ("320600", 0.5),
        ],
        _ => &[],
    }
}

/// Share of a chain's companies that sit in its clusters.
pub const CLUSTER_SHARE: f64 = 0.65;

/// Share of all companies on each chain (the rest are in other industries).
pub const CHAIN_SHARES: [(&str, f64); 4] = [
    ("hardware", 0.040),
    ("steel", 0.030),
    ("medical-devices", 0.030),
    ("pv", 0.020),
];

/// Characters brand names are made of.
pub const BRAND_CHARS: [&str; 60] = [
    "华", "泰", "鑫", "盛", "恒", "达", "安", "德", "瑞", "嘉", "宏", "兴", "隆", "昌", "信", "诚",
    "通", "远", "博", "创", "鼎", "金", "中", "天", "海", "新", "永", "利", "丰", "祥", "伟", "明",
    "光", "正", "凯", "腾", "宇", "航", "晟", "峰", "汇", "联", "力", "和", "润", "佳", "益", "康",
    "立", "卓", "弘", "誉", "星", "云", "贝", "思", "源", "蓝", "宝", "科",
];

/// Company name suffixes with their frequency.
pub const SUFFIXES: [(&str, f64); 4] = [
    ("有限公司", 0.80),
    ("股份有限公司", 0.09),
    ("有限责任公司", 0.06),
    ("集团有限公司", 0.05),
];

/// Trade words in the names of chain companies.
pub fn chain_trades(chain: &str) -> &'static [&'static str] {
    match chain {
        "pv" => &["光伏", "新能源", "光电", "硅业", "能源科技", "光能", "绿能"],
        "medical-devices" => &[
            "医疗器械",
            "医疗科技",
            "生物科技",
            "医用材料",
            "医疗设备",
            "康复科技",
            "医药科技",
        ],
        "steel" => &["钢铁", "钢业", "特钢", "冶金", "金属制品", "钢材", "实业"],
        _ => &[
            "五金制品",
            "工具",
            "工贸",
            "智能家居",
            "五金",
            "实业",
            "精密制造",
        ],
    }
}

/// A non-chain sector of the synthetic economy.
pub struct Sector {
    /// Share of all companies.
    pub weight: f64,
    /// GB/T 4754-2017 class.
    pub code: &'static str,
    /// Trade words for names.
    pub trades: &'static [&'static str],
    /// Main products or services.
    pub products: &'static [&'static str],
    /// General business scope items (一般项目).
    pub scope: &'static [&'static str],
    /// Licensed items (许可项目), may be empty.
    pub licensed: &'static [&'static str],
    /// Median employees.
    pub employees: f64,
    /// Revenue per employee, 万元.
    pub revenue_per_head: f64,
}

/// The other industries: most companies are in them.
pub static SECTORS: [Sector; 24] = [
    Sector {
        weight: 9.0,
        code: "6210",
        trades: &["餐饮管理", "餐饮", "饮食文化"],
        products: &["中式正餐", "火锅", "米线", "团餐配送", "小吃"],
        scope: &["餐饮管理", "外卖递送服务", "食品销售（仅销售预包装食品）"],
        licensed: &["餐饮服务", "食品经营"],
        employees: 8.0,
        revenue_per_head: 15.0,
    },
    Sector {
        weight: 8.0,
        code: "6513",
        trades: &["软件", "信息技术", "网络科技", "数字科技"],
        products: &[
            "企业管理软件",
            "小程序开发",
            "信息系统集成",
            "云平台运维",
            "数据处理服务",
        ],
        scope: &[
            "软件开发",
            "信息系统集成服务",
            "信息技术咨询服务",
            "数据处理服务",
            "网络技术服务",
        ],
        licensed: &["第二类增值电信业务"],
        employees: 18.0,
        revenue_per_head: 35.0,
    },
    Sector {
        weight: 7.0,
        code: "5431",
        trades: &["物流", "供应链", "运输", "货运"],
        products: &["道路货物运输", "仓储服务", "城市配送", "货物运输代理"],
        scope: &[
            "普通货物仓储服务（不含危险化学品等需许可审批的项目）",
            "国内货物运输代理",
            "装卸搬运",
        ],
        licensed: &["道路货物运输（不含危险货物）"],
        employees: 15.0,
        revenue_per_head: 30.0,
    },
    Sector {
        weight: 8.0,
        code: "4790",
        trades: &["建设工程", "建筑工程", "建设", "路桥工程"],
        products: &[
            "房屋建筑工程施工",
            "市政道路工程",
            "园林绿化工程",
            "水利工程施工",
        ],
        scope: &["园林绿化工程施工", "土石方工程施工", "市政设施管理"],
        licensed: &["建设工程施工", "住宅室内装饰装修"],
        employees: 25.0,
        revenue_per_head: 45.0,
    },
    Sector {
        weight: 9.0,
        code: "5211",
        trades: &["商贸", "百货", "超市", "便利店"],
        products: &["日用百货零售", "食品零售", "便利店经营", "文具用品零售"],
        scope: &["日用百货销售", "文具用品零售", "化妆品零售", "日用品销售"],
        licensed: &["食品销售"],
        employees: 6.0,
        revenue_per_head: 40.0,
    },
    Sector {
        weight: 8.0,
        code: "5199",
        trades: &["贸易", "商贸", "进出口", "供应链管理"],
        products: &["日用品批发", "电子产品销售", "服装鞋帽批发", "农副产品销售"],
        scope: &[
            "日用品批发",
            "电子产品销售",
            "服装服饰批发",
            "农副产品销售",
            "货物进出口",
        ],
        licensed: &[],
        employees: 5.0,
        revenue_per_head: 80.0,
    },
    Sector {
        weight: 3.0,
        code: "7010",
        trades: &["房地产开发", "置业", "地产"],
        products: &["商品房开发", "商业地产运营"],
        scope: &["住房租赁", "非居住房地产租赁", "物业管理"],
        licensed: &["房地产开发经营"],
        employees: 30.0,
        revenue_per_head: 120.0,
    },
    Sector {
        weight: 3.0,
        code: "7020",
        trades: &["物业服务", "物业管理"],
        products: &["物业管理服务", "保洁服务", "停车场服务"],
        scope: &[
            "物业管理",
            "家政服务",
            "停车场服务",
            "专业保洁、清洗、消毒服务",
        ],
        licensed: &[],
        employees: 40.0,
        revenue_per_head: 8.0,
    },
    Sector {
        weight: 4.0,
        code: "8391",
        trades: &["教育科技", "培训", "文化传播"],
        products: &["职业技能培训", "教育咨询服务", "研学旅行"],
        scope: &[
            "教育咨询服务（不含涉许可审批的教育培训活动）",
            "技术服务、技术开发、技术咨询",
            "组织文化艺术交流活动",
        ],
        licensed: &[],
        employees: 12.0,
        revenue_per_head: 12.0,
    },
    Sector {
        weight: 4.0,
        code: "7259",
        trades: &["文化传媒", "广告", "传媒"],
        products: &["广告设计制作", "品牌策划", "短视频制作", "会议展览服务"],
        scope: &[
            "广告设计、代理",
            "广告制作",
            "广告发布",
            "会议及展览服务",
            "图文设计制作",
        ],
        licensed: &[],
        employees: 8.0,
        revenue_per_head: 20.0,
    },
    Sector {
        weight: 3.0,
        code: "5261",
        trades: &["汽车销售", "汽车服务", "汽车贸易"],
        products: &["新车销售", "二手车经纪", "汽车装饰用品"],
        scope: &["汽车新车销售", "二手车经纪", "汽车装饰用品销售", "汽车租赁"],
        licensed: &[],
        employees: 20.0,
        revenue_per_head: 150.0,
    },
    Sector {
        weight: 3.0,
        code: "1411",
        trades: &["食品", "农产品", "生物科技"],
        products: &["鲜花饼", "糕点", "米线", "菌菇制品", "腌腊制品"],
        scope: &["食用农产品初加工", "食用农产品批发", "农副产品销售"],
        licensed: &["食品生产", "食品销售"],
        employees: 30.0,
        revenue_per_head: 45.0,
    },
    Sector {
        weight: 2.0,
        code: "1530",
        trades: &["茶业", "茶叶", "普洱茶业"],
        products: &["普洱茶", "红茶", "绿茶", "茶叶销售"],
        scope: &["初级农产品收购", "茶具销售", "食用农产品零售"],
        licensed: &["茶叶制品生产", "食品销售"],
        employees: 15.0,
        revenue_per_head: 30.0,
    },
    Sector {
        weight: 2.5,
        code: "1819",
        trades: &["服饰", "服装", "纺织"],
        products: &["男装", "女装", "工作服", "针织服装"],
        scope: &["服装制造", "服装服饰零售", "服装服饰批发", "面料纺织加工"],
        licensed: &[],
        employees: 40.0,
        revenue_per_head: 25.0,
    },
    Sector {
        weight: 1.5,
        code: "2641",
        trades: &["化工", "涂料", "新材料"],
        products: &["建筑涂料", "水性涂料", "胶粘剂", "防水材料"],
        scope: &[
            "涂料制造（不含危险化学品）",
            "涂料销售（不含危险化学品）",
            "化工产品销售（不含许可类化工产品）",
        ],
        licensed: &["危险化学品经营"],
        employees: 35.0,
        revenue_per_head: 60.0,
    },
    Sector {
        weight: 1.0,
        code: "2720",
        trades: &["制药", "药业", "医药"],
        products: &["片剂", "胶囊剂", "注射液", "颗粒剂", "原料药"],
        scope: &["医学研究和试验发展", "化工产品销售（不含许可类化工产品）"],
        licensed: &["药品生产", "药品批发", "药品委托生产"],
        employees: 150.0,
        revenue_per_head: 80.0,
    },
    Sector {
        weight: 1.0,
        code: "2740",
        trades: &["药业", "中药", "生物医药"],
        products: &["三七制品", "中成药", "中药饮片", "天麻制品"],
        scope: &["中草药种植", "中草药收购", "地产中草药(不含中药饮片）购销"],
        licensed: &["药品生产", "药品零售"],
        employees: 80.0,
        revenue_per_head: 60.0,
    },
    Sector {
        weight: 3.0,
        code: "0143",
        trades: &["农业", "花卉", "农业科技", "种植"],
        products: &["鲜切花", "蔬菜种植", "水果种植", "中药材种植"],
        scope: &[
            "花卉种植",
            "蔬菜种植",
            "水果种植",
            "农业生产托管服务",
            "农副产品销售",
        ],
        licensed: &["农作物种子经营"],
        employees: 20.0,
        revenue_per_head: 10.0,
    },
    Sector {
        weight: 2.0,
        code: "3982",
        trades: &["电子", "电子科技", "电器"],
        products: &["印制电路板", "电子元器件", "线束", "LED照明"],
        scope: &[
            "电子元器件制造",
            "电子元器件批发",
            "照明器具制造",
            "电线、电缆经营",
        ],
        licensed: &[],
        employees: 60.0,
        revenue_per_head: 50.0,
    },
    Sector {
        weight: 1.5,
        code: "2110",
        trades: &["家具", "木业", "家居用品"],
        products: &["实木家具", "办公家具", "沙发", "床垫"],
        scope: &["家具制造", "家具销售", "木材加工", "家具安装和维修服务"],
        licensed: &[],
        employees: 30.0,
        revenue_per_head: 30.0,
    },
    Sector {
        weight: 5.0,
        code: "7243",
        trades: &["企业管理", "咨询", "商务服务", "人力资源"],
        products: &["企业管理咨询", "财务咨询", "人力资源服务", "商务代理"],
        scope: &[
            "企业管理咨询",
            "财务咨询",
            "市场营销策划",
            "商务代理代办服务",
            "人力资源服务（不含职业中介活动、劳务派遣服务）",
        ],
        licensed: &["职业中介活动"],
        employees: 6.0,
        revenue_per_head: 20.0,
    },
    Sector {
        weight: 2.0,
        code: "6110",
        trades: &["酒店管理", "酒店", "旅游"],
        products: &["住宿服务", "旅游接待", "会议服务"],
        scope: &["酒店管理", "旅游开发项目策划咨询", "会议及展览服务"],
        licensed: &["住宿服务", "旅游业务"],
        employees: 25.0,
        revenue_per_head: 15.0,
    },
    Sector {
        weight: 2.0,
        code: "8040",
        trades: &["美容美发", "美容", "健康管理"],
        products: &["美容服务", "美发服务", "养生保健服务"],
        scope: &["理发服务", "生活美容服务", "养生保健服务（非医疗）"],
        licensed: &[],
        employees: 6.0,
        revenue_per_head: 10.0,
    },
    Sector {
        weight: 0.5,
        code: "6635",
        trades: &["小额贷款", "融资担保", "金融服务"],
        products: &["小额贷款", "融资担保服务"],
        scope: &["以自有资金从事投资活动", "融资咨询服务"],
        licensed: &["小额贷款业务"],
        employees: 12.0,
        revenue_per_head: 100.0,
    },
];

/// The designed local mix of the demo home region (a district of Yunnan): strong steel and
/// glass, a young medical-device park, some hardware, thin PV supporting trades. Node id and the
/// number of firms per 2,000 local companies.
pub const HOME_MIX: [(&str, u32); 58] = [
    // Steel: the district's base, from raw materials to long products and steel structures.
    ("steel-iron-ore", 4),
    ("steel-sinter-pellet", 2),
    ("steel-coking-coal", 3),
    ("steel-coke", 6),
    ("steel-scrap", 6),
    ("steel-ferroalloy", 5),
    ("steel-flux", 3),
    ("steel-refractory", 4),
    ("steel-industrial-gas", 2),
    ("steel-met-equipment", 2),
    ("steel-ironmaking", 5),
    ("steel-bof-steel", 4),
    ("steel-eaf-steel", 3),
    ("steel-hot-rolled", 3),
    ("steel-rebar-wire", 10),
    ("steel-sections", 5),
    ("steel-pipe", 4),
    ("steel-coated", 2),
    ("steel-processing", 8),
    ("steel-trade", 14),
    ("steel-structure", 12),
    ("steel-wire", 5),
    ("steel-welding", 2),
    ("steel-construction", 6),
    ("steel-slag", 3),
    ("steel-waste-heat", 2),
    ("steel-coke-chemicals", 3),
    ("steel-machinery", 1),
    ("steel-plate", 1),
    // Glass: float glass makers and their raw materials.
    ("pv-float-glass", 9),
    ("pv-glass-raw", 3),
    // PV: a little silicon and some plants; the supporting trades are thin.
    ("pv-industrial-silicon", 2),
    ("pv-power-plant", 3),
    ("pv-epc", 2),
    ("pv-distributed", 2),
    ("pv-mounting", 1),
    ("pv-om", 1),
    // Medical devices: a young park with low-value consumables and protective supplies.
    ("md-protective-wear", 3),
    ("md-dressing", 2),
    ("md-injection", 1),
    ("md-infusion-catheter", 1),
    ("md-rehab", 1),
    ("md-precision-parts", 1),
    ("md-distribution", 7),
    ("md-medical-institutions", 9),
    ("md-eldercare-home", 3),
    ("md-disinfection", 1),
    // Hardware: wire and nail products from local steel, doors and a market.
    ("hw-wire-rod", 3),
    ("hw-nails-mesh", 5),
    ("hw-fasteners", 3),
    ("hw-hand-tools", 1),
    ("hw-security-doors", 2),
    ("hw-door-window", 2),
    ("hw-market", 4),
    ("hw-decoration", 6),
    ("hw-mould", 1),
    ("hw-surface", 1),
    ("hw-stamping", 1),
];

/// Companies of the home region per 100 companies nationwide.
pub const HOME_SHARE: f64 = 0.01;

/// Goods that general traders and makers list beside their own products (销售：…). None names a
/// made chain product (五金交电 and 钢材 are what hardware and steel traders sell); some carry the
/// exclusions real scopes carry (不含…, …除外). The common ones appear more than once, roughly by
/// their frequency in real scopes.
pub const GOODS: [&str; 56] = [
    "五金交电",
    "五金交电",
    "五金交电",
    "五金交电",
    "建筑材料",
    "建筑材料",
    "建筑材料",
    "建筑材料",
    "日用百货",
    "日用百货",
    "日用百货",
    "化工产品（不含危险化学品）",
    "化工产品（不含危险化学品）",
    "化工原料（不含危险化学品及易制毒化学品）",
    "金属材料",
    "金属材料",
    "金属材料",
    "机械设备",
    "机械设备",
    "电子产品",
    "电子产品",
    "钢材",
    "钢材",
    "装饰材料",
    "机电设备",
    "电线电缆",
    "针纺织品",
    "劳保用品",
    "办公用品",
    "塑料制品",
    "橡胶制品",
    "仪器仪表",
    "通讯器材（不含卫星地面接收设施）",
    "矿产品（国家专控产品除外）",
    "木材",
    "塑料管材",
    "照明器材",
    "汽车配件",
    "农副产品（不含粮食）",
    "计算机软硬件及辅助设备",
    "家用电器",
    "文化用品",
    "工艺美术品（象牙及其制品除外）",
    "润滑油（不含危险化学品）",
    "有色金属（不含贵金属）",
    "建筑机械",
    "电气设备",
    "卫生洁具",
    "陶瓷制品",
    "水泥制品",
    "包装材料",
    "皮革制品",
    "服装鞋帽",
    "体育用品（不含弩）",
    "五金产品",
    "建材",
];

/// Goods items whose exclusion names a chain product (the chain, the item): a company never
/// carries one that excludes its own chain's products.
pub const EXCLUDING_GOODS: [(&str, &str); 9] = [
    ("steel", "矿产品（铁矿石除外）"),
    ("steel", "煤炭及制品（不含焦炭）"),
    ("steel", "再生资源（不含废钢铁及危险废物）"),
    ("hardware", "日用百货（管制刀具除外）"),
    ("hardware", "户外用品（管制刀具除外）"),
    ("medical-devices", "日用口罩（不含医用口罩）"),
    ("medical-devices", "劳动防护用品（不含防护服）"),
    ("pv", "电子元器件（不含光伏组件）"),
    ("pv", "太阳能热水器（不含光伏组件）"),
];

/// Chain products that general traders sometimes list among their goods.
pub const TRADED_CHAIN_GOODS: [&str; 12] = [
    "钢丝绳",
    "钢管",
    "螺栓",
    "焊条",
    "手动工具",
    "电动工具",
    "锁具",
    "防盗门",
    "医用口罩",
    "轮椅",
    "血压计",
    "体温计",
];

/// Old-style trade clauses of scopes registered before 2014.
pub const OLD_TRADE_BOILERPLATE: [&str; 4] = [
    "经营本企业自产产品及技术的出口业务和本企业所需的机械设备、零配件、原辅材料及技术的进口业务（国家限定公司经营或禁止进出口的商品及技术除外）",
    "自营和代理各类商品和技术的进出口业务（国家限定企业经营或禁止进出口的商品和技术除外）",
    "货物进出口、技术进出口（法律、行政法规禁止的项目除外；法律、行政法规限制的项目取得许可后方可经营）",
    "经营进料加工和“三来一补”业务",
];

/// Trade words in the names of chain traders.
pub fn chain_trader_trades(chain: &str) -> &'static [&'static str] {
    match chain {
        "pv" => &["新能源", "商贸", "贸易", "光电科技"],
        "medical-devices" => &["医疗器械", "医疗器械贸易", "医疗用品", "商贸", "医药"],
        "steel" => &["物资", "商贸", "钢铁贸易", "金属材料", "贸易"],
        _ => &["五金机电", "五金交电", "五金贸易", "商贸", "贸易"],
    }
}

/// Goods a chain's traders list beside the chain products.
pub fn chain_goods(chain: &str) -> &'static [&'static str] {
    match chain {
        "pv" => &[
            "电子产品",
            "电气设备",
            "电线电缆",
            "机电设备",
            "照明器材",
            "建筑材料",
        ],
        "medical-devices" => &[
            "第一类医疗器械",
            "第二类医疗器械",
            "卫生用品",
            "日用百货",
            "化妆品",
            "计生用品",
            "卫生材料",
        ],
        "steel" => &[
            "钢材",
            "金属材料",
            "建筑材料",
            "有色金属（不含贵金属）",
            "金属制品",
            "矿产品（国家专控产品除外）",
        ],
        _ => &[
            "五金交电",
            "五金产品",
            "日用百货",
            "机电设备",
            "电线电缆",
            "塑料管材",
            "建筑装饰材料",
            "劳保用品",
        ],
    }
}

/// What a chain's service firms do with its products (安装、维修、检测、施工).
pub fn chain_services(chain: &str) -> &'static [&'static str] {
    match chain {
        "pv" => &["安装", "安装、维护", "维修", "检测"],
        "medical-devices" => &["维修", "维修、保养", "安装、维修", "检测"],
        "steel" => &["安装", "检测", "安装、维修", "无损检测"],
        _ => &["安装", "维修", "安装、维修", "检测"],
    }
}

/// Licensed items (许可项目) of chain firms by the first two digits of their industry code.
pub fn chain_licensed(code: &str) -> &'static [&'static str] {
    match code.get(..2).unwrap_or("") {
        "44" => &["发电业务、输电业务、供（配）电业务"],
        "47" | "48" | "49" | "50" => &["建设工程施工", "建设工程设计"],
        "84" => &["医疗服务"],
        "85" => &["养老服务", "医疗服务"],
        "25" | "26" => &["危险化学品生产", "危险化学品经营"],
        "06" | "08" | "09" | "10" => &["矿产资源（非煤矿山）开采", "道路货物运输（不含危险货物）"],
        "31" | "33" => &["特种设备制造", "道路货物运输（不含危险货物）"],
        _ => &[],
    }
}
