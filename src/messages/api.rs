//! The texts of the HTTP API's problems (`detail` and field `message`) that are not about a
//! profile or a SLIM case (those speak for themselves in `profile` and `slim`): query values,
//! request bodies, search filters, reloads. Dutch and English side by side.

use super::Lang;

/// The language a request asked for: its `lang` query value when that is nl or en, else the
/// first of nl and en its `Accept-Language` header prefers (by `q`, then by order), else Dutch.
/// Only for texts about a request that may itself be wrong; a wrong `lang` is still refused.
pub fn preferred(query: Option<&str>, accept_language: Option<&str>) -> Lang {
    query
        .and_then(|v| Lang::parse(v).ok())
        .or_else(|| accept_language.and_then(from_accept_language))
        .unwrap_or_default()
}

/// The first of nl and en an `Accept-Language` header prefers ("en-GB,en;q=0.9,nl;q=0.8" → en);
/// none when it names neither. A range with `q=0` is refused by the client, never chosen.
pub fn from_accept_language(header: &str) -> Option<Lang> {
    let mut best: Option<(f32, Lang)> = None;
    // At most 20 ranges are read: the header is the client's, its length is not ours.
    for range in header.split(',').take(20) {
        let mut parts = range.split(';');
        let tag = parts.next().unwrap_or("").trim();
        let primary = tag.split('-').next().unwrap_or("");
        let Ok(lang) = Lang::parse(primary) else {
            continue;
        };
        let q = parts
            .filter_map(|p| p.trim().strip_prefix("q="))
            .find_map(|v| v.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        if q > 0.0 && best.is_none_or(|(b, _)| q > b) {
            best = Some((q, lang));
        }
    }
    best.map(|(_, lang)| lang)
}

/// A query value that should be a whole number.
pub fn not_whole_number(lang: Lang, value: &str) -> String {
    lang.pick(
        format!("\"{value}\" is geen heel getal"),
        format!("\"{value}\" is not a whole number"),
    )
}

/// A query value that is a whole number too large to read.
pub fn number_too_large(lang: Lang, value: &str) -> String {
    lang.pick(
        format!("\"{value}\" is te groot"),
        format!("\"{value}\" is too large"),
    )
}

/// A value that is not one of a fixed list of words.
pub fn not_one_of(lang: Lang, value: &str, allowed: &str) -> String {
    lang.pick(
        format!("\"{value}\" is niet een van: {allowed}"),
        format!("\"{value}\" is not one of {allowed}"),
    )
}

/// A number above the most the API allows.
pub fn more_than(lang: Lang, value: usize, max: usize) -> String {
    lang.pick(
        format!("{value} is meer dan {max}"),
        format!("{value} is more than {max}"),
    )
}

/// An NLQF level filter outside 1–8.
pub fn level_out_of_range(lang: Lang, level: &str) -> String {
    lang.pick(
        format!("niveau {level} bestaat niet (NLQF 1 tot en met 8)"),
        format!("level {level} is out of range (NLQF 1 to 8)"),
    )
}

/// A region filter that names no labour-market region.
pub fn unknown_region(lang: Lang, region: &str) -> String {
    lang.pick(
        format!(
            "arbeidsmarktregio \"{region}\" kennen we niet (gebruik een code als AM01 of een naam als Groningen)"
        ),
        format!(
            "unknown labour-market region \"{region}\" (use a code like AM01 or a name like Groningen)"
        ),
    )
}

/// A search text over the character limit.
pub fn query_too_long(lang: Lang, max: usize) -> String {
    lang.pick(
        format!("de zoektekst is langer dan {max} tekens"),
        format!("the query is longer than {max} characters"),
    )
}

/// A search text with more words than are searched.
pub fn query_too_many_words(lang: Lang, max: usize) -> String {
    lang.pick(
        format!(
            "we zoeken op hoogstens {max} woorden (woorden als \"de\" of \"in\" tellen niet mee)"
        ),
        format!("at most {max} words are searched (not counting words like \"de\" or \"in\")"),
    )
}

/// A query string that cannot be read at all.
pub fn bad_query_string(lang: Lang, why: &str) -> String {
    lang.pick(
        format!("de query string klopt niet: {why}"),
        format!("query string: {why}"),
    )
}

/// A body sent without a JSON content type.
pub fn send_json(lang: Lang) -> String {
    lang.pick(
        "stuur de body als JSON, met Content-Type: application/json",
        "send the body as JSON with Content-Type: application/json",
    )
    .into()
}

/// A body that is not JSON (the parser's own words follow, in English).
pub fn not_json(lang: Lang, why: &str) -> String {
    lang.pick(
        format!("de body is geen geldige JSON: {why}"),
        format!("the body is not valid JSON: {why}"),
    )
}

/// A body over the size limit.
pub fn body_too_large(lang: Lang, kb: usize) -> String {
    lang.pick(
        format!("de body is groter dan {kb} kB"),
        format!("the body is larger than {kb} kB"),
    )
}

/// A body that could not be read (the server's own words follow, in English).
pub fn body_unreadable(lang: Lang, why: &str) -> String {
    lang.pick(
        format!("de body kon niet gelezen worden: {why}"),
        format!("the body could not be read: {why}"),
    )
}

/// A path that names nothing: no route, no file of the web app.
pub fn nothing_here(lang: Lang) -> String {
    lang.pick(
        "hier is niets te vinden; de API staat onder /api/v1",
        "nothing here; the API is under /api/v1",
    )
    .into()
}

/// The page a person's browser shows for an address the web app does not have (a link typed
/// wrong, or an old one): its title, heading, explanation and the link to the start.
pub fn page_not_found(lang: Lang) -> [&'static str; 4] {
    match lang {
        Lang::Nl => [
            "Pagina niet gevonden",
            "Deze pagina bestaat niet",
            "Misschien is het adres verkeerd getypt, of is de link oud.",
            "Naar de startpagina van padvinder",
        ],
        Lang::En => [
            "Page not found",
            "This page does not exist",
            "Maybe the address was typed wrong, or the link is old.",
            "Go to the padvinder start page",
        ],
    }
}

/// A method the path does not answer (the `Allow` header lists those it does).
pub fn method_not_allowed(lang: Lang) -> String {
    lang.pick(
        "deze methode is hier niet toegestaan",
        "this method is not allowed here",
    )
    .into()
}

/// A request that ran over the server's time limit.
pub fn took_too_long(lang: Lang) -> String {
    lang.pick("het verzoek duurde te lang", "the request took too long")
        .into()
}

/// Every place for work is taken; nothing was done.
pub fn busy(lang: Lang) -> String {
    lang.pick(
        "de server is nu te druk; probeer het zo nog eens",
        "the server is busy; try again in a moment",
    )
    .into()
}

/// Work that failed inside the server.
pub fn not_completed(lang: Lang) -> String {
    lang.pick(
        "het verzoek kon niet worden afgemaakt",
        "the request could not be completed",
    )
    .into()
}

/// A SLIM case with bad fields; `problems` lists them (already in `lang`).
pub fn case_invalid(lang: Lang, problems: &str) -> String {
    lang.pick(
        format!("de casus klopt niet: {problems}"),
        format!("the case is not valid: {problems}"),
    )
}

/// Reload over HTTP without a configured admin token.
pub fn reload_off(lang: Lang) -> String {
    lang.pick(
        "herladen via HTTP staat uit (er is geen beheertoken ingesteld)",
        "reload over HTTP is off (no admin token configured)",
    )
    .into()
}

/// Reload with a missing or wrong token.
pub fn token_needed(lang: Lang) -> String {
    lang.pick(
        "een geldig beheertoken is nodig",
        "a valid admin token is needed",
    )
    .into()
}

/// Reload of a catalogue with problems (listed as field errors, in English: file:line).
pub fn reload_problems(lang: Lang) -> String {
    lang.pick(
        "de nieuwe catalogus heeft fouten; de oude blijft in gebruik",
        "the new catalogue has problems; the old one keeps serving",
    )
    .into()
}

/// A reload while one runs.
pub fn reload_busy(lang: Lang) -> String {
    lang.pick(
        "er loopt al een herlaadactie; probeer het opnieuw als die klaar is",
        "a reload is already running; try again when it has finished",
    )
    .into()
}

/// A catalogue that could not be loaded at all (the loader's words follow, in English).
pub fn reload_failed(lang: Lang, why: &str) -> String {
    lang.pick(
        format!("de nieuwe catalogus kon niet geladen worden ({why}); de oude blijft in gebruik"),
        format!("the new catalogue could not be loaded ({why}); the old one keeps serving"),
    )
}

/// A config file that could not be read again, or whose tenants are wrong (file:line and the
/// reader's words follow, in English).
pub fn reload_config_failed(lang: Lang, why: &str) -> String {
    lang.pick(
        format!(
            "het configuratiebestand heeft een fout ({why}); de oude catalogus en tenants blijven in gebruik"
        ),
        format!(
            "the config file has a problem ({why}); the old catalogue and tenants keep serving"
        ),
    )
}

/// An `Authorization` header on the job seeker API that holds no tenant's API key.
pub fn api_key_unknown(lang: Lang) -> String {
    lang.pick(
        "de header Authorization bevat geen geldige API-sleutel; stuur `Authorization: Bearer <sleutel>` met de sleutel van je organisatie, of laat de header weg",
        "the Authorization header holds no valid API key; send `Authorization: Bearer <key>` with your organisation's key, or leave the header out",
    )
    .into()
}

/// A client over its rate limit. A job seeker's browser may show it (many people behind one
/// internet connection, at a library or an office), so in plain words: "adres" alone reads as
/// a home address, and "s" as a letter.
pub fn rate_limited(lang: Lang, with_key: bool, per_minute: u32, retry_after: u32) -> String {
    let seconds = |one: &str, more: &str| {
        format!(
            "{retry_after} {}",
            if retry_after == 1 { one } else { more }
        )
    };
    match (lang, with_key) {
        (Lang::Nl, true) => format!(
            "te veel verzoeken met deze API-sleutel (de limiet is {per_minute} per minuut); probeer het over {} opnieuw",
            seconds("seconde", "seconden")
        ),
        (Lang::Nl, false) => format!(
            "te veel verzoeken vanaf dit internetadres (de limiet is {per_minute} per minuut); probeer het over {} opnieuw",
            seconds("seconde", "seconden")
        ),
        (Lang::En, true) => format!(
            "too many requests with this API key (the limit is {per_minute} a minute); try again in {}",
            seconds("second", "seconds")
        ),
        (Lang::En, false) => format!(
            "too many requests from this address (the limit is {per_minute} a minute); try again in {}",
            seconds("second", "seconds")
        ),
    }
}

/// A CORS preflight from an origin that no tenant lists.
pub fn origin_not_listed(lang: Lang) -> String {
    lang.pick(
        "deze website (origin) mag de API niet vanuit de browser aanroepen; vraag de beheerder van padvinder om haar bij je organisatie (tenant) op te nemen",
        "this website (origin) may not call the API from a browser; ask padvinder's operator to list it for your organisation (tenant)",
    )
    .into()
}

/// `GET /api/v1/insight` without a tenant's API key.
/// A workspace session that is not an admin's asked for insight.
pub fn insight_admins_only(lang: Lang) -> String {
    lang.pick(
        "alleen een beheerder van de organisatie mag het inzicht zien",
        "only an admin of the organisation may see the insight",
    )
    .into()
}

/// A workspace admin whose organisation no tenant names asked for insight.
pub fn insight_no_tenant(lang: Lang) -> String {
    lang.pick(
        "je organisatie heeft geen inzicht: geen embed op padvinder noemt haar (`workspace_organisation` in de configuratie)",
        "your organisation has no insight: no embed on padvinder names it (`workspace_organisation` in the config)",
    )
    .into()
}

pub fn insight_needs_key(lang: Lang) -> String {
    lang.pick(
        "inzicht is alleen voor de organisatie zelf: stuur `Authorization: Bearer <sleutel>` met de API-sleutel van je organisatie",
        "insight is for the organisation itself only: send `Authorization: Bearer <key>` with your organisation's API key",
    )
    .into()
}

/// A week that is not written as an ISO week (`value` as the request gave it, cut short).
pub fn not_a_week(lang: Lang, value: &str) -> String {
    lang.pick(
        format!("\"{value}\" is geen week zoals 2026-W05 (jaar, -W, weeknummer met twee cijfers)"),
        format!("\"{value}\" is not a week like 2026-W05 (year, -W, week number in two digits)"),
    )
}

/// A week number the year does not have (`2025-W53`).
pub fn no_such_week(lang: Lang, value: &str, year: i32, weeks: u8) -> String {
    lang.pick(
        format!("\"{value}\" bestaat niet: {year} heeft {weeks} weken"),
        format!("\"{value}\" does not exist: {year} has {weeks} weeks"),
    )
}

/// `from` after `to`.
pub fn week_after(lang: Lang, from: &str, to: &str) -> String {
    lang.pick(
        format!("de eerste week {from} ligt na de laatste week {to}"),
        format!("the first week {from} is after the last week {to}"),
    )
}

/// A range of more weeks than one answer covers.
pub fn too_many_weeks(lang: Lang, max: usize) -> String {
    lang.pick(
        format!("vraag ten hoogste {max} weken tegelijk"),
        format!("ask for at most {max} weeks at a time"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_the_preferred_of_nl_and_en() {
        assert_eq!(
            from_accept_language("en-GB,en;q=0.9,nl;q=0.8"),
            Some(Lang::En)
        );
        assert_eq!(
            from_accept_language("de-DE, nl-BE;q=0.7, en;q=0.5"),
            Some(Lang::Nl)
        );
        assert_eq!(from_accept_language("en;q=0.2, NL;q=0.9"), Some(Lang::Nl));
        assert_eq!(from_accept_language("en;q=0, nl;q=0.1"), Some(Lang::Nl));
        assert_eq!(from_accept_language("fr, de;q=0.5"), None);
        assert_eq!(from_accept_language(";;,,q=x"), None);
        assert_eq!(preferred(Some("en"), Some("nl")), Lang::En);
        assert_eq!(preferred(Some("xx"), Some("en-US")), Lang::En);
        assert_eq!(preferred(None, None), Lang::Nl);
    }

    #[test]
    fn a_rate_limit_says_seconds_in_words() {
        assert_eq!(
            rate_limited(Lang::Nl, false, 240, 1),
            "te veel verzoeken vanaf dit internetadres (de limiet is 240 per minuut); probeer het over 1 seconde opnieuw"
        );
        assert!(rate_limited(Lang::Nl, true, 30, 2).ends_with("over 2 seconden opnieuw"));
        assert!(rate_limited(Lang::En, false, 30, 1).ends_with("try again in 1 second"));
        assert!(rate_limited(Lang::En, true, 1, 60).ends_with("try again in 60 seconds"));
    }
}
