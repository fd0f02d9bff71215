//! The bureau's web workspace (`chainlead serve`): the diagnosis and the leads, loaded once, served
//! as pages and a JSON API on the local machine.
//!
//! - [`Workspace::load`] runs the lead pipeline once (pass 1 with the gap census and the lead
//!   candidates, the head offices, the fetch of the companies the pages name, the home region's
//!   firms included) and keeps the result with the indexes the pages look things up by.
//! - [`router`] answers the pages (`/`, `/chains/{chain}`, `/nodes/{node}`, `/leads`,
//!   `/companies/{id}`, `/map`, `/trip`), the API (`/api/chains`, `/api/gaps`, `/api/leads`,
//!   `/api/leads.xlsx`, `/api/companies/{id}`) and the embedded assets (`/assets/…`: the script,
//!   the styles, the vendored chart library and China's province outlines, the font).
//! - Every response carries a content security policy that allows scripts only from the workspace
//!   itself (no inline script), and forbids framing. Company texts reach pages escaped, and reach
//!   scripts as JSON data islands that cannot close their element.
//!
//! Nothing is read from the request but its parameters: no file path, no SQL.

pub mod api;
mod assets;
pub mod desk;
pub mod held;
pub mod http;
mod pages;
pub mod state;

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;

pub use state::{LeadQuery, LeadRef, Size, Sort, Workspace, LEADS_PER_CHAIN};

use crate::chain::ChainSet;
use crate::classify::Classifier;
use crate::gaps::GapConfig;
use crate::leads::{LeadFilter, Profile, Scope};
use crate::pipeline::{self, Extras, PipelineError, ScanOptions, Source};
use crate::progress::Progress;
use http::{json, ApiError, Params};

impl Workspace {
    /// Loads the workspace: the leads of every chain (every place but the home region's own, at
    /// most [`LEADS_PER_CHAIN`] per chain), the diagnosis of `home` (a six-digit code), and the
    /// companies the pages name. `source_line` says where the data came from; `data_date` is the
    /// data's date (YYYY-MM-DD).
    #[allow(clippy::too_many_arguments)]
    pub fn load(
        source: &Source,
        set: ChainSet,
        home: &str,
        profile: Profile,
        data_date: String,
        source_line: impl FnOnce(&pipeline::Pass) -> String,
        progress: &Progress,
    ) -> Result<Workspace, LoadError> {
        let classifier = Classifier::new(&set).map_err(|e| LoadError::Chains(e.to_string()))?;
        let filter = LeadFilter {
            top: Some(LEADS_PER_CHAIN),
            scope: Scope::All,
            ..LeadFilter::default()
        };
        let run = pipeline::lead_run(
            source,
            &set,
            &classifier,
            home,
            &profile,
            &filter,
            None,
            Extras { local_firms: true },
            &ScanOptions::default(),
            &GapConfig::default(),
            progress,
        )
        .map_err(LoadError::Pipeline)?;
        let line = source_line(&run.pass);
        Ok(Workspace::new(
            set, run, profile, classifier, line, data_date,
        ))
    }

    /// Attaches the task forces' pipeline.
    pub fn with_store(mut self, store: crate::tracking::Store) -> Workspace {
        self.store = Some(store);
        self
    }
}

/// What can stop the workspace from loading.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The chains do not build a classifier.
    #[error("{0}")]
    Chains(String),
    /// The companies cannot be read, or the home region is wrong.
    #[error(transparent)]
    Pipeline(#[from] PipelineError),
}

type Shared = State<Arc<Workspace>>;
type Q = Result<Query<Vec<(String, String)>>, axum::extract::rejection::QueryRejection>;

/// The parameters of a request; a malformed query string is a 400.
fn params(q: Q) -> Result<Params, ApiError> {
    q.map(|Query(v)| Params(v)).map_err(|e| ApiError {
        status: StatusCode::BAD_REQUEST,
        message: format!("参数无法解析 / malformed query: {e}"),
    })
}

async fn api_chains(State(ws): Shared, q: Q) -> Response {
    json(params(q).map(|p| api::chains(&ws, p.lang())))
}

async fn api_gaps(State(ws): Shared, q: Q) -> Response {
    json(params(q).and_then(|p| api::gaps(&ws, &p)))
}

async fn api_leads(State(ws): Shared, q: Q) -> Response {
    json(params(q).and_then(|p| api::leads(&ws, &p)))
}

async fn api_leads_xlsx(State(ws): Shared, q: Q) -> Response {
    http::workbook(
        params(q).and_then(|p| api::leads_xlsx(&ws, &p)),
        "attachment; filename=\"leads.xlsx\"; filename*=UTF-8''%E6%8B%9B%E5%95%86%E7%BA%BF%E7%B4%A2.xlsx",
    )
}

async fn api_projects_docx(State(ws): Shared, q: Q) -> Response {
    http::download(
        params(q).and_then(|p| api::projects_docx(&ws, &p)),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "attachment; filename=\"projects.docx\"; filename*=UTF-8''%E9%A1%B9%E7%9B%AE%E5%8D%A1%E7%89%87.docx",
    )
}

async fn api_projects_xlsx(State(ws): Shared, q: Q) -> Response {
    http::workbook(
        params(q).and_then(|p| api::projects_xlsx(&ws, &p)),
        "attachment; filename=\"projects.xlsx\"; filename*=UTF-8''%E9%A1%B9%E7%9B%AE%E5%8D%A1%E7%89%87.xlsx",
    )
}

async fn api_company(
    State(ws): Shared,
    id: Result<Path<String>, axum::extract::rejection::PathRejection>,
    q: Q,
) -> Response {
    json(params(q).and_then(|p| {
        let Path(id) = id.map_err(|e| ApiError {
            status: StatusCode::BAD_REQUEST,
            message: e.to_string(),
        })?;
        api::company(&ws, &id, p.lang())
    }))
}

/// Anything else: JSON under /api, a page otherwise.
async fn not_found(State(ws): Shared, uri: Uri, q: Q) -> Response {
    let p = params(q).unwrap_or_default();
    if uri.path().starts_with("/api/") {
        return ApiError::not_found(
            p.lang(),
            format!("没有这个接口：{}", uri.path()),
            format!("no such API: {}", uri.path()),
        )
        .into_response();
    }
    pages::not_found(&ws, &p, uri.path())
}

async fn secure(r: Response) -> Response {
    http::secure(r)
}

/// The workspace's routes.
pub fn router(ws: Arc<Workspace>) -> Router {
    Router::new()
        .route("/", get(pages::home))
        .route("/chains/{chain}", get(pages::chain))
        .route("/nodes/{node}", get(pages::node))
        .route("/leads", get(pages::leads))
        .route("/companies/{id}", get(pages::company))
        .route("/map", get(pages::map))
        .route("/trip", get(pages::trip))
        .route("/projects", get(pages::projects))
        .route("/api/projects.docx", get(api_projects_docx))
        .route("/api/projects.xlsx", get(api_projects_xlsx))
        .route("/api/chains", get(api_chains))
        .route("/api/gaps", get(api_gaps))
        .route("/api/leads", get(api_leads))
        .route("/api/leads.xlsx", get(api_leads_xlsx))
        .route("/api/companies/{id}", get(api_company))
        .route("/api/login", post(desk::api_login))
        .route("/api/logout", post(desk::api_logout))
        .route("/api/me", get(desk::api_me))
        .route("/api/pipeline", get(desk::api_list).post(desk::api_claim))
        .route("/api/pipeline.xlsx", get(desk::api_xlsx))
        .route("/api/pipeline/{id}", get(desk::api_entry))
        .route("/api/pipeline/{id}/{action}", post(desk::api_act))
        .route("/api/problems/{id}/close", post(desk::api_close))
        .route("/api/dashboard", get(desk::api_dashboard))
        .route("/api/users", get(desk::api_users).post(desk::api_add_user))
        .route("/api/users/{name}/{action}", post(desk::api_user_state))
        .route("/login", get(desk::login_page).post(desk::login_form))
        .route("/logout", post(desk::logout_form))
        .route("/pipeline", get(desk::board))
        .route("/pipeline/claim", post(desk::claim_form_post))
        .route("/pipeline/{id}", get(desk::entry_page))
        .route("/pipeline/{id}/{action}", post(desk::act_form))
        .route("/problems/{id}/close", post(desk::close_form))
        .route("/dashboard", get(desk::dashboard_page))
        .route("/assets/{*path}", get(assets::serve))
        .route(
            "/favicon.ico",
            get(|| async { axum::response::Redirect::permanent("/assets/favicon.svg") }),
        )
        .fallback(not_found)
        .layer(axum::middleware::map_response(secure))
        .with_state(ws)
}

/// Serves the workspace on `listener` until `shutdown` completes.
pub async fn serve(
    listener: tokio::net::TcpListener,
    ws: Arc<Workspace>,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(ws))
        .with_graceful_shutdown(shutdown)
        .await
}
