//! The job-centre embed over HTTP: `/embed/{tenant}/` may be framed by exactly the tenant's
//! origins, an unknown tenant is 404, every other page still refuses to be framed, the theme is
//! served as checked CSS and the page sets no cookie.

use crate::helpers::{content_type, header, spawn_app_with_tenants};

/// Two tenants: one with a theme and two origins, one with only a phone number.
pub const TENANTS: &str = r##"
[[tenant]]
id = "rijnmond"
name = "Werkcentrum Rijnmond"
origins = ["https://www.werkcentrumrijnmond.nl", "http://127.0.0.1:18116"]
region = "Rijnmond"
theme = { "nl-button-primary-background-color" = "#00689e", "nl-paragraph-font-family" = "Open Sans, sans-serif" }
handoff = { label = "Maak een afspraak", url = "https://www.werkcentrumrijnmond.nl/afspraak" }

[[tenant]]
id = "twente"
name = "Werkplein Twente <&>"
origins = ["https://werkplein.example.nl"]
region = "AM05"
lang = "en"
handoff = { label = "Bel ons", phone = "053 123 45 67" }
"##;

fn frame_ancestors(csp: &str) -> Vec<String> {
    csp.split(';')
        .map(str::trim)
        .find_map(|d| d.strip_prefix("frame-ancestors "))
        .map(|list| list.split_whitespace().map(str::to_owned).collect())
        .unwrap_or_default()
}

#[tokio::test]
async fn the_embed_may_be_framed_by_exactly_the_tenants_origins() {
    let app = spawn_app_with_tenants(TENANTS).await;
    let r = app.get("/embed/rijnmond/").await;
    assert_eq!(r.status().as_u16(), 200);
    assert!(
        content_type(&r).starts_with("text/html"),
        "{}",
        content_type(&r)
    );
    let csp = header(&r, "content-security-policy");
    assert_eq!(
        frame_ancestors(&csp),
        [
            "https://www.werkcentrumrijnmond.nl",
            "http://127.0.0.1:18116"
        ],
        "{csp}"
    );
    // The app's own page policy but for who may frame it: the same CSP otherwise, the same
    // permissions policy and the same other headers.
    let own = app.get("/").await;
    let without_frames = |csp: &str| -> String {
        csp.split(';')
            .map(str::trim)
            .filter(|d| !d.starts_with("frame-ancestors"))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let own_csp = header(&own, "content-security-policy");
    assert_eq!(without_frames(&csp), without_frames(&own_csp), "{csp}");
    assert!(
        csp.contains("connect-src 'self'") && csp.contains("object-src 'none'"),
        "{csp}"
    );
    for name in [
        "permissions-policy",
        "referrer-policy",
        "x-content-type-options",
        "cache-control",
    ] {
        assert!(!header(&r, name).is_empty(), "{name}");
        assert_eq!(header(&r, name), header(&own, name), "{name}");
    }
    assert!(header(&r, "set-cookie").is_empty());
    assert!(
        header(&r, "x-frame-options").is_empty(),
        "X-Frame-Options would forbid every frame"
    );
    let html = r.text().await.expect("body");
    assert!(!html.contains("site-header"), "no site header in the embed");
    assert!(html.contains("href=\"theme.css\""));
    assert!(
        html.contains("&quot;region&quot;:{&quot;code&quot;:&quot;AM22&quot;"),
        "{html}"
    );

    let r = app.get("/embed/twente/").await;
    assert_eq!(
        frame_ancestors(&header(&r, "content-security-policy")),
        ["https://werkplein.example.nl"]
    );
    let html = r.text().await.expect("body");
    assert!(
        html.starts_with("<!doctype html>\n<html lang=\"en\""),
        "the tenant's language"
    );
    // The tenant's name is text, never markup.
    assert!(html.contains("Werkplein Twente &lt;&amp;&gt;") && !html.contains("Twente <&>"));
    assert!(html.contains("tel:0531234567"));
}

#[tokio::test]
async fn an_unknown_tenant_is_404_and_other_pages_refuse_frames() {
    let app = spawn_app_with_tenants(TENANTS).await;
    for path in [
        "/embed/nobody/",
        "/embed/nobody/theme.css",
        "/embed/RIJNMOND/",
    ] {
        let r = app.get(path).await;
        assert_eq!(r.status().as_u16(), 404, "{path}");
        assert!(
            content_type(&r).starts_with("application/problem+json"),
            "{path}"
        );
        assert!(
            frame_ancestors(&header(&r, "content-security-policy")).is_empty(),
            "{path}"
        );
    }
    for path in ["/", "/index.html", "/embed.js", "/app.js"] {
        let r = app.get(path).await;
        assert_eq!(r.status().as_u16(), 200, "{path}");
        assert_eq!(
            frame_ancestors(&header(&r, "content-security-policy")),
            ["'self'"],
            "{path}"
        );
    }
}

#[tokio::test]
async fn the_loader_and_the_theme_are_served() {
    let app = spawn_app_with_tenants(TENANTS).await;
    let r = app.get("/embed.js").await;
    assert_eq!(r.status().as_u16(), 200);
    assert!(
        content_type(&r).starts_with("text/javascript"),
        "{}",
        content_type(&r)
    );
    let js = r.text().await.expect("body");
    assert!(js.contains("data-padvinder-tenant") && js.contains("event.origin !== origin"));

    let r = app.get("/embed/rijnmond/theme.css").await;
    assert_eq!(r.status().as_u16(), 200);
    assert!(content_type(&r).starts_with("text/css"));
    let css = r.text().await.expect("body");
    assert!(css.contains("--primary: #00689e;"), "{css}");
    assert!(
        css.contains("--font-body: \"Open Sans\", sans-serif;"),
        "{css}"
    );
    let r = app.get("/embed/twente/theme.css").await;
    assert_eq!(r.text().await.expect("body"), ":root {\n}\n");
}

#[tokio::test]
async fn match_takes_the_tenant_and_refuses_an_unknown_one() {
    let app = spawn_app_with_tenants(TENANTS).await;
    let profile = r#"{"current_occupation": "heftruckchauffeur", "postcode": "3071"}"#;
    let r = app
        .post_json("/api/v1/match?limit=3&tenant=rijnmond", profile)
        .await;
    assert_eq!(r.status().as_u16(), 200);
    let r = app
        .post_json("/api/v1/match?limit=3&tenant=nobody", profile)
        .await;
    // Unknown is decided by the config, not by the request's shape: 422, like an unknown postcode.
    let body = crate::problem(r, 422).await;
    assert_eq!(body["errors"][0]["field"], "tenant", "{body}");
}
