//! The JSON API: chains, gaps, leads (with the explorer's filters), one company's profile, and the
//! leads as a workbook. Each answer is built by a plain function of the workspace and the request's
//! parameters, so the pages, the handlers and the tests share it.

use serde_json::{json, Value};

use super::http::{encode, ApiError, Params};
use super::state::{LeadQuery, LeadRef, Signal, Size, Sort, Workspace};
use crate::classify::{scope, Role};
use crate::company::Col;
use crate::lang::Lang;
use crate::leads::Scope;

/// The explorer's default page size, and the largest a request may ask for.
pub const DEFAULT_LIMIT: usize = 50;
/// See [`DEFAULT_LIMIT`].
pub const MAX_LIMIT: usize = 1000;

/// A page of a lead query.
#[derive(Debug, Clone)]
pub struct Page {
    /// The filters.
    pub query: LeadQuery,
    /// Leads per page.
    pub limit: usize,
    /// Leads skipped.
    pub offset: usize,
}

impl Page {
    /// The leads of this page among `all`.
    pub fn of<'a>(&self, all: &'a [LeadRef]) -> &'a [LeadRef] {
        let from = self.offset.min(all.len());
        &all[from..(from + self.limit).min(all.len())]
    }
}

/// The explorer's filters and page from request parameters, and every lead they admit in order.
pub fn lead_refs(ws: &Workspace, p: &Params) -> Result<(Page, Vec<LeadRef>), ApiError> {
    let page = lead_page(ws, p)?;
    let refs = ws.query(&page.query);
    Ok((page, refs))
}

/// A chain index from its id.
pub fn chain_param(ws: &Workspace, p: &Params, lang: Lang) -> Result<Option<usize>, ApiError> {
    let Some(id) = p.get("chain") else {
        return Ok(None);
    };
    ws.set
        .chains
        .iter()
        .position(|c| c.id == id)
        .map(Some)
        .ok_or_else(|| {
            let ids: Vec<&str> = ws.set.chains.iter().map(|c| c.id.as_str()).collect();
            ApiError::bad(
                lang,
                format!("没有产业链“{id}”；可选：{}", ids.join("、")),
                format!("no chain '{id}'; one of: {}", ids.join(", ")),
            )
        })
}

/// A node index from its id.
pub fn node_index(ws: &Workspace, id: &str) -> Option<usize> {
    ws.set.nodes.iter().position(|n| n.id == id)
}

fn parsed<T>(
    p: &Params,
    key: &str,
    parse: impl Fn(&str) -> Option<T>,
    choices: &str,
    lang: Lang,
) -> Result<Option<T>, ApiError> {
    match p.get(key) {
        None => Ok(None),
        Some(v) => parse(v).map(Some).ok_or_else(|| {
            ApiError::bad(
                lang,
                format!("参数 {key} 的值“{v}”无效；可选：{choices}"),
                format!("bad value '{v}' for {key}; one of: {choices}"),
            )
        }),
    }
}

/// A whole number parameter within `range` (`default` when absent); anything else is a 400.
pub fn number(
    p: &Params,
    key: &str,
    default: usize,
    range: std::ops::RangeInclusive<usize>,
    lang: Lang,
) -> Result<usize, ApiError> {
    let (min, max) = (*range.start(), *range.end());
    match p.get(key) {
        None => Ok(default),
        Some(v) => match v.parse::<usize>() {
            Ok(n) if range.contains(&n) => Ok(n),
            _ => Err(ApiError::bad(
                lang,
                format!("参数 {key} 应为 {min} 到 {max} 的整数，收到“{v}”"),
                format!("{key} must be a whole number from {min} to {max}, got '{v}'"),
            )),
        },
    }
}

/// The `scope` parameter (市域外 when absent); a wrong value is a 400.
pub fn scope_param(p: &Params, lang: Lang) -> Result<Scope, ApiError> {
    Ok(parsed(
        p,
        "scope",
        Scope::parse,
        "outside-city, outside-province, all",
        lang,
    )?
    .unwrap_or_default())
}

fn role_of(s: &str) -> Option<Role> {
    match s {
        "make" | "生产" => Some(Role::Make),
        "trade" | "贸易" => Some(Role::Trade),
        "service" | "服务" => Some(Role::Service),
        _ => None,
    }
}

/// The explorer's filters and page from request parameters; a wrong value is a 400.
pub fn lead_page(ws: &Workspace, p: &Params) -> Result<Page, ApiError> {
    let lang = p.lang();
    let chain = chain_param(ws, p, lang)?;
    let node = match p.get("node") {
        None => None,
        Some(id) => Some(node_index(ws, id).ok_or_else(|| {
            ApiError::bad(lang, format!("没有环节“{id}”"), format!("no node '{id}'"))
        })?),
    };
    let scope = scope_param(p, lang)?;
    let query = LeadQuery {
        chain,
        node,
        province: p.get("province").map(str::to_string),
        city: p.get("city").map(str::to_string),
        scope,
        role: parsed(p, "role", role_of, "make, trade, service", lang)?,
        size: parsed(
            p,
            "size",
            Size::parse,
            "large, medium, small, micro, unknown",
            lang,
        )?,
        tag: p.get("tag").map(str::to_string),
        signal: parsed(
            p,
            "signal",
            Signal::parse,
            "financing, hiring, branches, investments",
            lang,
        )?,
        text: p.get("q").map(str::to_string),
        sort: parsed(
            p,
            "sort",
            Sort::parse,
            "score, fit, quality, expansion, closeness, distance, employees",
            lang,
        )?
        .unwrap_or_default(),
    };
    Ok(Page {
        query,
        limit: number(p, "limit", DEFAULT_LIMIT, 0..=MAX_LIMIT, lang)?.max(1),
        offset: number(p, "offset", 0, 0..=usize::MAX / 2, lang)?,
    })
}

fn num(v: f64) -> Value {
    if v.is_finite() {
        json!((v * 10000.0).round() / 10000.0)
    } else {
        Value::Null
    }
}

/// `GET /api/chains`: every chain with its status counts and coverage.
pub fn chains(ws: &Workspace, lang: Lang) -> Value {
    let list: Vec<Value> = ws
        .set
        .chains
        .iter()
        .enumerate()
        .map(|(ci, c)| {
            let (mut strong, mut weak, mut missing) = (0, 0, 0);
            for g in ws.report.nodes.iter().filter(|g| ws.set.nodes[g.node].chain == ci) {
                match g.status {
                    crate::gaps::Status::Strong => strong += 1,
                    crate::gaps::Status::Weak => weak += 1,
                    crate::gaps::Status::Missing => missing += 1,
                }
            }
            json!({
                "id": c.id,
                "name": c.label(lang),
                "summary": c.summary,
                "nodes": c.nodes.len(),
                "strong": strong,
                "weak": weak,
                "missing": missing,
                "coverage": num(ws.report.coverage(&ws.set, ci)),
                "leads": ws.leads.by_chain.iter().find(|(x, _)| *x == ci).map_or(0, |(_, l)| l.len()),
                "url": format!("/chains/{}", encode(&c.id)),
            })
        })
        .collect();
    json!({
        "home": ws.report.home,
        "home_name": ws.report.home_name,
        "data_date": ws.data_date,
        "chains": list,
    })
}

/// A node's policy note as an object, or null.
fn policy_json(p: Option<&crate::chain::Policy>, lang: Lang) -> Value {
    match p {
        None => Value::Null,
        Some(p) => json!({
            "status": p.status.as_str(),
            "status_name": p.status.label(lang),
            "item": p.item,
            "source": p.source,
            "condition": p.condition,
        }),
    }
}

/// One node's diagnosis as an object.
pub fn gap_json(ws: &Workspace, g: &crate::gaps::NodeGap, lang: Lang) -> Value {
    let n = &ws.set.nodes[g.node];
    let c = &ws.set.chains[n.chain];
    json!({
        "node": n.id,
        "name": n.label(lang),
        "chain": c.id,
        "tier": n.tier.as_str(),
        "tier_name": n.tier.label(lang),
        "band": c.bands.get(n.band).map(|b| b.label(lang)).unwrap_or_default(),
        "status": g.status.as_str(),
        "status_name": g.status.label(lang),
        "opportunity": g.opportunity.as_str(),
        "opportunity_name": g.opportunity.label(lang),
        "local": g.local_count,
        "national": g.national_count,
        "share": num(g.share),
        "lq": if g.local_count > 0 { num(g.lq) } else { Value::Null },
        "density": num(g.density),
        "ubiquity": g.ubiquity,
        "priority": num(g.priority),
        "bottleneck": n.bottleneck,
        "policy": policy_json(n.policy.as_ref(), lang),
        "explanation": ws.report.explain(&ws.set, g, lang),
        "url": format!("/nodes/{}", encode(&n.id)),
    })
}

/// `GET /api/gaps?chain=ID`: one object per node (of one chain, or all).
pub fn gaps(ws: &Workspace, p: &Params) -> Result<Value, ApiError> {
    let lang = p.lang();
    let chain = chain_param(ws, p, lang)?;
    let list: Vec<Value> = ws
        .report
        .nodes
        .iter()
        .filter(|g| chain.is_none_or(|c| ws.set.nodes[g.node].chain == c))
        .map(|g| gap_json(ws, g, lang))
        .collect();
    Ok(Value::Array(list))
}

/// One lead as an object.
pub fn lead_json(ws: &Workspace, r: LeadRef, lang: Lang) -> Value {
    let l = ws.lead(r);
    let c = &ws.companies;
    let row = l.row;
    let node = &ws.set.nodes[l.node];
    let chain = &ws.set.chains[l.chain];
    let key = ws.key(row);
    json!({
        "id": key,
        "name": c.text(Col::Name).get(row),
        "score": num(l.score),
        "rank": r.index + 1,
        "reason": crate::leads::reason(l, &ws.set, c, &ws.report, &ws.profile, lang),
        "node": node.id,
        "node_name": node.label(lang),
        "policy": policy_json(node.policy.as_ref(), lang),
        "chain": chain.id,
        "chain_name": chain.label(lang),
        "province": c.text(Col::Province).get(row),
        "city": c.text(Col::City).get(row),
        "district": c.text(Col::District).get(row),
        "place": l.place.label(lang),
        "role": ws.role(r).map(|x| x.as_str()),
        "size": Size::of(c.num(Col::Employees)[row]).id(),
        "employees": num(c.num(Col::Employees)[row]),
        "registered_capital": num(c.num(Col::RegisteredCapital)[row]),
        "tags": c.tags(row).collect::<Vec<_>>(),
        "factors": {
            "fit": num(l.fit),
            "quality": num(l.quality),
            "expansion": num(l.expansion),
            "closeness": num(l.closeness),
            "risk": num(l.risk),
        },
        "distance_km": l.distance_km.map(|d| d.round()),
        "supplies_local": l.supplies_local,
        "buys_local": l.buys_local,
        "branch": l.branch,
        "url": format!("/companies/{}", encode(&key)),
    })
}

/// `GET /api/leads?…`: the filtered leads, a page of them.
pub fn leads(ws: &Workspace, p: &Params) -> Result<Value, ApiError> {
    let lang = p.lang();
    let (page, all) = lead_refs(ws, p)?;
    let list: Vec<Value> = page
        .of(&all)
        .iter()
        .map(|&r| lead_json(ws, r, lang))
        .collect();
    Ok(json!({
        "total": all.len(),
        "offset": page.offset,
        "limit": page.limit,
        "leads": list,
    }))
}

/// The filtered leads as a workbook (every lead the filters admit, not only one page).
pub fn leads_xlsx(ws: &Workspace, p: &Params) -> Result<Vec<u8>, ApiError> {
    let lang = p.lang();
    let (_, refs) = lead_refs(ws, p)?;
    let leads: Vec<crate::leads::Lead> = refs.iter().map(|&r| ws.lead(r).clone()).collect();
    let table = crate::leads::lead_table(
        &[(0, leads.as_slice())],
        true,
        &ws.set,
        &ws.companies,
        &ws.report,
        &ws.profile,
        lang,
        lang == Lang::En,
    );
    crate::base::table::xlsx_bytes(&[(lang.pick("招商线索", "leads"), &table)], "leads.xlsx")
        .map_err(|e| ApiError::internal(lang, &e.to_string()))
}

/// A company's scope, item by item, with the roles the parser reads (生产, 贸易, 服务).
pub fn scope_items(
    ws: &Workspace,
    scope_text: &str,
    lang: Lang,
) -> Vec<(String, Vec<&'static str>)> {
    let mut parsed = scope::Parsed::default();
    ws.classifier.parser().parse(scope_text, &mut parsed);
    parsed
        .items
        .iter()
        .map(|it| {
            let text = parsed.text_without_voids(scope_text, it.start, it.end);
            let mut roles = Vec::new();
            for (bit, role) in [
                (scope::MAKE, Role::Make),
                (scope::TRADE, Role::Trade),
                (scope::SERVICE, Role::Service),
            ] {
                if it.roles & bit != 0 {
                    roles.push(role.label(lang));
                }
            }
            (text, roles)
        })
        .filter(|(t, _)| !t.trim_matches(|c: char| "：:".contains(c)).is_empty())
        .collect()
}

fn firm_list(ws: &Workspace, rows: &[usize]) -> Vec<Value> {
    rows.iter()
        .map(|&r| {
            let key = ws.key(r);
            json!({
                "id": key,
                "name": ws.companies.text(Col::Name).get(r),
                "district": ws.companies.text(Col::District).get(r),
                "url": format!("/companies/{}", encode(&key)),
            })
        })
        .collect()
}

/// The 404 of a company key the workspace does not hold.
pub fn unknown_company(key: &str, lang: Lang) -> ApiError {
    ApiError::not_found(
        lang,
        format!("没有编号为“{key}”的企业（工作台载入的是线索企业及本地企业）"),
        format!("no company '{key}' (the workspace holds the leads and the home region's firms)"),
    )
}

/// `GET /api/companies/{id}`: the company's profile, its matches with evidence and, where it is a
/// lead, every factor and the firms here it would supply or buy from.
pub fn company(ws: &Workspace, key: &str, lang: Lang) -> Result<Value, ApiError> {
    let row = ws.row_of(key).ok_or_else(|| unknown_company(key, lang))?;
    let c = &ws.companies;
    let text = |col: Col| c.text(col).get(row).to_string();
    let scope_text = c.text(Col::BusinessScope).get(row);
    let items: Vec<Value> = scope_items(ws, scope_text, lang)
        .into_iter()
        .map(|(t, roles)| json!({"text": t, "roles": roles}))
        .collect();
    let matches: Vec<Value> = ws
        .matches_of(row)
        .iter()
        .map(|m| {
            let n = &ws.set.nodes[m.node as usize];
            json!({
                "chain": ws.set.chains[n.chain].id,
                "node": n.id,
                "node_name": n.label(lang),
                "confidence": num(m.confidence as f64),
                "role": m.role.as_str(),
                "role_name": m.role.label(lang),
                "status": m.status.label(lang),
                "primary": m.primary,
                "evidence": ws.classifier.describe(m, &ws.set, scope_text, c.text(Col::IndustryCode).get(row), lang),
                "url": format!("/nodes/{}", encode(&n.id)),
            })
        })
        .collect();
    let leads: Vec<Value> = ws
        .leads_of(row)
        .iter()
        .map(|&r| {
            let l = ws.lead(r);
            let mut v = lead_json(ws, r, lang);
            v["customers_here"] = Value::Array(firm_list(ws, &l.customers_here));
            v["suppliers_here"] = Value::Array(firm_list(ws, &l.suppliers_here));
            v["group"] = Value::Array(firm_list(ws, &l.group));
            v
        })
        .collect();
    let nums = |col: Col| num(c.num(col)[row]);
    let local = ws.is_local(row);
    Ok(json!({
        "id": key,
        "name": text(Col::Name),
        "uscc": text(Col::Uscc),
        "province": text(Col::Province),
        "city": text(Col::City),
        "district": text(Col::District),
        "region_code": text(Col::RegionCode),
        "industry_code": text(Col::IndustryCode),
        "industry": text(Col::Industry),
        "active": c.is_active(row),
        "founded": c.render(row, Col::Founded),
        "registered_capital": nums(Col::RegisteredCapital),
        "employees": nums(Col::Employees),
        "revenue": nums(Col::Revenue),
        "tags": c.tags(row).collect::<Vec<_>>(),
        "main_products": text(Col::MainProducts),
        "business_scope": scope_text,
        "scope_items": items,
        "contacts": crate::leads::contacts(c, row, lang),
        "signals": {
            "financing_events": nums(Col::FinancingEvents),
            "last_financing": c.render(row, Col::LastFinancing),
            "branches": nums(Col::Branches),
            "hiring": nums(Col::Hiring),
            "outbound_investments": nums(Col::OutboundInvestments),
        },
        "risk": {
            "abnormal": nums(Col::Abnormal),
            "dishonest": nums(Col::Dishonest),
            "enforced": nums(Col::Enforced),
        },
        "local": local,
        "matches": matches,
        "leads": leads,
    }))
}

/// The project cards the query asks for: `chain`, `per_chain` (1 to 20, 3 by default) and
/// `scope` of the candidate investors (outside the city by default).
pub fn project_cards(ws: &Workspace, p: &Params) -> Result<Vec<crate::projects::Card>, ApiError> {
    let lang = p.lang();
    let opts = crate::projects::CardOptions {
        chain: chain_param(ws, p, lang)?,
        per_chain: number(p, "per_chain", 3, 1..=20, lang)?,
        investors: number(p, "investors", 5, 1..=20, lang)?,
        scope: scope_param(p, lang)?,
    };
    Ok(crate::projects::cards(
        &ws.set,
        &ws.report,
        &ws.leads,
        &ws.companies,
        &ws.local_firms,
        &ws.profile,
        &opts,
        lang,
    ))
}

/// What the project files say they are about.
pub fn project_cover(ws: &Workspace) -> crate::render::projects::Cover {
    crate::render::projects::Cover {
        home: ws.report.home_name.clone(),
        source: ws.source.clone(),
        date: ws.data_date.clone(),
    }
}

/// The cards as a Word document.
pub fn projects_docx(ws: &Workspace, p: &Params) -> Result<Vec<u8>, ApiError> {
    let cards = project_cards(ws, p)?;
    crate::render::projects::docx_bytes(
        &cards,
        &project_cover(ws),
        p.lang(),
        std::path::Path::new("projects.docx"),
    )
    .map_err(|e| ApiError::internal(p.lang(), &e.message(p.lang())))
}

/// The cards as a workbook, a row per card.
pub fn projects_xlsx(ws: &Workspace, p: &Params) -> Result<Vec<u8>, ApiError> {
    let cards = project_cards(ws, p)?;
    let lang = p.lang();
    let t = crate::render::projects::table(&cards, lang);
    crate::base::table::xlsx_bytes(&[(lang.pick("项目卡片", "projects"), &t)], "projects.xlsx")
        .map_err(|e| ApiError::internal(lang, &e.message(lang)))
}
