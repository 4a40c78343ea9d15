//! Routes as plain text for the terminal: what a counsellor reads with a client.

use std::fmt::Write as _;

use super::{MatchResult, RouteSlimStatus};
use crate::catalog::Known;
use crate::messages::{Lang, eur};

/// Renders a match result in `lang`, one block per route (the route texts were written in the
/// language the match was asked in).
pub fn render_text(result: &MatchResult, lang: Lang) -> String {
    let pick = |nl: &'static str, en: &'static str| lang.pick(nl, en);
    let mut out = String::new();
    match &result.resolved_occupation {
        Some(o) => {
            let said = pick(
                "Huidig beroep herkend als",
                "Current occupation recognised as",
            );
            let _ = writeln!(out, "{said}: {} (ISCO {})", o.label, o.isco);
        }
        None => {
            let said = pick(
                "Huidig beroep: niet opgegeven of niet herkend.",
                "Current occupation: not given or not recognised.",
            );
            let _ = writeln!(out, "{said}");
        }
    }
    if result.routes.is_empty() {
        let said = pick(
            "Geen routes gevonden. Probeer andere interesses of een groter reisgebied.",
            "No routes found. Try other interests or a larger travel area.",
        );
        let _ = writeln!(out, "\n{said}");
        return out;
    }
    let level_word = pick("niveau", "level");
    let weeks_word = pick("weken", "weeks");
    for (i, r) in result.routes.iter().enumerate() {
        let level = match r.target.nlqf_level {
            Known::Known(l) => format!("{level_word} {l}"),
            Known::Unknown => pick("niveau onbekend", "level unknown").into(),
        };
        let _ = writeln!(
            out,
            "\n{}. {} ({level}) — {} [{}] score {:.2}",
            i + 1,
            r.target.title,
            r.label_text,
            r.path.name,
            r.score
        );
        let _ = writeln!(
            out,
            "   {}: {} (status: {})",
            pick("Pad", "Path"),
            r.path.name,
            r.path.status.as_str()
        );
        let _ = writeln!(out, "   {}: {}", pick("Waarom", "Why"), r.why);
        for s in &r.steps {
            let weeks = match (s.weeks, s.weeks_max) {
                (Known::Known(a), Known::Known(b)) if a == b => format!("{a} {weeks_word}"),
                (Known::Known(a), Known::Known(b)) => format!("{a}-{b} {weeks_word}"),
                _ => pick("duur onbekend", "duration unknown").into(),
            };
            if s.skipped {
                let reason = s.skipped_reason.as_deref().unwrap_or("");
                let skipped = pick("overgeslagen", "skipped");
                let _ = writeln!(out, "   - [{skipped}] {}: {reason}", s.course.title);
                continue;
            }
            let place = match &s.provider {
                Some(p) => match p.distance_km {
                    Some(d) => format!("{} in {} ({d:.0} km)", p.name, p.municipality),
                    None => format!("{} in {}", p.name, p.municipality),
                },
                None => pick("school onbekend", "school unknown").into(),
            };
            let cost = match s.cost_eur {
                Known::Known(c) => eur(lang, c.as_euros_f64()),
                Known::Unknown => pick("kosten onbekend", "cost unknown").into(),
            };
            let slim = s.slim.as_ref().map_or("", |e| match e.status {
                crate::slim::Status::PossiblyEligible => pick("SLIM mogelijk", "SLIM possible"),
                crate::slim::Status::InsufficientInformation => {
                    pick("SLIM: nog onzeker", "SLIM: not certain yet")
                }
                crate::slim::Status::NotEligible => pick("SLIM: nee", "SLIM: no"),
            });
            let _ = writeln!(
                out,
                "   - {}: {weeks}, {cost}, {place}; {slim}",
                s.course.title
            );
            if s.ask_schools {
                let ask = pick(
                    "Geen school bekend in de buurt. Scholen dichtbij — vraag na of zij deze opleiding geven",
                    "No school known nearby. Schools near you — ask whether they offer this course",
                );
                let _ = writeln!(out, "     {ask}:");
                for a in &result.schools_to_ask {
                    let _ = writeln!(
                        out,
                        "       · {}, {} ({:.0} km) {}",
                        a.school, a.address, a.distance_km, a.website
                    );
                }
            }
        }
        let cost = match r.total_cost_eur {
            Some(c) => eur(lang, c.as_euros_f64()),
            None => lang.pick(
                format!(
                    "onbekend ({} stap(pen) zonder bekende prijs)",
                    r.steps_with_unknown_cost
                ),
                format!(
                    "unknown ({} step(s) without a known price)",
                    r.steps_with_unknown_cost
                ),
            ),
        };
        let weeks = if r.total_weeks == r.total_weeks_max {
            format!("{} {weeks_word}", r.total_weeks)
        } else {
            format!("{}-{} {weeks_word}", r.total_weeks, r.total_weeks_max)
        };
        let unknown = if r.steps_with_unknown_weeks > 0 {
            lang.pick(
                format!(
                    " (+ {} stap(pen) met onbekende duur)",
                    r.steps_with_unknown_weeks
                ),
                format!(
                    " (+ {} step(s) of unknown duration)",
                    r.steps_with_unknown_weeks
                ),
            )
        } else {
            String::new()
        };
        let (total, costs) = (pick("Totaal", "Total"), pick("kosten", "cost"));
        let _ = writeln!(out, "   {total}: {weeks}{unknown}; {costs} {cost}");
        for f in &r.flags {
            let _ = writeln!(out, "   ! {}: {}", f.code.as_str(), f.message);
        }
        let slim = match r.slim.status {
            RouteSlimStatus::PossiblyEligible => pick("mogelijk", "possible"),
            RouteSlimStatus::InsufficientInformation => pick("nog onzeker", "not certain yet"),
            RouteSlimStatus::NotEligible => pick("niet mogelijk", "not possible"),
            RouteSlimStatus::NoCoursesNeeded => pick("niet nodig", "not needed"),
        };
        let subsidy = pick("SLIM-subsidie", "SLIM subsidy");
        let note = result.note(r.slim.note);
        let line = result.summary(r.slim.summary);
        let _ = writeln!(out, "   {subsidy}: {slim}. {line} ({note})");
        if !result.regional_desks.is_empty() {
            let desks: Vec<String> = result
                .regional_desks
                .iter()
                .map(|d| {
                    let phone = d
                        .phone
                        .as_ref()
                        .map(|p| format!("{} {p}", pick("tel.", "phone")));
                    let how: Vec<&str> = [d.website.as_deref(), phone.as_deref()]
                        .into_iter()
                        .flatten()
                        .collect();
                    if how.is_empty() {
                        d.name.clone()
                    } else {
                        format!("{} ({})", d.name, how.join(", "))
                    }
                })
                .collect();
            let call = pick("Wie kun je bellen", "Who to call");
            let _ = writeln!(out, "   {call}: {}", desks.join("; "));
        }
    }
    out
}
