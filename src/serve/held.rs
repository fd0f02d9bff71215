//! What the pages show of the pipeline without depending on its pages: the logged-in user, who
//! holds each company, and the claim button.

use std::collections::HashMap;

use axum::http::{header, HeaderMap};

use super::http::href;
use super::state::Workspace;
use crate::lang::Lang;
use crate::render::html::escape;
use crate::tracking::{self, Holder, User};

/// The session cookie's name.
pub const COOKIE: &str = "chainlead_session";

/// The session token of a request.
pub fn token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == COOKIE)
        .map(|(_, v)| v.to_string())
}

/// The logged-in user of a request, if any.
pub fn session_user(ws: &Workspace, headers: &HeaderMap) -> Option<User> {
    let t = token(headers)?;
    ws.store
        .as_ref()?
        .session_user(&t, tracking::time::now_secs())
        .ok()
        .flatten()
}

/// What the lead lists and company pages show of the pipeline.
#[derive(Default)]
pub struct View {
    /// Who holds each company.
    pub holders: HashMap<String, Holder>,
    /// The logged-in user.
    pub user: Option<User>,
}

impl View {
    /// The pipeline as a request sees it.
    pub fn of(ws: &Workspace, headers: &HeaderMap) -> View {
        View {
            holders: ws
                .store
                .as_ref()
                .and_then(|s| s.holders().ok())
                .unwrap_or_default(),
            user: session_user(ws, headers),
        }
    }

    /// The cell of a company in a list: who holds it, or a claim button for a logged-in user.
    pub fn cell(&self, ws: &Workspace, key: &str, lang: Lang) -> String {
        match (self.holders.get(key), &self.user) {
            (Some(h), _) => format!(
                "<a class=\"tag held\" href=\"{}\">{}·{}</a>",
                href(&format!("/pipeline/{}", h.entry_id), lang),
                escape(&task_force_name(ws, &h.task_force, lang)),
                h.stage.label(lang)
            ),
            (None, Some(_)) => claim_form(key, lang),
            (None, None) => String::new(),
        }
    }
}

fn claim_form(key: &str, lang: Lang) -> String {
    format!(
        "<form class=\"inline\" method=\"post\" action=\"{}\"><input type=\"hidden\" name=\"company_id\" value=\"{}\"><button type=\"submit\" class=\"small\">{}</button></form>",
        href("/pipeline/claim", lang),
        escape(key),
        lang.pick("认领", "claim")
    )
}

/// A task force's name: its chain's.
pub fn task_force_name(ws: &Workspace, id: &str, lang: Lang) -> String {
    ws.set
        .chains
        .iter()
        .find(|c| c.id == id)
        .map(|c| c.label(lang).to_string())
        .unwrap_or_else(|| id.to_string())
}
