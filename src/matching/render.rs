//! Routes as plain text for the terminal: what a counsellor reads with a client.

use std::fmt::Write as _;

use super::{MatchResult, RouteSlimStatus};
use crate::catalog::Known;

/// Renders a match result in Dutch, one block per route.
pub fn render_text(result: &MatchResult) -> String {
    let mut out = String::new();
    match &result.resolved_occupation {
        Some(o) => {
            let _ = writeln!(
                out,
                "Huidig beroep herkend als: {} (ISCO {})",
                o.label, o.isco
            );
        }
        None => {
            let _ = writeln!(out, "Huidig beroep: niet opgegeven of niet herkend.");
        }
    }
    if result.routes.is_empty() {
        let _ = writeln!(
            out,
            "\nGeen routes gevonden. Probeer andere interesses of een groter reisgebied."
        );
        return out;
    }
    for (i, r) in result.routes.iter().enumerate() {
        let level = match r.target.nlqf_level {
            Known::Known(l) => format!("niveau {l}"),
            Known::Unknown => "niveau onbekend".into(),
        };
        let _ = writeln!(
            out,
            "\n{}. {} ({level}) — {} [{}] score {:.2}",
            i + 1,
            r.target.title,
            r.label,
            r.path.name,
            r.score
        );
        let _ = writeln!(out, "   Pad: {} (status: {})", r.path.name, r.path.status);
        let _ = writeln!(out, "   Waarom: {}", r.why);
        for s in &r.steps {
            let weeks = match (s.weeks, s.weeks_max) {
                (Known::Known(a), Known::Known(b)) if a == b => format!("{a} weken"),
                (Known::Known(a), Known::Known(b)) => format!("{a}-{b} weken"),
                _ => "duur onbekend".into(),
            };
            if s.skipped {
                let reason = s.skipped_reason.as_deref().unwrap_or("");
                let _ = writeln!(out, "   - [overgeslagen] {}: {reason}", s.course.title);
                continue;
            }
            let place = match &s.provider {
                Some(p) => match p.distance_km {
                    Some(d) => format!("{} in {} ({d:.0} km)", p.name, p.municipality),
                    None => format!("{} in {}", p.name, p.municipality),
                },
                None => "school onbekend".into(),
            };
            let cost = match s.cost_eur {
                Known::Known(c) => format!("€ {c}"),
                Known::Unknown => "kosten onbekend".into(),
            };
            let slim = s.slim.as_ref().map_or("", |e| match e.status {
                crate::slim::Status::PossiblyEligible => "SLIM mogelijk",
                crate::slim::Status::InsufficientInformation => "SLIM: nog onzeker",
                crate::slim::Status::NotEligible => "SLIM: nee",
            });
            let _ = writeln!(
                out,
                "   - {}: {weeks}, {cost}, {place}; {slim}",
                s.course.title
            );
        }
        let cost = match r.total_cost_eur {
            Some(c) => format!("€ {c}"),
            None => format!(
                "onbekend ({} stap(pen) zonder bekende prijs)",
                r.steps_with_unknown_cost
            ),
        };
        let weeks = if r.total_weeks == r.total_weeks_max {
            format!("{} weken", r.total_weeks)
        } else {
            format!("{}-{} weken", r.total_weeks, r.total_weeks_max)
        };
        let unknown = if r.steps_with_unknown_weeks > 0 {
            format!(
                " (+ {} stap(pen) met onbekende duur)",
                r.steps_with_unknown_weeks
            )
        } else {
            String::new()
        };
        let _ = writeln!(out, "   Totaal: {weeks}{unknown}; kosten {cost}");
        for f in &r.flags {
            let _ = writeln!(out, "   ! {}: {}", f.code.as_str(), f.message);
        }
        let slim = match r.slim.status {
            RouteSlimStatus::PossiblyEligible => "mogelijk",
            RouteSlimStatus::InsufficientInformation => "nog onzeker",
            RouteSlimStatus::NotEligible => "niet mogelijk",
            RouteSlimStatus::NoCoursesNeeded => "niet nodig",
        };
        let who = r.slim.applicant.as_ref().map_or("", |a| a.nl.as_str());
        let _ = writeln!(out, "   SLIM-subsidie: {slim}. {who} ({})", r.slim.note_nl);
    }
    out
}
