//! The embed for job centres (docs/embed.md): `GET /embed/{tenant}/` is the job seeker app in
//! embed mode (no site header, the tenant's theme, region and hand-off), `GET
//! /embed/{tenant}/theme.css` its theme. These are the only pages another site may frame, and
//! only the tenant's own origins (`frame-ancestors`); `/embed.js`, the loader a webmaster
//! pastes, is one of the web app's files.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::config::ServedTenant;
use crate::messages::Lang;
use crate::store::INTAKE_DAYS;
use crate::workspace::{INTAKE_CONSENT_VERSION, Workspace, consent_text};

use super::assets::{content_security_policy, set_web_headers};
use super::problem::{Problem, shown};
use super::state::AppState;

/// The page shell; `{{…}}` are filled in per tenant, every value escaped.
const PAGE: &str = include_str!("embed.html");

/// The web app's policy with the tenant's origins as the only frame ancestors.
fn tenant_policy(t: &ServedTenant) -> String {
    content_security_policy(&t.tenant.origins.join(" "))
}

fn unknown(id: &str) -> Response {
    Problem::new(
        StatusCode::NOT_FOUND,
        format!(
            "no embed \"{}\"; the tenant ids are in the server's config file",
            shown(id)
        ),
    )
    .into_response()
}

/// Text for an HTML attribute or element.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `template` with each `{{name}}` replaced by `value(name)`, in one pass (a value that
/// contains `{{…}}` stays as it is).
fn fill(template: &str, value: impl Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(template.len() + 512);
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        match after.find("}}") {
            Some(end) => {
                out.push_str(&value(&after[..end]));
                rest = &after[end + 2..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// What the embed needs to offer "send my profile and this route to an adviser": the consent
/// text in both languages and its version; `null` when the tenant names no workspace
/// organisation or the server has no workspace.
fn intake_data(t: &ServedTenant, workspace: Option<&Workspace>) -> serde_json::Value {
    let (Some(_), Some(ws)) = (&t.tenant.workspace_organisation, workspace) else {
        return serde_json::Value::Null;
    };
    let months = ws.retention_months();
    json!({
        "version": INTAKE_CONSENT_VERSION,
        "days": INTAKE_DAYS,
        "text": {
            "nl": consent_text(Lang::Nl, &t.tenant.name, months),
            "en": consent_text(Lang::En, &t.tenant.name, months),
        },
    })
}

/// What the app needs to know about its tenant (read by `web/js/embed.js`).
fn tenant_data(t: &ServedTenant, workspace: Option<&Workspace>) -> serde_json::Value {
    let handoff = &t.tenant.handoff;
    json!({
        "intake": intake_data(t, workspace),
        "id": t.tenant.id,
        "name": t.tenant.name,
        "lang": t.tenant.lang,
        "origins": t.tenant.origins,
        "region": { "code": t.region_code, "name": t.region_name },
        "handoff": {
            "label": handoff.label,
            "url": handoff.url,
            "phone": handoff.phone,
            "tel": handoff.tel(),
        },
    })
}

/// GET /embed/{tenant}/: the app in embed mode, framable by the tenant's origins only.
pub async fn page(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> Response {
    let tenants = state.tenants();
    let Some(t) = tenants.get(&id) else {
        return unknown(&id);
    };
    let data = tenant_data(t, state.workspace.as_deref()).to_string();
    let html = fill(PAGE, |name| match name {
        "lang" => escape(&t.tenant.lang),
        "name" => escape(&t.tenant.name),
        "tenant" => escape(&data),
        _ => String::new(),
    });
    // Origins are checked when the config is read; should one still not fit a header, refuse
    // rather than serve a page without its framing rule.
    let Ok(csp) = HeaderValue::from_str(&tenant_policy(t)) else {
        return unknown(&id);
    };
    let mut response = html.into_response();
    set_web_headers(
        response.headers_mut(),
        HeaderValue::from_static("text/html; charset=utf-8"),
        csp,
    );
    response
}

/// GET /embed/{tenant}/theme.css: the tenant's NL Design System tokens as padvinder's style
/// variables (empty without a theme).
pub async fn theme(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> Response {
    let tenants = state.tenants();
    let Some(t) = tenants.get(&id) else {
        return unknown(&id);
    };
    let Ok(csp) = HeaderValue::from_str(&tenant_policy(t)) else {
        return unknown(&id);
    };
    let mut response = t.tenant.theme.css().into_response();
    set_web_headers(
        response.headers_mut(),
        HeaderValue::from_static("text/css; charset=utf-8"),
        csp,
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_once_and_values_escaped() {
        let out = fill("<p title=\"{{a}}\">{{b}}</p>{{", |n| match n {
            "a" => escape("\"><script>"),
            _ => "{{a}}".to_owned(),
        });
        assert_eq!(out, "<p title=\"&quot;&gt;&lt;script&gt;\">{{a}}</p>{{");
    }

    #[test]
    fn the_page_has_every_placeholder_it_is_filled_with() {
        for name in ["{{lang}}", "{{name}}", "{{tenant}}"] {
            assert!(PAGE.contains(name), "{name}");
        }
    }
}
