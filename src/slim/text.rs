//! Dates in files and in words, and the notes every result carries.

use time::Date;
use time::macros::format_description;

use super::{AmountOrRange, Eligibility, Outcome, Parameters, Rate, Status};

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

/// Euros as Dutch write them: "€ 1.250,50".
pub(crate) fn eur_nl(eur: f64) -> String {
    let cents = (eur * 100.0).round() as i64;
    let whole = cents / 100;
    let mut digits = whole.to_string();
    let mut grouped = String::new();
    while digits.len() > 3 {
        let tail = digits.split_off(digits.len() - 3);
        grouped = format!(".{tail}{grouped}");
    }
    format!("€ {digits}{grouped},{:02}", cents % 100)
}

/// Euros as English writes them: "EUR 1,250.50".
pub(crate) fn eur_en(eur: f64) -> String {
    eur_nl(eur)
        .replace("€ ", "EUR ")
        .replace(',', "#")
        .replace('.', ",")
        .replace('#', ".")
}

/// The notes on every result: indicative, who decides, what the rate rests on, what is missing.
pub(crate) fn notes(params: &Parameters, rate: &Rate, course_rate: bool) -> (String, String) {
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
            nl.push("Zonder NLQF-niveau kunnen we geen percentage noemen.".into());
            en.push("Without an NLQF level we cannot give a rate.".into());
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
    (nl.join(" "), en.join(" "))
}

/// The result as plain Dutch text for a terminal: status, rate, amount, who applies, each
/// criterion with what to check, the note and the receipt.
pub fn render_text(result: &Eligibility) -> String {
    let status = match result.status {
        Status::PossiblyEligible => "kan mogelijk",
        Status::InsufficientInformation => "meer informatie nodig",
        Status::NotEligible => "voldoet niet",
    };
    let rate = match &result.rate_pct {
        Rate::Exact(p) => format!("{p}%"),
        Rate::Range { min, max, sources } => {
            let said: Vec<String> = sources
                .iter()
                .map(|s| match s.rate_pct {
                    Some(p) => format!("{} {p}% ({})", s.source, s.applies_to),
                    None => format!("{} noemt geen percentage", s.source),
                })
                .collect();
            format!("{min}–{max}% ({})", said.join("; "))
        }
        Rate::Unknown => "onbekend".to_owned(),
    };
    let euros = |c: crate::catalog::Cents| eur_nl(c.as_euros_f64());
    let amount = match result.amount_eur {
        Some(AmountOrRange::Exact(c)) => euros(c),
        Some(AmountOrRange::Range { min, max }) => format!("{} – {}", euros(min), euros(max)),
        None => "geen bedrag".to_owned(),
    };
    let mut out = format!(
        "SLIM-scholingssubsidie: {status} (indicatief, geen besluit)\n\
         Percentage: {rate}\n\
         Bedrag:     {amount}\n\
         Aanvrager:  {}\n\n",
        result.applicant.nl
    );
    for c in &result.criteria {
        let mark = match c.outcome {
            Outcome::Met => "voldaan      ",
            Outcome::NotMet => "niet voldaan ",
            Outcome::Unknown => "onbekend     ",
            Outcome::NeedsAssessment => "beoordelen   ",
        };
        out.push_str(&format!("{mark}{}: {}\n", c.id, c.nl));
        if let Some(check) = &c.check {
            out.push_str(&format!("             Controleer: {check}\n"));
        }
        out.push_str(&format!("             Bron: {}\n", c.reference.join("; ")));
    }
    out.push_str(&format!(
        "\n{}\nRegels {} ({}), beoordeeld op {}.\n",
        result.note_nl,
        result.receipt.rules_version,
        result.receipt.parameters_file,
        result.receipt.evaluated_on
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn dates_and_money_in_words() {
        assert_eq!(nl(date!(2025 - 02 - 28)), "28 februari 2025");
        assert_eq!(en(date!(2027 - 12 - 31)), "31 December 2027");
        assert_eq!(eur_nl(1250.5), "€ 1.250,50");
        assert_eq!(eur_nl(4_000_000.0), "€ 4.000.000,00");
        assert_eq!(eur_en(1250.5), "EUR 1,250.50");
        assert_eq!(eur_nl(0.0), "€ 0,00");
    }
}
