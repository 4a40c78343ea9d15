//! Dates in files and in words, and the notes every result carries.

use time::Date;
use time::macros::format_description;

use super::{AmountOrRange, Eligibility, Outcome, Parameters, Rate, Status};
use crate::messages::Lang;

/// Parses a plain date like `2025-03-10`.
pub(crate) fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse(s, format_description!("[year]-[month]-[day]"))
        .map_err(|_| format!("\"{s}\" is not a date like \"2025-03-10\""))
}

const MONTHS_NL: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// "28 februari 2025".
pub(crate) fn nl(d: Date) -> String {
    format!(
        "{} {} {}",
        d.day(),
        MONTHS_NL[usize::from(u8::from(d.month())) - 1],
        d.year()
    )
}

/// "28 February 2025".
pub(crate) fn en(d: Date) -> String {
    format!(
        "{} {} {}",
        d.day(),
        MONTHS_EN[usize::from(u8::from(d.month())) - 1],
        d.year()
    )
}

/// A day in words in `lang`: "28 februari 2025" / "28 February 2025".
pub fn day_in_words(d: Date, lang: Lang) -> String {
    match lang {
        Lang::Nl => nl(d),
        Lang::En => en(d),
    }
}

/// The notes on every result: indicative, who decides, what the rate rests on, what is missing.
pub(crate) fn notes(params: &Parameters, rate: &Rate, course_rate: bool, lang: Lang) -> String {
    let mut nl = vec![
        "Indicatief, geen besluit.".to_owned(),
        format!("{} beslist over een aanvraag.", params.executed_by()),
    ];
    let mut en = vec![
        "Indicative, not a decision.".to_owned(),
        format!("{} decides on an application.", params.executed_by()),
    ];
    match rate {
        Rate::Exact(_) if course_rate => {
            nl.push("Het percentage komt uit de publicatie van de scholing.".into());
            en.push("The rate comes from the course's own publication.".into());
        }
        Rate::Exact(_) => {
            let sources = params.rate_sources().join(" en ");
            nl.push(format!("Het percentage noemen {sources} allebei."));
            en.push(format!(
                "Both {} state this rate.",
                params.rate_sources().join(" and ")
            ));
        }
        Rate::Range { sources, .. } => {
            let said = |none: &str| {
                sources
                    .iter()
                    .map(|s| match s.rate_pct {
                        Some(p) => format!("{} {p}% ({})", s.source, s.applies_to),
                        None => format!("{} {none}", s.source),
                    })
                    .collect::<Vec<_>>()
                    .join("; ")
            };
            nl.push(format!(
                "De bronnen noemen verschillende percentages: {}. Het echte percentage staat in de publicatie van het ontwikkelpad.",
                said("noemt geen percentage")
            ));
            en.push(format!(
                "The sources give different rates: {}. The actual rate is in the development path's publication.",
                said("gives no rate")
            ));
        }
        Rate::Unknown => {
            nl.push("Zonder het niveau van de opleiding kunnen we geen percentage noemen.".into());
            en.push("Without the course's level we cannot give a rate.".into());
        }
    }
    let (costs_nl, costs_en) = params.eligible_costs();
    nl.push(format!(
        "Een bedrag is het percentage maal de kosten: {}.",
        costs_nl.join(", ")
    ));
    en.push(format!(
        "An amount is the rate times the eligible costs: {}.",
        costs_en.join(", ")
    ));
    if !params.maximum_per_person_found() {
        nl.push("Een maximum per persoon vonden we niet.".into());
        en.push("We found no maximum per person.".into());
    }
    lang.pick(nl, en).join(" ")
}

/// The result as plain text for a terminal, in the language it was evaluated in (`lang` gives
/// the words around it): status, rate, amount, who applies, each criterion with what to check,
/// the note and the receipt.
pub fn render_text(result: &Eligibility, lang: Lang) -> String {
    let status = match result.status {
        Status::PossiblyEligible => lang.pick("kan mogelijk", "possibly eligible"),
        Status::InsufficientInformation => {
            lang.pick("meer informatie nodig", "more information needed")
        }
        Status::NotEligible => lang.pick("voldoet niet", "not eligible"),
    };
    let rate = match &result.rate_pct {
        Rate::Exact(p) => format!("{p}%"),
        Rate::Range { min, max, sources } => {
            let said: Vec<String> = sources
                .iter()
                .map(|s| match s.rate_pct {
                    Some(p) => format!("{} {p}% ({})", s.source, s.applies_to),
                    None => format!(
                        "{} {}",
                        s.source,
                        lang.pick("noemt geen percentage", "gives no rate")
                    ),
                })
                .collect();
            format!("{min}–{max}% ({})", said.join("; "))
        }
        Rate::Unknown => lang.pick("onbekend", "unknown").to_owned(),
    };
    let euros = |c: crate::catalog::Cents| crate::messages::eur(lang, c.as_euros_f64());
    let amount = match result.amount_eur {
        Some(AmountOrRange::Exact(c)) => euros(c),
        Some(AmountOrRange::Range { min, max }) => format!("{} – {}", euros(min), euros(max)),
        None => lang.pick("geen bedrag", "no amount").to_owned(),
    };
    let [
        title,
        indicative,
        rate_word,
        amount_word,
        applicant_word,
        check_word,
        source_word,
    ] = lang.pick(
        [
            "SLIM-scholingssubsidie",
            "indicatief, geen besluit",
            "Percentage",
            "Bedrag",
            "Aanvrager",
            "Controleer",
            "Bron",
        ],
        [
            "SLIM training subsidy",
            "indicative, not a decision",
            "Rate",
            "Amount",
            "Applicant",
            "Check",
            "Source",
        ],
    );
    let mut out = format!(
        "{title}: {status} ({indicative})\n{:<12}{rate}\n{:<12}{amount}\n{:<12}{}\n\n",
        format!("{rate_word}:"),
        format!("{amount_word}:"),
        format!("{applicant_word}:"),
        result.applicant.text
    );
    for c in &result.criteria {
        let mark = match (c.outcome, lang) {
            (Outcome::Met, Lang::Nl) => "voldaan",
            (Outcome::NotMet, Lang::Nl) => "niet voldaan",
            (Outcome::Unknown, Lang::Nl) => "onbekend",
            (Outcome::NeedsAssessment, Lang::Nl) => "beoordelen",
            (Outcome::Met, Lang::En) => "met",
            (Outcome::NotMet, Lang::En) => "not met",
            (Outcome::Unknown, Lang::En) => "unknown",
            (Outcome::NeedsAssessment, Lang::En) => "to assess",
        };
        out.push_str(&format!("{mark:<13}{}: {}\n", c.id.as_str(), c.text));
        if let Some(check) = &c.check {
            out.push_str(&format!("             {check_word}: {check}\n"));
        }
        out.push_str(&format!(
            "             {source_word}: {}\n",
            c.reference.join("; ")
        ));
    }
    let receipt = lang.pick(
        format!(
            "Regels {} ({}), beoordeeld op {}.",
            result.receipt.rules_version,
            result.receipt.parameters_file,
            result.receipt.evaluated_on
        ),
        format!(
            "Rules {} ({}), evaluated on {}.",
            result.receipt.rules_version,
            result.receipt.parameters_file,
            result.receipt.evaluated_on
        ),
    );
    out.push_str(&format!("\n{}\n{receipt}\n", result.note));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn dates_in_words() {
        assert_eq!(nl(date!(2025 - 02 - 28)), "28 februari 2025");
        assert_eq!(en(date!(2027 - 12 - 31)), "31 December 2027");
    }
}
