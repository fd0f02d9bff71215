//! Business-scope parsing (经营范围解析): a scope split into clauses and items, each item with the
//! roles its verbs give it, and the spans that never count (exclusions, registration notes,
//! boilerplate).
//!
//! A real scope reads like `一般项目：光伏设备及元器件制造；销售：钢材、五金交电、化工产品（不含危险化学品）；
//! 经营本企业自产产品的出口业务（国家限定公司经营的商品除外）。（依法须经批准的项目，经相关部门批准后方可开展经营活动）`.
//! The parser:
//!
//! - splits it into clauses at `；;。` and line ends and at the headings (一般项目, 许可项目, 一般经营项目,
//!   许可经营项目), and each clause into items at `、，,`; separators inside brackets split nothing;
//! - voids what must not count: a bracket holding an exclusion or a registration note
//!   (（不含危险化学品）, （凭许可证经营）, （依法须经批准的项目…）); an exclusion outside brackets from
//!   不含/不包括/不得/禁止/不涉及 to the end of its clause, from 除 to its 外, and an item ending in 除外;
//!   the import-export boilerplate (经营本企业自产产品…, 进料加工和三来一补) to the end of its clause;
//!   and a registration note standing as an item (依法须经批准的项目，经相关部门批准后方可开展经营活动);
//! - gives each item the roles of its own verbs: make (生产, 制造, 加工, 铸造, 冶炼, 开采, …), trade
//!   (销售, 批发, 零售, 经销, 代理, 进出口, …), service (技术服务, 检测, 维修, 安装, 施工, 设计, 租赁, …).
//!   An item of verbs only (the 生产 of `生产、销售：钢丝绳`) lends them to the next item, or to the item
//!   before it at the end of a clause (the 销售 of `钢丝绳的生产、销售`). An item without verbs takes
//!   them from the nearest item before it in its clause that opens with its verbs (`销售：钢材、水泥`),
//!   else from the nearest item after it that ends with them (`钢丝、钢绞线的生产`).
//!
//! The markers (verbs, exclusions, notes) are found by one [`TermSet`] scan, leftmost-longest,
//! so a longer neutral phrase hides a verb inside it (生产资料 is goods, not making; 除尘 is no 除…外).

use super::terms::TermSet;

/// Role bit: the item makes its products (生产、制造、加工).
pub const MAKE: u8 = 1;
/// Role bit: the item trades them (销售、批发、进出口).
pub const TRADE: u8 = 2;
/// Role bit: the item serves with them (安装、维修、检测、施工).
pub const SERVICE: u8 = 4;

/// What a marker found in a scope means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marker {
    /// A verb giving its item these role bits.
    Role(u8),
    /// A phrase that holds a verb but is none (生产资料, 安全生产, 除尘).
    Neutral,
    /// Starts an exclusion (不含, 不得从事, 禁止).
    Exclude,
    /// `除`: an exclusion when a `外` closes it in the same clause.
    Except,
    /// `除外`: the item up to here is excluded.
    ExceptEnd,
    /// A registration note that voids its item anywhere (依法须经批准, 方可开展经营活动).
    NoteStrong,
    /// A licence remark that voids the bracket it sits in (凭许可证, 资质, 为准).
    NoteWeak,
    /// Import-export boilerplate: void to the end of the clause (经营本企业, 三来一补).
    Boilerplate,
    /// A heading that starts a new clause (一般项目, 许可经营项目).
    Heading,
    /// Ends a clause: ；; 。 and line ends.
    ClauseSep,
    /// Ends an item: 、，, /.
    ItemSep,
    /// A colon (：:), which ties a verb to the list after it.
    Colon,
    /// An opening bracket.
    Open,
    /// A closing bracket.
    Close,
}

const MAKE_VERBS: &[&str] = &[
    "生产",
    "制造",
    "加工",
    "研制",
    "铸造",
    "冶炼",
    "开采",
    "采选",
    "锻造",
    "轧制",
    "制作",
    "组装",
    "装配",
    "冲压",
    "压铸",
    "电镀",
    "炼钢",
    "炼铁",
    "炼焦",
    "烧结",
    "提纯",
    "拉丝",
    "注塑",
    "喷涂",
    "精炼",
    "熔炼",
    "焊接加工",
    "酿造",
    "生产经营",
    "自产",
    "研发生产",
    "开发生产",
    "制品加工",
    "组装生产",
    "采掘",
    "开采加工",
    "烧制",
    "浇注",
    "成型",
    "热处理",
    "深加工",
    "初加工",
    "制备",
    "培育",
    "养殖",
    "种植",
];
const TRADE_VERBS: &[&str] = &[
    "销售",
    "批发",
    "零售",
    "经销",
    "代销",
    "代购",
    "购销",
    "进出口",
    "进口",
    "出口",
    "贸易",
    "代理",
    "经营",
    "供应",
    "采购",
    "批零",
    "专卖",
    "收购",
    "展销",
    "分销",
    "直销",
    "商贸",
    "营销",
    "门市",
    "配售",
    "兼营",
    "商行",
    "经营部",
    "经销部",
    "门市部",
    "批发部",
    "商店",
    "商场",
];
const SERVICE_VERBS: &[&str] = &[
    "技术服务",
    "技术开发",
    "技术咨询",
    "技术转让",
    "技术推广",
    "技术交流",
    "检测",
    "检验",
    "维修",
    "修理",
    "安装",
    "施工",
    "设计",
    "租赁",
    "运维",
    "运营",
    "咨询",
    "服务",
    "承包",
    "承装",
    "承修",
    "承试",
    "调试",
    "保养",
    "维护",
    "回收",
    "工程",
    "建设",
    "开发",
    "发电",
    "清洗",
    "装修",
    "装饰",
    "配送",
    "仓储",
    "运输",
    "培训",
    "研发",
    "测试",
    "认证",
    "计量",
    "校准",
    "监理",
    "管理",
    "改造",
    "拆除",
    "拆解",
    "治理",
    "利用",
    "处置",
    "供电",
    "售电",
    "维保",
    "置换",
    "出租",
    "勘察",
    "勘查",
    "监测",
    "评价",
    "诊疗",
    "护理",
];
/// Phrases that hold a verb but mean none: goods (生产资料), a topic (安全生产), a production need
/// (生产所需), a process of another kind (除尘, 除锈).
const NEUTRAL: &[&str] = &[
    "生产资料",
    "安全生产",
    "农业生产",
    "生产性",
    "生产用",
    "生产线",
    "生产设备",
    "加工设备",
    "制造设备",
    "经营场所",
    "经营范围",
    "经营活动",
    "服务业",
    "除尘",
    "除锈",
    "除湿",
    "除草",
    "除臭",
    "除垢",
    "除雪",
    "除氧",
    "除磷",
    "除铁",
    "除渣",
    "除雾",
    "除杂",
    "除鳞",
    "除油",
    "除霜",
    "除颤",
    "除虫",
    "除螨",
    "除甲醛",
    "除菌",
    "除污",
    "除冰",
    "除砂",
    "除灰",
    "除胶",
    "除漆",
    "除味",
    "清除",
    "消除",
    "去除",
    "排除",
    "拆除",
    "除了",
    "工程机械",
    "工程塑料",
    "工程车",
    "装饰材料",
    "服务器",
];
/// Goods words: a making or service verb right before one of them is part of a goods name.
const GOODS: &[&str] = &[
    "材料", "用品", "器材", "设备", "仪器", "仪表", "工具", "配件", "机械", "器械", "耗材", "用具",
    "器具", "车辆", "物资", "品", "件", "剂", "器", "机", "仪",
];
const EXCLUDE: &[&str] = &[
    "不含",
    "不包括",
    "不包含",
    "不得",
    "不涉及",
    "禁止",
    "不从事",
    "不经营",
    "不可",
    "严禁",
    "不准",
    "除外",
];
const NOTE_STRONG: &[&str] = &[
    "依法须经批准",
    "依法需经批准",
    "依法须经审批",
    "方可开展经营活动",
    "方可经营",
    "以相关部门批准文件",
    "以审批结果为准",
    "依法自主开展经营活动",
    "凭营业执照依法自主",
    "法律、行政法规",
    "法律法规",
    "国务院决定",
];
const NOTE_WEAK: &[&str] = &[
    "凭许可证经营",
    "凭许可经营",
    "凭证经营",
    "许可证经营",
    "核定范围",
    "核定的范围",
    "凭",
    "许可",
    "批准",
    "资质",
    "为准",
    "审批",
    "核定",
    "备案",
    "仅限",
    "限分支",
    "有效期",
    "取得",
    "证书",
    "另设分支",
];
const BOILERPLATE: &[&str] = &[
    "本企业",
    "本公司",
    "三来一补",
    "进料加工",
    "来料加工和",
    "生产所需",
    "科研所需",
    "国家限定",
    "国家限制",
    "国家禁止",
];
const HEADINGS: &[&str] = &[
    "一般项目",
    "许可项目",
    "一般经营项目",
    "许可经营项目",
    "经营范围：",
    "经营范围:",
];

/// The scope's markers (verbs, exclusions, notes, separators): built once, shared by all threads.
pub struct ScopeParser {
    automaton: TermSet,
    kinds: Vec<Marker>,
}

/// One item of a scope: its byte range, clause and role bits (own or lent).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Item {
    /// Byte offset where the item starts.
    pub start: u32,
    /// Byte offset where it ends (exclusive, before its separator).
    pub end: u32,
    /// Index of its clause in the scope.
    pub clause: u16,
    /// Role bits ([`MAKE`], [`TRADE`], [`SERVICE`]); 0 when no verb reaches it.
    pub roles: u8,
    own: u8,
    /// Its verbs open it (销售：…) rather than close it (…的生产).
    prefix: bool,
    /// It holds verbs and nothing else.
    bare: bool,
}

/// A parsed scope: its items and the spans that do not count. Reused between companies.
#[derive(Debug, Default, Clone)]
pub struct Parsed {
    /// The items, in text order.
    pub items: Vec<Item>,
    /// Byte ranges that never count: exclusions, notes, boilerplate.
    pub voids: Vec<(u32, u32)>,
    markers: Vec<(u32, u32, Marker)>,
    /// The void brackets.
    brackets: Vec<(u32, u32)>,
    stack: Vec<u32>,
    pairs: Vec<(u32, u32)>,
    segments: Vec<(u32, u32)>,
    part: Option<Box<Parsed>>,
}

/// The byte ranges of a scope's clauses: split after each `；;。` or line end outside brackets.
/// Stops after the clause holding byte `last` (the whole text with `u32::MAX`).
fn clauses(text: &str, last: u32, out: &mut Vec<(u32, u32)>) {
    out.clear();
    let b = text.as_bytes();
    let mut depth = 0u32;
    let mut start = 0usize;
    let mut i = 0usize;
    while i < b.len() {
        let mut end = None;
        match b[i] {
            b'(' | b'[' => depth += 1,
            b')' | b']' => depth = depth.saturating_sub(1),
            b';' | b'\n' | b'\r' if depth == 0 => end = Some(i + 1),
            0xEF if i + 2 < b.len() && b[i + 1] == 0xBC => match b[i + 2] {
                // （ ［ and ） ］
                0x88 | 0xBB => depth += 1,
                0x89 | 0xBD => depth = depth.saturating_sub(1),
                // ；
                0x9B if depth == 0 => end = Some(i + 3),
                _ => {}
            },
            0xE3 if i + 2 < b.len() && b[i + 1] == 0x80 => match b[i + 2] {
                // 【 〔 and 】 〕
                0x90 | 0x94 => depth += 1,
                0x91 | 0x95 => depth = depth.saturating_sub(1),
                // 。
                0x82 if depth == 0 => end = Some(i + 3),
                _ => {}
            },
            _ => {}
        }
        if let Some(e) = end {
            out.push((start as u32, e as u32));
            if e as u64 > last as u64 {
                return;
            }
            start = e;
            i = e;
        } else {
            // On to the next character (most are CJK ideographs of three bytes).
            i += match b[i] {
                0..=0xBF => 1,
                0xC0..=0xDF => 2,
                0xE0..=0xEF => 3,
                _ => 4,
            };
        }
    }
    if start < b.len() {
        out.push((start as u32, b.len() as u32));
    }
}

impl Parsed {
    /// The item holding the byte range `start..end`, unless the range lies in a void span.
    pub fn locate(&self, start: u32, end: u32) -> Option<&Item> {
        if self.voids.iter().any(|&(a, b)| start < b && end > a) {
            return None;
        }
        let i = self.items.partition_point(|it| it.start <= start);
        let item = self.items.get(i.checked_sub(1)?)?;
        (start < item.end.max(item.start + 1)).then_some(item)
    }

    /// Empties it: no items, no voids.
    pub fn clear(&mut self) {
        self.items.clear();
        self.voids.clear();
        self.markers.clear();
        self.brackets.clear();
    }

    /// The text of `start..end` without its void spans (notes, exclusions), trimmed.
    pub fn text_without_voids(&self, text: &str, start: u32, end: u32) -> String {
        let mut out = String::new();
        let mut at = start;
        for &(x, y) in self.voids.iter().filter(|&&(x, y)| y > start && x < end) {
            if x > at {
                out.push_str(text.get(at as usize..x as usize).unwrap_or(""));
            }
            at = at.max(y);
        }
        if at < end {
            out.push_str(text.get(at as usize..end as usize).unwrap_or(""));
        }
        out.trim().to_string()
    }

    /// Whether the byte offset lies in a void span.
    pub fn is_void(&self, at: u32) -> bool {
        self.voids.iter().any(|&(a, b)| at >= a && at < b)
    }
}

impl Default for ScopeParser {
    fn default() -> Self {
        ScopeParser::new()
    }
}

impl ScopeParser {
    /// Builds the marker set.
    pub fn new() -> ScopeParser {
        let mut terms: Vec<&str> = Vec::new();
        let mut kinds: Vec<Marker> = Vec::new();
        let mut add = |list: &[&'static str], kind: Marker| {
            for t in list {
                if let Some(i) = terms.iter().position(|x| x == t) {
                    kinds[i] = kind;
                } else {
                    terms.push(t);
                    kinds.push(kind);
                }
            }
        };
        add(SERVICE_VERBS, Marker::Role(SERVICE));
        add(TRADE_VERBS, Marker::Role(TRADE));
        add(MAKE_VERBS, Marker::Role(MAKE));
        add(NEUTRAL, Marker::Neutral);
        add(NOTE_WEAK, Marker::NoteWeak);
        add(EXCLUDE, Marker::Exclude);
        add(&["除外"], Marker::ExceptEnd);
        add(&["除"], Marker::Except);
        add(BOILERPLATE, Marker::Boilerplate);
        add(NOTE_STRONG, Marker::NoteStrong);
        add(HEADINGS, Marker::Heading);
        add(&["；", ";", "。", "\n", "\r"], Marker::ClauseSep);
        add(&["、", "，", ",", "/", "／"], Marker::ItemSep);
        add(&["：", ":"], Marker::Colon);
        add(&["（", "(", "【", "[", "〔", "［"], Marker::Open);
        add(&["）", ")", "】", "]", "〕", "］"], Marker::Close);
        let automaton = TermSet::new(&terms, false);
        ScopeParser { automaton, kinds }
    }

    /// What a company does, in a few words: its main products when it lists them, else up to `max`
    /// items of its scope that make something (or, without any, that serve), without notes and
    /// exclusions, joined by 、.
    pub fn summary(&self, products: &str, scope: &str, max: usize) -> String {
        if !products.trim().is_empty() {
            return products.trim().to_string();
        }
        let mut parsed = Parsed::default();
        self.parse(scope, &mut parsed);
        let clean = |it: &Item| {
            parsed
                .text_without_voids(scope, it.start, it.end)
                .trim_matches(|c: char| "：:".contains(c))
                .to_string()
        };
        // A service stands as an item of its own (技术咨询); a bare making verb says nothing.
        let pick = |bits: u8| -> Vec<String> {
            parsed
                .items
                .iter()
                .filter(|it| {
                    it.roles & bits != 0 || (bits == SERVICE && it.bare && it.own & bits != 0)
                })
                .map(clean)
                .filter(|t| !t.is_empty())
                .take(max)
                .collect()
        };
        let mut items = pick(MAKE);
        if items.is_empty() {
            items = pick(SERVICE);
        }
        items.join("、")
    }

    /// The role bits of the verbs in a short text (a product line, a name), exclusions ignored.
    pub fn roles_in(&self, text: &str) -> u8 {
        self.automaton
            .find_iter(text)
            .filter_map(|m| match self.kinds[m.pattern as usize] {
                Marker::Role(bits) => Some(bits),
                _ => None,
            })
            .fold(0, |a, b| a | b)
    }

    /// Parses only the clauses of a scope that hold one of the byte offsets `near` (sorted), into
    /// `out` (cleared first): what a classifier needs, at a fraction of the cost on long scopes.
    /// Items, roles and voids are those of [`ScopeParser::parse`], which never look past a clause.
    pub fn parse_near(&self, text: &str, near: &[u32], out: &mut Parsed) {
        out.clear();
        let mut part = out.part.take().unwrap_or_default();
        let mut segments = std::mem::take(&mut out.segments);
        clauses(text, near.last().copied().unwrap_or(0), &mut segments);
        let mut next = 0usize;
        let mut clause_base = 0u16;
        for &(a, b) in &segments {
            while next < near.len() && near[next] < a {
                next += 1;
            }
            if next >= near.len() || near[next] >= b {
                continue;
            }
            self.parse(&text[a as usize..b as usize], &mut part);
            let mut top = 0u16;
            for it in &part.items {
                top = top.max(it.clause);
                out.items.push(Item {
                    start: it.start + a,
                    end: it.end + a,
                    clause: clause_base.saturating_add(it.clause),
                    ..*it
                });
            }
            out.voids
                .extend(part.voids.iter().map(|&(x, y)| (x + a, y + a)));
            clause_base = clause_base.saturating_add(top).saturating_add(1);
        }
        out.segments = segments;
        out.part = Some(part);
    }

    /// Parses a scope into `out` (cleared first).
    pub fn parse(&self, text: &str, out: &mut Parsed) {
        out.clear();
        if text.is_empty() {
            return;
        }
        for m in self.automaton.find_iter(text) {
            let mut kind = self.kinds[m.pattern as usize];
            // A verb right before a goods word names goods (装修材料, 检测仪器, 加工机械).
            if matches!(kind, Marker::Role(bits) if bits != TRADE)
                && GOODS.iter().any(|g| text[m.end as usize..].starts_with(g))
            {
                kind = Marker::Neutral;
            }
            out.markers.push((m.start, m.end, kind));
        }
        // … and so does a verb right before such a goods name (装饰装修材料).
        for k in (1..out.markers.len()).rev() {
            let (s, _, kind) = out.markers[k];
            let (_, pe, prev) = out.markers[k - 1];
            if kind == Marker::Neutral
                && pe == s
                && matches!(prev, Marker::Role(bits) if bits != TRADE)
            {
                out.markers[k - 1].2 = Marker::Neutral;
            }
        }
        self.brackets(text, out);
        self.split(text, out);
        self.void_spans(text, out);
        self.assign_roles(text, out);
    }

    /// Finds the brackets and decides which are notes or exclusions (void, skipped whole) and
    /// which hold products or a scope of their own (transparent: read like the text around them).
    fn brackets(&self, text: &str, out: &mut Parsed) {
        let Parsed {
            markers,
            brackets,
            stack,
            pairs,
            ..
        } = out;
        stack.clear();
        pairs.clear();
        for &(s, e, kind) in markers.iter() {
            match kind {
                Marker::Open => stack.push(s),
                Marker::Close => {
                    if let Some(open) = stack.pop() {
                        pairs.push((open, e));
                    }
                }
                _ => {}
            }
        }
        // An unclosed bracket runs to the end.
        while let Some(open) = stack.pop() {
            pairs.push((open, text.len() as u32));
        }
        pairs.sort_unstable();
        for &(a, b) in pairs.iter() {
            // The markers inside the bracket (markers are in text order).
            let from = markers.partition_point(|x| x.0 <= a);
            let to = markers.partition_point(|x| x.0 < b);
            let within = &markers[from..to.max(from)];
            // A long bracket with clauses of its own is a scope of its own.
            if b - a > 66
                && within
                    .iter()
                    .any(|&(_, _, k)| matches!(k, Marker::ClauseSep | Marker::Colon))
            {
                continue;
            }
            // A note or exclusion: short, or with its marker at the bracket's start or end.
            let void = within.iter().any(|&(s, e, kind)| {
                e < b
                    && match kind {
                        Marker::Exclude
                        | Marker::ExceptEnd
                        | Marker::NoteStrong
                        | Marker::NoteWeak
                        | Marker::Boilerplate => true,
                        Marker::Except => text[e as usize..b as usize].contains('外'),
                        _ => false,
                    }
                    && (b - a <= 66 || s - a <= 9 || b - e <= 9)
            });
            if void && !brackets.iter().any(|&(x, y)| x <= a && b <= y) {
                brackets.push((a, b));
            }
        }
    }

    /// Splits into clauses and items at the separators and headings, skipping void brackets.
    fn split(&self, text: &str, out: &mut Parsed) {
        let Parsed {
            items,
            markers,
            brackets,
            ..
        } = out;
        let mut item_start = 0u32;
        let mut clause = 0u16;
        let mut bracket = 0usize;
        let mut push = |start: u32, end: u32, clause: u16| {
            if !text[start as usize..end as usize].trim().is_empty() {
                items.push(Item {
                    start,
                    end,
                    clause,
                    roles: 0,
                    own: 0,
                    prefix: false,
                    bare: false,
                });
            }
        };
        for &(s, e, kind) in markers.iter() {
            if s < item_start {
                continue;
            }
            // A void bracket splits nothing.
            while bracket < brackets.len() && brackets[bracket].1 <= s {
                bracket += 1;
            }
            if brackets.get(bracket).is_some_and(|&(a, _)| a <= s) {
                continue;
            }
            match kind {
                Marker::Heading => {
                    push(item_start, s, clause);
                    clause = clause.saturating_add(1);
                    // Skip the heading and a colon after it.
                    item_start = e;
                    if let Some(ch) = text[e as usize..]
                        .chars()
                        .next()
                        .filter(|ch| matches!(ch, '：' | ':'))
                    {
                        item_start += ch.len_utf8() as u32;
                    }
                }
                Marker::ClauseSep => {
                    push(item_start, s, clause);
                    clause = clause.saturating_add(1);
                    item_start = e;
                }
                Marker::ItemSep => {
                    push(item_start, s, clause);
                    item_start = e;
                }
                _ => {}
            }
        }
        push(item_start, text.len() as u32, clause);
    }

    /// Marks exclusions, notes and boilerplate void.
    fn void_spans(&self, text: &str, out: &mut Parsed) {
        let Parsed {
            items,
            voids,
            markers,
            brackets,
            ..
        } = out;
        voids.extend(brackets.iter().copied());
        let in_void_bracket = |at: u32| brackets.iter().any(|&(a, b)| at >= a && at < b);
        let clause_end = |at: u32| -> u32 {
            let i = items.partition_point(|it| it.start <= at);
            let Some(k) = i.checked_sub(1) else {
                return text.len() as u32;
            };
            let c = items[k].clause;
            items[k..]
                .iter()
                .take_while(|it| it.clause == c)
                .last()
                .map(|it| it.end)
                .unwrap_or(text.len() as u32)
        };
        let item_of = |at: u32| -> Option<Item> {
            let i = items.partition_point(|it| it.start <= at);
            items.get(i.checked_sub(1)?).copied()
        };
        for &(s, e, kind) in markers.iter() {
            if in_void_bracket(s) {
                continue;
            }
            match kind {
                Marker::Exclude => voids.push((s, clause_end(s).max(e))),
                Marker::Except => {
                    let end = clause_end(s);
                    if let Some(j) = text[e as usize..end.max(e) as usize].find('外') {
                        voids.push((s, e + j as u32 + '外'.len_utf8() as u32));
                    }
                }
                Marker::ExceptEnd => {
                    let start = item_of(s).map(|it| it.start).unwrap_or(s);
                    voids.push((start, e));
                }
                Marker::Boilerplate => {
                    let start = item_of(s).map(|it| it.start.min(s)).unwrap_or(s);
                    voids.push((start, clause_end(s).max(e)));
                }
                Marker::NoteStrong => {
                    if let Some(it) = item_of(s) {
                        voids.push((it.start, it.end.max(e)));
                    }
                }
                _ => {}
            }
        }
        voids.sort_unstable();
    }

    /// Gives each item its own role bits, then lends verbs to items without them.
    fn assign_roles(&self, text: &str, out: &mut Parsed) {
        let Parsed {
            items,
            voids,
            markers,
            ..
        } = out;
        let void = |a: u32, b: u32| voids.iter().any(|&(x, y)| a < y && b > x);
        let mut m = 0usize;
        for it in items.iter_mut() {
            while m < markers.len() && markers[m].0 < it.start {
                m += 1;
            }
            let mut first_verb: Option<u32> = None;
            let mut voided = 0u32;
            for &(s, e, kind) in markers[m..].iter().take_while(|x| x.0 < it.end) {
                if let Marker::Role(bits) = kind {
                    if void(s, e) {
                        continue;
                    }
                    it.own |= bits;
                    first_verb.get_or_insert(s);
                }
            }
            for &(a, b) in voids.iter() {
                let (a, b) = (a.max(it.start), b.min(it.end));
                if b > a {
                    voided += b - a;
                }
            }
            if it.own == 0 {
                continue;
            }
            // Nothing but verbs and fillers (的, 兼, 及, a colon) outside void spans.
            let filler = |c: char| {
                c.is_whitespace()
                    || matches!(
                        c,
                        '的' | '兼'
                            | '及'
                            | '和'
                            | '与'
                            | '并'
                            | '或'
                            | '：'
                            | ':'
                            | '、'
                            | '，'
                            | ','
                    )
            };
            let mut content = 0usize;
            let mut at = it.start;
            for &(s, e, kind) in markers[m..].iter().take_while(|x| x.0 < it.end) {
                if matches!(kind, Marker::Role(_)) && s >= at {
                    content += text[at as usize..s as usize]
                        .chars()
                        .filter(|&c| !filler(c))
                        .count();
                    at = e.min(it.end);
                }
            }
            content += text[at.min(it.end) as usize..it.end as usize]
                .chars()
                .filter(|&c| !filler(c))
                .count();
            it.bare = it.own != 0 && content == 0 && voided == 0;
            it.prefix = first_verb.is_some_and(|v| v <= it.start + 3);
        }
        // Bare verb items lend their verbs to the next item of the clause, or at its end to the
        // item before.
        let n = items.len();
        let mut i = 0;
        while i < n {
            if items[i].bare {
                let clause = items[i].clause;
                let mut j = i;
                let mut bits = 0u8;
                while j < n && items[j].bare && items[j].clause == clause {
                    bits |= items[j].own;
                    j += 1;
                }
                if j < n && items[j].clause == clause {
                    items[j].own |= bits;
                    items[j].prefix = true;
                } else if i > 0 && items[i - 1].clause == clause {
                    items[i - 1].own |= bits;
                }
                i = j;
            } else {
                i += 1;
            }
        }
        for k in 0..n {
            let it = items[k];
            if it.own != 0 || it.bare {
                items[k].roles = it.own;
                continue;
            }
            let clause = it.clause;
            let before = items[..k]
                .iter()
                .rev()
                .take_while(|x| x.clause == clause)
                .find(|x| x.own != 0 && !x.bare);
            let after = items[k + 1..]
                .iter()
                .take_while(|x| x.clause == clause)
                .find(|x| x.own != 0 && !x.bare);
            items[k].roles = match (before, after) {
                (Some(b), _) if b.prefix => b.own,
                (_, Some(a)) if !a.prefix => a.own,
                _ => 0,
            };
        }
        for it in items.iter_mut() {
            if it.bare {
                it.roles = 0;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (item text, roles) of every item not wholly void.
    fn items(text: &str) -> Vec<(String, u8)> {
        let p = ScopeParser::new();
        let mut out = Parsed::default();
        p.parse(text, &mut out);
        out.items
            .iter()
            .filter(|it| !out.voids.iter().any(|&(a, b)| a <= it.start && b >= it.end))
            .map(|it| {
                (
                    text[it.start as usize..it.end as usize].to_string(),
                    it.roles,
                )
            })
            .collect()
    }

    fn role_of(text: &str, term: &str) -> Option<u8> {
        let p = ScopeParser::new();
        let mut out = Parsed::default();
        p.parse(text, &mut out);
        let at = text.find(term).expect("term in text") as u32;
        out.locate(at, at + term.len() as u32).map(|it| it.roles)
    }

    #[test]
    fn splits_items_at_separators_and_headings() {
        let got =
            items("一般项目：光伏组件制造；钢材销售。许可项目：医疗器械生产、维修，货物进出口");
        let texts: Vec<&str> = got.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(
            texts,
            [
                "光伏组件制造",
                "钢材销售",
                "医疗器械生产",
                "维修",
                "货物进出口"
            ]
        );
    }

    #[test]
    fn notes_in_brackets_split_nothing_and_product_brackets_read_as_text() {
        let got = items("化工产品（不含危险化学品、易制毒品）销售；水泥");
        assert_eq!(got[0].0, "化工产品（不含危险化学品、易制毒品）销售");
        assert_eq!(got.len(), 2);
        let s = "钢材（螺纹钢、线材）销售；市场主体自主选择经营。（销售：医疗器械、保健用品；生产：钢丝绳。以上凭许可证经营）";
        assert_eq!(role_of(s, "螺纹钢"), Some(TRADE));
        assert_eq!(role_of(s, "医疗器械"), Some(TRADE));
        assert_eq!(role_of(s, "钢丝绳"), Some(MAKE));
    }

    #[test]
    fn verbs_naming_goods_are_not_verbs() {
        let s = "装饰装修材料、检测仪器、钢材、服装的零售兼批发";
        assert_eq!(role_of(s, "钢材"), Some(TRADE));
        assert_eq!(role_of(s, "检测仪器"), Some(TRADE));
    }

    #[test]
    fn items_take_their_own_verbs() {
        let s = "太阳能电池组件生产；钢材销售；医疗设备维修";
        assert_eq!(role_of(s, "太阳能电池组件"), Some(MAKE));
        assert_eq!(role_of(s, "钢材"), Some(TRADE));
        assert_eq!(role_of(s, "医疗设备"), Some(SERVICE));
    }

    #[test]
    fn a_leading_verb_reaches_the_list_after_it() {
        let s = "销售：钢材、五金交电、化工产品；加工：滑石粉";
        assert_eq!(role_of(s, "钢材"), Some(TRADE));
        assert_eq!(role_of(s, "五金交电"), Some(TRADE));
        assert_eq!(role_of(s, "化工产品"), Some(TRADE));
        assert_eq!(role_of(s, "滑石粉"), Some(MAKE));
    }

    #[test]
    fn a_closing_verb_reaches_the_list_before_it() {
        let s = "玻璃钢制品、冷却塔、桥架的生产、销售、安装；钢丝绳批发";
        let r = role_of(s, "冷却塔").unwrap();
        assert!(r & MAKE != 0 && r & TRADE != 0 && r & SERVICE != 0, "{r}");
        assert_eq!(role_of(s, "钢丝绳"), Some(TRADE));
    }

    #[test]
    fn bare_verbs_lend_to_the_next_item() {
        let s = "生产、销售：钢丝绳、预应力钢绞线；销售、维修、租赁建筑工程机械";
        let r = role_of(s, "预应力钢绞线").unwrap();
        assert!(r & MAKE != 0, "{r}");
        let r = role_of(s, "建筑工程机械").unwrap();
        assert_eq!(r & MAKE, 0);
        assert!(r & TRADE != 0 && r & SERVICE != 0);
    }

    #[test]
    fn lists_in_separate_clauses_keep_their_own_verbs() {
        let s = "生产钢丝、钢绞线；销售医疗器械、五金";
        assert_eq!(role_of(s, "钢绞线"), Some(MAKE));
        assert_eq!(role_of(s, "五金"), Some(TRADE));
    }

    #[test]
    fn exclusions_never_count() {
        let s = "销售化工产品（不含危险化学品）、医疗器械（不含植入类）；钢材，不含废钢";
        assert_eq!(role_of(s, "危险化学品"), None);
        assert_eq!(role_of(s, "植入类"), None);
        assert_eq!(role_of(s, "废钢"), None);
        assert_eq!(role_of(s, "医疗器械"), Some(TRADE));
        let s = "销售建材、钢材（危险品除外）；除医疗器械外的日用品零售；五金批发";
        assert_eq!(role_of(s, "危险品"), None);
        assert_eq!(role_of(s, "医疗器械"), None);
        assert_eq!(role_of(s, "五金"), Some(TRADE));
        let s = "纺织品批发，危险化学品除外；不得从事医疗器械经营";
        assert_eq!(role_of(s, "危险化学品"), None);
        assert_eq!(role_of(s, "医疗器械"), None);
    }

    #[test]
    fn words_like_dust_removal_are_no_exclusion() {
        let s = "水膜除尘设备、除颤器的生产";
        assert!(role_of(s, "水膜除尘设备").is_some_and(|r| r & MAKE != 0));
        assert!(role_of(s, "除颤器").is_some_and(|r| r & MAKE != 0));
    }

    #[test]
    fn notes_and_boilerplate_are_void() {
        let s = "医疗器械生产（凭许可证经营）；经营本企业自产产品及技术的出口业务和本企业所需的机械设备、零配件、原辅材料的进口业务（国家限定公司经营或禁止进出口的商品及技术除外）；钢材销售。（依法须经批准的项目，经相关部门批准后方可开展经营活动）";
        assert_eq!(role_of(s, "医疗器械"), Some(MAKE));
        assert_eq!(role_of(s, "机械设备"), None);
        assert_eq!(role_of(s, "零配件"), None);
        assert_eq!(role_of(s, "许可证"), None);
        assert_eq!(role_of(s, "钢材"), Some(TRADE));
        let s = "依法须经批准的项目，经相关部门批准后方可开展经营活动；光伏组件制造";
        assert_eq!(role_of(s, "相关部门"), None);
        assert_eq!(role_of(s, "光伏组件"), Some(MAKE));
    }

    #[test]
    fn goods_named_like_verbs_are_not_verbs() {
        let s = "销售：生产资料、钢材";
        assert_eq!(role_of(s, "钢材"), Some(TRADE));
        assert_eq!(role_of(s, "生产资料"), Some(TRADE));
    }

    #[test]
    fn an_item_without_any_verb_has_no_role() {
        let s = "SL-12型拖拉机、拖拉机配件、干电池矿灯";
        assert_eq!(role_of(s, "干电池矿灯"), Some(0));
    }

    #[test]
    fn a_summary_says_what_a_company_makes() {
        let p = ScopeParser::new();
        let scope = "一般项目：技术服务；太阳能电池组件生产（不含危险化学品）；钢材销售；光伏支架制造、安装";
        assert_eq!(p.summary("", scope, 4), "太阳能电池组件生产、光伏支架制造");
        assert_eq!(p.summary("", scope, 1), "太阳能电池组件生产");
        assert_eq!(p.summary("光伏组件", scope, 4), "光伏组件");
        assert_eq!(p.summary("", "钢材销售；技术咨询", 4), "技术咨询");
        assert_eq!(p.summary("", "", 4), "");
    }

    #[test]
    fn parsing_near_the_hits_gives_the_items_of_a_whole_parse() {
        let p = ScopeParser::new();
        let text = "一般项目：太阳能电池组件生产；钢材、五金交电（不含危险化学品）的销售；太阳能路灯的研发、生产、安装。（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）许可项目：医疗器械经营（不含第三类医疗器械）";
        let mut whole = Parsed::default();
        p.parse(text, &mut whole);
        for term in [
            "太阳能电池组件",
            "五金交电",
            "太阳能路灯",
            "医疗器械",
            "危险化学品",
        ] {
            let at = text.find(term).unwrap() as u32;
            let end = at + term.len() as u32;
            let mut near = Parsed::default();
            p.parse_near(text, &[at], &mut near);
            let a = whole.locate(at, end).map(|it| (it.start, it.end, it.roles));
            let b = near.locate(at, end).map(|it| (it.start, it.end, it.roles));
            assert_eq!(a, b, "{term}");
        }
        // Only the clauses holding a hit are parsed.
        let mut near = Parsed::default();
        p.parse_near(text, &[text.find("钢材").unwrap() as u32], &mut near);
        assert!(near.items.len() < whole.items.len());
        // Separators inside brackets split no clause.
        let mut c = Vec::new();
        clauses("甲（乙；丙）丁；戊。己", u32::MAX, &mut c);
        assert_eq!(c.len(), 3);
        // Clauses after the last hit are not looked for.
        clauses("甲（乙；丙）丁；戊。己", 3, &mut c);
        assert_eq!(c, vec![(0, 24)]);
        clauses("甲（乙；丙）丁；戊。己", 24, &mut c);
        assert_eq!(c.len(), 2);
    }

    #[test]
    fn odd_input_does_not_panic() {
        for s in [
            "",
            "（",
            "）",
            "（不含",
            "除",
            "销售：",
            "、、；；",
            "一般项目",
            "a（b（c）d",
        ] {
            let _ = items(s);
        }
    }
}
