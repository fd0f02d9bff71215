//! The canonical company table (DESIGN §4): typed columns stored column-wise.
//!
//! Text columns keep all their rows in one string with row ends, so a million companies are a few
//! large allocations and a scan over a column touches contiguous memory.

use super::clean;

/// A text column: every row's text back to back, with the end offset of each row.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TextColumn {
    bytes: String,
    ends: Vec<usize>,
}

impl TextColumn {
    /// An empty column with room for `rows` rows of about `avg` bytes.
    pub fn with_capacity(rows: usize, avg: usize) -> TextColumn {
        TextColumn {
            bytes: String::with_capacity(rows * avg),
            ends: Vec::with_capacity(rows),
        }
    }

    /// Appends a row.
    pub fn push(&mut self, s: &str) {
        self.bytes.push_str(s);
        self.ends.push(self.bytes.len());
    }

    /// Appends a row built by `f` writing into the column's buffer (no temporary string).
    pub fn push_with(&mut self, f: impl FnOnce(&mut String)) {
        f(&mut self.bytes);
        self.ends.push(self.bytes.len());
    }

    /// The text of row `i` ("" when out of range).
    pub fn get(&self, i: usize) -> &str {
        if i >= self.ends.len() {
            return "";
        }
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.bytes[start..self.ends[i]]
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// True when there are no rows.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Reserves room for `rows` more rows and `bytes` more bytes.
    pub fn reserve(&mut self, rows: usize, bytes: usize) {
        self.ends.reserve(rows);
        self.bytes.reserve(bytes);
    }

    /// Appends all rows of another column.
    pub fn append(&mut self, other: &TextColumn) {
        let base = self.bytes.len();
        self.bytes.push_str(&other.bytes);
        self.ends.extend(other.ends.iter().map(|e| e + base));
    }

    /// Total bytes of text.
    pub fn byte_len(&self) -> usize {
        self.bytes.len()
    }

    /// The rows in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        (0..self.len()).map(move |i| self.get(i))
    }
}

/// How a column's values are stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Text.
    Text,
    /// A number; NaN means unknown.
    Number,
    /// A date as days from 1970-01-01.
    Date,
    /// A yes/no value.
    Bool,
}

macro_rules! columns {
    ($( $var:ident => $name:literal, $kind:ident, $zh:literal, [$($alias:literal),*] );* $(;)?) => {
        /// A canonical column.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Col { $( #[doc = $zh] $var ),* }

        impl Col {
            /// Every canonical column, in output order.
            pub const ALL: &'static [Col] = &[$(Col::$var),*];

            /// The canonical (English) column name.
            pub fn name(self) -> &'static str {
                match self { $(Col::$var => $name),* }
            }

            /// How the column is stored.
            pub fn kind(self) -> Kind {
                match self { $(Col::$var => Kind::$kind),* }
            }

            /// The Chinese header for users.
            pub fn header_zh(self) -> &'static str {
                match self { $(Col::$var => $zh),* }
            }

            /// Headers of vendor exports that map onto this column, most specific first.
            pub fn aliases(self) -> &'static [&'static str] {
                match self { $(Col::$var => &[$($alias),*]),* }
            }
        }
    };
}

columns! {
    Id => "id", Text, "企业编号", ["证券代码", "企业编号", "编号", "股票代码", "id"];
    Uscc => "uscc", Text, "统一社会信用代码", ["统一社会信用代码", "社会信用代码", "信用代码", "uscc", "credit_code"];
    UsccValid => "uscc_valid", Bool, "信用代码有效", ["uscc_valid"];
    Name => "name", Text, "企业名称", ["企业名称", "公司名称", "企业全称", "公司全称", "名称", "name", "company_name", "company"];
    Province => "province", Text, "所属省份", ["所属省份", "省份", "所在省份", "省", "province"];
    City => "city", Text, "所属城市", ["所属城市", "城市", "所在城市", "地级市", "市", "city"];
    District => "district", Text, "所属区县", ["所属区县", "区县", "所在区县", "区/县", "县区", "district", "county"];
    RegionCode => "region_code", Text, "行政区划代码", ["行政区划代码", "区划代码", "行政区划", "region_code", "adcode"];
    IndustryCode => "industry_code", Text, "国标行业代码", ["国标行业代码", "行业代码", "国民经济行业代码", "industry_code"];
    Industry => "industry", Text, "国标行业", ["国标行业(小类)", "国标行业（小类）", "国标行业", "所属行业", "行业", "industry"];
    BusinessScope => "business_scope", Text, "经营范围", ["经营范围", "business_scope", "scope"];
    MainProducts => "main_products", Text, "主营产品", ["主营产品", "主营业务", "主要产品", "产品", "main_products", "products"];
    Status => "status", Bool, "登记状态", ["登记状态", "经营状态", "企业状态", "状态", "status"];
    Founded => "founded", Date, "成立日期", ["成立日期", "成立时间", "注册日期", "founded"];
    RegisteredCapital => "registered_capital", Number, "注册资本(万元)", ["注册资本", "注册资金", "registered_capital", "capital"];
    Employees => "employees", Number, "参保人数", ["参保人数", "员工人数", "职工人数", "employees"];
    Revenue => "revenue", Number, "营业收入(万元)", ["营业收入", "营收", "revenue"];
    Tags => "tags", Text, "企业标签", ["企业标签", "资质", "企业资质", "标签", "tags"];
    Lat => "lat", Number, "纬度", ["纬度", "lat", "latitude"];
    Lon => "lon", Number, "经度", ["经度", "lon", "lng", "longitude"];
    FinancingEvents => "financing_events", Number, "融资次数", ["融资次数", "融资事件数", "financing_events"];
    LastFinancing => "last_financing", Date, "最新融资日期", ["最新融资日期", "最近融资日期", "最新融资时间", "last_financing"];
    Branches => "branches", Number, "分支机构数", ["分支机构数", "分支机构数量", "分支机构", "branches"];
    Hiring => "hiring", Number, "近三月招聘人数", ["近三月招聘人数", "招聘人数", "hiring"];
    OutboundInvestments => "outbound_investments", Number, "对外投资数", ["对外投资数", "对外投资数量", "对外投资", "outbound_investments"];
    Abnormal => "abnormal", Number, "经营异常", ["经营异常", "经营异常数", "经营异常次数", "abnormal"];
    Dishonest => "dishonest", Number, "失信", ["失信被执行人", "失信", "失信次数", "dishonest"];
    Enforced => "enforced", Number, "被执行", ["被执行人", "被执行", "被执行次数", "enforced"];
    LegalRep => "legal_rep", Text, "法定代表人", ["法定代表人", "法人代表", "法人", "legal_rep", "legal_representative"];
    Phone => "phone", Text, "联系电话", ["联系电话", "电话", "企业电话", "固定电话", "公司电话", "phone", "tel", "telephone"];
    Mobile => "mobile", Text, "手机", ["手机", "手机号", "手机号码", "联系手机", "mobile"];
    Email => "email", Text, "邮箱", ["邮箱", "电子邮箱", "企业邮箱", "联系邮箱", "email", "e-mail"];
    Website => "website", Text, "网址", ["网址", "官网", "企业官网", "网站", "官方网站", "企业网址", "website", "url"];
    Address => "address", Text, "地址", ["地址", "注册地址", "企业地址", "通信地址", "通讯地址", "办公地址", "经营地址", "address"];
}

/// The values of one column.
#[derive(Debug, Clone, PartialEq)]
pub enum Column {
    /// Text.
    Text(TextColumn),
    /// Numbers (NaN unknown).
    Number(Vec<f64>),
    /// Dates (days from 1970-01-01).
    Date(Vec<Option<i32>>),
    /// Yes/no.
    Bool(Vec<bool>),
}

impl Column {
    fn new(kind: Kind, rows: usize) -> Column {
        match kind {
            Kind::Text => Column::Text(TextColumn::with_capacity(rows, 16)),
            Kind::Number => Column::Number(Vec::with_capacity(rows)),
            Kind::Date => Column::Date(Vec::with_capacity(rows)),
            Kind::Bool => Column::Bool(Vec::with_capacity(rows)),
        }
    }
}

/// One cell's value while a row is built.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text.
    Text(String),
    /// A number (NaN unknown).
    Number(f64),
    /// A date.
    Date(Option<i32>),
    /// Yes/no.
    Bool(bool),
}

impl Cell {
    /// True when the cell holds no information.
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Text(s) => s.is_empty(),
            Cell::Number(v) => v.is_nan(),
            Cell::Date(d) => d.is_none(),
            Cell::Bool(_) => false,
        }
    }

    /// The cell as text, as written to CSV (numbers without a trailing .0, dates as YYYY-MM-DD).
    pub fn render(&self, col: Option<Col>) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Number(v) => format_number(*v),
            Cell::Date(d) => d.map(clean::format_date).unwrap_or_default(),
            Cell::Bool(b) => match col {
                Some(Col::Status) => if *b { "active" } else { "inactive" }.to_string(),
                _ => if *b { "true" } else { "false" }.to_string(),
            },
        }
    }
}

/// Formats a number for CSV: integers without decimals, others with up to 6 significant decimals.
pub fn format_number(v: f64) -> String {
    if v.is_nan() {
        String::new()
    } else if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        let s = format!("{v:.6}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// One company as owned values, for building or merging rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Canonical cells, in the order of [`Col::ALL`].
    pub cells: Vec<Cell>,
    /// Values of the extra (non-canonical) columns.
    pub extra: Vec<String>,
}

impl Row {
    /// A row with every cell empty (status active, uscc not valid).
    pub fn empty(extra: usize) -> Row {
        Row {
            cells: Col::ALL
                .iter()
                .map(|c| match c.kind() {
                    Kind::Text => Cell::Text(String::new()),
                    Kind::Number => Cell::Number(f64::NAN),
                    Kind::Date => Cell::Date(None),
                    Kind::Bool => Cell::Bool(*c == Col::Status),
                })
                .collect(),
            extra: vec![String::new(); extra],
        }
    }

    /// The cell of a column.
    pub fn get(&self, col: Col) -> &Cell {
        &self.cells[col as usize]
    }

    /// Sets the cell of a column.
    pub fn set(&mut self, col: Col, cell: Cell) {
        self.cells[col as usize] = cell;
    }

    /// The text of a text column ("" otherwise).
    pub fn text(&self, col: Col) -> &str {
        match self.get(col) {
            Cell::Text(s) => s,
            _ => "",
        }
    }

    /// How many cells hold information.
    pub fn completeness(&self) -> usize {
        self.cells.iter().filter(|c| !c.is_empty()).count()
            + self.extra.iter().filter(|s| !s.is_empty()).count()
    }
}

/// The company table: canonical columns plus any extra columns the source had.
#[derive(Debug, Clone, PartialEq)]
pub struct Companies {
    cols: Vec<Column>,
    extra_names: Vec<String>,
    extra: Vec<TextColumn>,
    len: usize,
}

impl Default for Companies {
    fn default() -> Self {
        Companies::new(Vec::new(), 0)
    }
}

impl Companies {
    /// An empty table with these extra columns and room for `rows` rows.
    pub fn new(extra_names: Vec<String>, rows: usize) -> Companies {
        Companies {
            cols: Col::ALL
                .iter()
                .map(|c| Column::new(c.kind(), rows))
                .collect(),
            extra: extra_names
                .iter()
                .map(|_| TextColumn::with_capacity(rows, 8))
                .collect(),
            extra_names,
            len: 0,
        }
    }

    /// A table from whole columns, which must be the canonical ones in order, of one length;
    /// None otherwise.
    pub fn from_columns(
        cols: Vec<Column>,
        extra_names: Vec<String>,
        extra: Vec<TextColumn>,
        len: usize,
    ) -> Option<Companies> {
        if cols.len() != Col::ALL.len() || extra.len() != extra_names.len() {
            return None;
        }
        for (c, &col) in cols.iter().zip(Col::ALL) {
            let (kind, n) = match c {
                Column::Text(t) => (Kind::Text, t.len()),
                Column::Number(v) => (Kind::Number, v.len()),
                Column::Date(v) => (Kind::Date, v.len()),
                Column::Bool(v) => (Kind::Bool, v.len()),
            };
            if kind != col.kind() || n != len {
                return None;
            }
        }
        if extra.iter().any(|t| t.len() != len) {
            return None;
        }
        Some(Companies {
            cols,
            extra_names,
            extra,
            len,
        })
    }

    /// Number of companies.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Adds an extra column (empty for the rows already present) and returns its position; an
    /// existing column of that name is reused.
    pub fn add_extra(&mut self, name: &str) -> usize {
        if let Some(i) = self.extra_names.iter().position(|n| n == name) {
            return i;
        }
        let mut col = TextColumn::with_capacity(self.len, 8);
        for _ in 0..self.len {
            col.push("");
        }
        self.extra_names.push(name.to_string());
        self.extra.push(col);
        self.extra.len() - 1
    }

    /// Names of the extra columns.
    pub fn extra_names(&self) -> &[String] {
        &self.extra_names
    }

    /// An extra column by position.
    pub fn extra(&self, i: usize) -> &TextColumn {
        &self.extra[i]
    }

    /// A text column. Columns of another kind give an empty column.
    pub fn text(&self, col: Col) -> &TextColumn {
        static EMPTY: TextColumn = TextColumn {
            bytes: String::new(),
            ends: Vec::new(),
        };
        match &self.cols[col as usize] {
            Column::Text(t) => t,
            _ => &EMPTY,
        }
    }

    /// A number column (NaN unknown). Columns of another kind give an empty slice.
    pub fn num(&self, col: Col) -> &[f64] {
        match &self.cols[col as usize] {
            Column::Number(v) => v,
            _ => &[],
        }
    }

    /// A date column. Columns of another kind give an empty slice.
    pub fn date(&self, col: Col) -> &[Option<i32>] {
        match &self.cols[col as usize] {
            Column::Date(v) => v,
            _ => &[],
        }
    }

    /// A yes/no column. Columns of another kind give an empty slice.
    pub fn flag(&self, col: Col) -> &[bool] {
        match &self.cols[col as usize] {
            Column::Bool(v) => v,
            _ => &[],
        }
    }

    /// Whether company `i` operates (status active).
    pub fn is_active(&self, i: usize) -> bool {
        self.flag(Col::Status).get(i).copied().unwrap_or(false)
    }

    /// Appends a row. Cells of the wrong kind are stored as empty.
    pub fn push(&mut self, row: &Row) {
        for (col, cell) in self.cols.iter_mut().zip(&row.cells) {
            match (col, cell) {
                (Column::Text(t), Cell::Text(s)) => t.push(s),
                (Column::Text(t), _) => t.push(""),
                (Column::Number(v), Cell::Number(x)) => v.push(*x),
                (Column::Number(v), _) => v.push(f64::NAN),
                (Column::Date(v), Cell::Date(d)) => v.push(*d),
                (Column::Date(v), _) => v.push(None),
                (Column::Bool(v), Cell::Bool(b)) => v.push(*b),
                (Column::Bool(v), _) => v.push(false),
            }
        }
        for (i, col) in self.extra.iter_mut().enumerate() {
            col.push(row.extra.get(i).map(String::as_str).unwrap_or(""));
        }
        self.len += 1;
    }

    /// Joins tables with the same extra columns, in order, reserving the exact space first.
    pub fn concat(parts: &[Companies]) -> Companies {
        let extra = parts
            .first()
            .map(|p| p.extra_names.clone())
            .unwrap_or_default();
        let rows: usize = parts.iter().map(|p| p.len).sum();
        let mut out = Companies::new(extra, 0);
        for (ci, col) in out.cols.iter_mut().enumerate() {
            match col {
                Column::Text(t) => {
                    let bytes: usize = parts
                        .iter()
                        .map(|p| match &p.cols[ci] {
                            Column::Text(s) => s.byte_len(),
                            _ => 0,
                        })
                        .sum();
                    t.bytes.reserve_exact(bytes);
                    t.ends.reserve_exact(rows);
                }
                Column::Number(v) => v.reserve_exact(rows),
                Column::Date(v) => v.reserve_exact(rows),
                Column::Bool(v) => v.reserve_exact(rows),
            }
        }
        for p in parts {
            out.append(p);
        }
        out
    }

    /// Appends every row of `other`; its extra columns are matched by name (added when new).
    pub fn append(&mut self, other: &Companies) {
        for (dst, src) in self.cols.iter_mut().zip(&other.cols) {
            match (dst, src) {
                (Column::Text(d), Column::Text(s)) => d.append(s),
                (Column::Number(d), Column::Number(s)) => d.extend_from_slice(s),
                (Column::Date(d), Column::Date(s)) => d.extend_from_slice(s),
                (Column::Bool(d), Column::Bool(s)) => d.extend_from_slice(s),
                _ => {}
            }
        }
        let mut filled = vec![false; self.extra.len()];
        for (name, col) in other.extra_names.iter().zip(&other.extra) {
            let i = self.add_extra(name);
            if filled.len() < self.extra.len() {
                filled.resize(self.extra.len(), false);
            }
            self.extra[i].append(col);
            filled[i] = true;
        }
        for (i, col) in self.extra.iter_mut().enumerate() {
            if !filled.get(i).copied().unwrap_or(false) {
                for _ in 0..other.len {
                    col.push("");
                }
            }
        }
        self.len += other.len;
    }

    /// Appends row `i` of `other`, which must have the same extra columns.
    pub fn push_from(&mut self, other: &Companies, i: usize) {
        for (dst, src) in self.cols.iter_mut().zip(&other.cols) {
            match (dst, src) {
                (Column::Text(d), Column::Text(s)) => d.push(s.get(i)),
                (Column::Number(d), Column::Number(s)) => d.push(s[i]),
                (Column::Date(d), Column::Date(s)) => d.push(s[i]),
                (Column::Bool(d), Column::Bool(s)) => d.push(s[i]),
                _ => {}
            }
        }
        for (d, s) in self.extra.iter_mut().zip(&other.extra) {
            d.push(s.get(i));
        }
        self.len += 1;
    }

    /// Row `i` as owned values.
    pub fn row(&self, i: usize) -> Row {
        let cells = self
            .cols
            .iter()
            .map(|c| match c {
                Column::Text(t) => Cell::Text(t.get(i).to_string()),
                Column::Number(v) => Cell::Number(v[i]),
                Column::Date(v) => Cell::Date(v[i]),
                Column::Bool(v) => Cell::Bool(v[i]),
            })
            .collect();
        Row {
            cells,
            extra: self.extra.iter().map(|c| c.get(i).to_string()).collect(),
        }
    }

    /// The cell of row `i`, column `col`, rendered as text for CSV.
    pub fn render(&self, i: usize, col: Col) -> String {
        match &self.cols[col as usize] {
            Column::Text(t) => t.get(i).to_string(),
            Column::Number(v) => format_number(v[i]),
            Column::Date(v) => v[i].map(clean::format_date).unwrap_or_default(),
            Column::Bool(v) => Cell::Bool(v[i]).render(Some(col)),
        }
    }

    /// Where company `i` is: its own coordinates, else the seat of its region.
    pub fn location(&self, i: usize) -> Option<(f64, f64)> {
        let (lat, lon) = (self.num(Col::Lat).get(i)?, self.num(Col::Lon).get(i)?);
        if lat.is_finite() && lon.is_finite() {
            Some((*lat, *lon))
        } else {
            crate::region::Regions::embedded().coordinates(self.text(Col::RegionCode).get(i))
        }
    }

    /// The tags of company `i`, split.
    pub fn tags(&self, i: usize) -> impl Iterator<Item = &str> {
        self.text(Col::Tags)
            .get(i)
            .split(';')
            .filter(|t| !t.is_empty())
    }

    /// Mutable access for generators that fill columns directly; the caller keeps lengths equal
    /// and calls [`Companies::set_len`] afterwards.
    pub fn columns_mut(&mut self) -> &mut [Column] {
        &mut self.cols
    }

    /// Sets the row count after filling columns through [`Companies::columns_mut`]; returns false
    /// (and leaves the count) when a column has another length.
    pub fn set_len(&mut self, len: usize) -> bool {
        let ok = self.cols.iter().all(|c| match c {
            Column::Text(t) => t.len() == len,
            Column::Number(v) => v.len() == len,
            Column::Date(v) => v.len() == len,
            Column::Bool(v) => v.len() == len,
        }) && self.extra.iter().all(|t| t.len() == len);
        if ok {
            self.len = len;
        }
        ok
    }

    /// Total bytes of text in the name, main products and business scope columns.
    pub fn text_bytes(&self) -> usize {
        [Col::Name, Col::MainProducts, Col::BusinessScope]
            .iter()
            .map(|&c| self.text(c).byte_len())
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_column_round_trip() {
        let mut t = TextColumn::default();
        t.push("光伏玻璃");
        t.push("");
        t.push_with(|b| b.push_str("EVA胶膜"));
        assert_eq!(t.len(), 3);
        assert_eq!(t.get(0), "光伏玻璃");
        assert_eq!(t.get(1), "");
        assert_eq!(t.get(2), "EVA胶膜");
        assert_eq!(t.get(9), "");
        assert_eq!(t.iter().collect::<Vec<_>>(), ["光伏玻璃", "", "EVA胶膜"]);
    }

    #[test]
    fn rows_push_and_read_back() {
        let mut c = Companies::new(vec!["备注".into()], 2);
        let mut row = Row::empty(1);
        row.set(Col::Name, Cell::Text("甲公司".into()));
        row.set(Col::Employees, Cell::Number(120.0));
        row.set(Col::Founded, Cell::Date(Some(17_956)));
        row.extra[0] = "x".into();
        c.push(&row);
        c.push(&Row::empty(1));
        assert_eq!(c.len(), 2);
        assert_eq!(c.text(Col::Name).get(0), "甲公司");
        assert_eq!(c.num(Col::Employees)[0], 120.0);
        assert!(c.num(Col::Employees)[1].is_nan());
        assert_eq!(c.render(0, Col::Founded), "2019-03-01");
        assert_eq!(c.render(0, Col::Status), "active");
        assert_eq!(
            format!("{:?}", c.row(0)),
            format!("{row:?}"),
            "NaN-safe comparison"
        );
        assert_eq!(c.extra(0).get(0), "x");
        let mut d = Companies::new(vec!["备注".into()], 1);
        d.push_from(&c, 0);
        assert_eq!(format!("{:?}", d.row(0)), format!("{row:?}"));
        assert!(row.completeness() > Row::empty(1).completeness());
    }

    #[test]
    fn numbers_render_plainly() {
        assert_eq!(format_number(5000.0), "5000");
        assert_eq!(format_number(1.25), "1.25");
        assert_eq!(format_number(f64::NAN), "");
        assert_eq!(format_number(-3.0), "-3");
    }

    #[test]
    fn every_column_has_aliases_and_unique_names() {
        let mut names = std::collections::HashSet::new();
        for c in Col::ALL {
            assert!(names.insert(c.name()));
            assert!(
                c.aliases().contains(&c.name()),
                "{} maps onto itself",
                c.name()
            );
        }
    }
}
