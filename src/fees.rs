//! What an mbo course costs by rule: the legal lesgeld (BOL) and cursusgeld (BBL, by level band
//! 1–2 and 3–4) per school year, from `paths/fees/mbo.toml`, for a course whose price no source
//! publishes. Nothing is due for someone under 18 on 1 August. Certificates and other courses keep
//! their published price or stay unknown.
//!
//! Pure: the caller passes the day to pick the school year from. Only amounts the regulation
//! states, or that two or more schools agree on, are used as a cost; an amount only one school
//! publishes is shown as that school's figure, never used (see the file's conventions).

use std::collections::HashSet;
use std::ops::Range;
use std::path::Path;

use serde::{Deserialize, Serialize};
use time::{Date, Month};
use toml::Spanned;

use crate::catalog::{Cents, Course, CourseKind, Known, LearningRoute, Problem};
use crate::messages::{Lang, eur};

type S<T> = Spanned<T>;

/// How sure an amount is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// The regulation states it.
    Regulation,
    /// Two or more schools state the same amount (the regulation's own figure was not readable).
    SchoolsAgree,
    /// One school only: shown as that school's figure, never used as the cost.
    OneSchool,
}

/// Which legal fee applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FeeKind {
    /// BOL: paid to DUO.
    Lesgeld,
    /// BBL: paid to the school, by level band.
    Cursusgeld,
}

/// How a course's cost was computed from the legal fees. An answer lists each basis once
/// (`fee_bases`); a step names its basis by position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FeeBasis {
    /// Cursusgeld when the course offers BBL, else lesgeld (BOL).
    pub fee: FeeKind,
    /// The amount per school year.
    pub per_year_eur: Cents,
    /// School years counted: the course's longest stated duration in whole years (minus the first
    /// when the person is under 18 and this is the first step they take); null when the duration
    /// is unknown (then so is the total).
    pub school_years: Option<u32>,
    /// The school year whose amount is used ("2024-2025").
    pub school_year: String,
    /// How sure the amount is.
    pub basis: Basis,
}

/// How padvinder computes mbo costs from the legal fees, as of one day (`GET /api/v1/fees`): the
/// same for every answer, so answers carry only their steps' bases.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FeeTexts {
    pub lang: Lang,
    /// The current school year ("2026-2027"), from the server's date.
    pub school_year: String,
    /// Which school year's amounts are used and from whom, which later years have no regulation
    /// we found (and which school alone states a figure), the age rule, who may pay; sources
    /// named by name.
    pub text: String,
    /// The addresses of every source the text rests on.
    pub sources: Vec<String>,
}

/// A course's cost by rule.
#[derive(Debug, Clone, PartialEq)]
pub struct FeeCost {
    /// The total over the counted school years; unknown when the duration is.
    pub total: Known<Cents>,
    pub basis: FeeBasis,
}

/// The fees file could not be read or has problems.
#[derive(Debug, thiserror::Error)]
pub enum FeesError {
    #[error("{file}: cannot read the mbo fees: {source}")]
    Read {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{}", problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Invalid { problems: Vec<Problem> },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(rename = "source")]
    sources: Vec<S<RawSource>>,
    rules: S<RawRules>,
    #[serde(rename = "year")]
    years: Vec<S<RawYear>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // `about` and `checked` are for readers of the file
struct RawSource {
    address: String,
    /// A short name to cite in texts ("rocva.nl", "Summa College").
    name: String,
    about: String,
    checked: toml::value::Datetime,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRules {
    age: S<u8>,
    age_sources: S<Vec<String>>,
    band_sources: S<Vec<String>>,
    employer_may_pay_sources: S<Vec<String>>,
    slim_participant_not_charged_sources: S<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawYear {
    school_year: S<i32>,
    lesgeld_eur: Option<u32>,
    lesgeld_basis: Option<Basis>,
    lesgeld_sources: Option<S<Vec<String>>>,
    cursusgeld_1_2_eur: Option<u32>,
    cursusgeld_3_4_eur: Option<u32>,
    cursusgeld_basis: Option<Basis>,
    cursusgeld_sources: Option<S<Vec<String>>>,
}

#[derive(Debug, Clone)]
struct Amount<T> {
    value: T,
    basis: Basis,
    sources: Vec<String>,
}

#[derive(Debug, Clone)]
struct Year {
    start: i32,
    lesgeld: Option<Amount<u32>>,
    /// (levels 1–2, levels 3–4)
    cursusgeld: Option<Amount<(u32, u32)>>,
}

/// The legal mbo fees, parsed and validated; see `paths/fees/mbo.toml`.
#[derive(Debug, Clone)]
pub struct Fees {
    years: Vec<Year>,
    /// Source address → short name.
    names: std::collections::HashMap<String, String>,
    rule_sources: Vec<String>,
    band_sources: Vec<String>,
    employer_sources: Vec<String>,
    slim_sources: Vec<String>,
}

/// The school year (by its first calendar year) that `day` falls in: 1 August to 31 July.
pub fn school_year_of(day: Date) -> i32 {
    if day.month() >= Month::August {
        day.year()
    } else {
        day.year() - 1
    }
}

fn school_year_name(start: i32) -> String {
    format!("{start}-{}", start + 1)
}

impl Fees {
    /// Reads and validates the fees file; problems name the file and line.
    pub fn load(path: &Path) -> Result<Fees, FeesError> {
        let name = match (path.parent().and_then(Path::file_name), path.file_name()) {
            (Some(dir), Some(file)) => {
                format!("{}/{}", dir.to_string_lossy(), file.to_string_lossy())
            }
            _ => path.display().to_string(),
        };
        let text = std::fs::read_to_string(path).map_err(|source| FeesError::Read {
            file: path.display().to_string(),
            source,
        })?;
        Fees::from_str(&text, &name)
    }

    /// Parses the fees from text; `name` is the file name used in problems.
    pub fn from_str(text: &str, name: &str) -> Result<Fees, FeesError> {
        let line_of = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
        let raw: RawFile = toml::from_str(text).map_err(|e| FeesError::Invalid {
            problems: vec![Problem {
                file: name.to_owned(),
                line: e.span().map_or(0, |s| line_of(s.start)),
                message: e.message().to_owned(),
            }],
        })?;
        let mut problems = Vec::new();
        let mut at = |span: Range<usize>, message: String| {
            problems.push(Problem {
                file: name.to_owned(),
                line: line_of(span.start),
                message,
            });
        };
        let mut known = HashSet::new();
        for s in &raw.sources {
            if !known.insert(s.get_ref().address.clone()) {
                at(
                    s.span(),
                    format!("source \"{}\" is listed twice", s.get_ref().address),
                );
            }
        }
        let sources = |list: &S<Vec<String>>, at: &mut dyn FnMut(Range<usize>, String)| {
            if list.get_ref().is_empty() {
                at(
                    list.span(),
                    "`sources` is empty: every amount names where it comes from".into(),
                );
            }
            for s in list.get_ref() {
                if !known.contains(s) {
                    at(
                        list.span(),
                        format!("source \"{s}\" is not listed under [[source]]"),
                    );
                }
            }
            list.get_ref().clone()
        };
        let rules = raw.rules.get_ref();
        if *rules.age.get_ref() != 18 {
            at(
                rules.age.span(),
                "`age` must be 18: the rule the engine applies is 'under 18 on 1 August pays nothing'"
                    .into(),
            );
        }
        let rule_sources = sources(&rules.age_sources, &mut at);
        let band_sources = sources(&rules.band_sources, &mut at);
        let employer_sources = sources(&rules.employer_may_pay_sources, &mut at);
        let slim_sources = sources(&rules.slim_participant_not_charged_sources, &mut at);

        let mut years: Vec<Year> = Vec::new();
        for y in &raw.years {
            let r = y.get_ref();
            let start = *r.school_year.get_ref();
            if !(2000..=2100).contains(&start) {
                at(
                    r.school_year.span(),
                    format!("school_year {start} is not a year like 2024 (for 2024-2025)"),
                );
            }
            if years.iter().any(|o| o.start == start) {
                at(
                    y.span(),
                    format!("school year {} is listed twice", school_year_name(start)),
                );
            }
            let lesgeld = match (r.lesgeld_eur, r.lesgeld_basis, &r.lesgeld_sources) {
                (None, None, None) => None,
                (Some(value), Some(basis), Some(list)) => Some(Amount {
                    value,
                    basis,
                    sources: sources(list, &mut at),
                }),
                _ => {
                    at(
                        y.span(),
                        "lesgeld needs `lesgeld_eur`, `lesgeld_basis` and `lesgeld_sources` together"
                            .into(),
                    );
                    None
                }
            };
            let cursusgeld = match (
                r.cursusgeld_1_2_eur,
                r.cursusgeld_3_4_eur,
                r.cursusgeld_basis,
                &r.cursusgeld_sources,
            ) {
                (None, None, None, None) => None,
                (Some(low), Some(high), Some(basis), Some(list)) => Some(Amount {
                    value: (low, high),
                    basis,
                    sources: sources(list, &mut at),
                }),
                _ => {
                    at(
                        y.span(),
                        "cursusgeld needs `cursusgeld_1_2_eur`, `cursusgeld_3_4_eur`, `cursusgeld_basis` and `cursusgeld_sources` together".into(),
                    );
                    None
                }
            };
            years.push(Year {
                start,
                lesgeld,
                cursusgeld,
            });
        }
        if problems.is_empty() {
            years.sort_by_key(|y| y.start);
            Ok(Fees {
                years,
                names: raw
                    .sources
                    .iter()
                    .map(|s| (s.get_ref().address.clone(), s.get_ref().name.clone()))
                    .collect(),
                rule_sources,
                band_sources,
                employer_sources,
                slim_sources,
            })
        } else {
            Err(FeesError::Invalid { problems })
        }
    }

    /// The cost of `course` by rule (`under_18`: its first school year is free), or None when
    /// the rule does not apply: the course has a
    /// published price, is not an mbo qualification, names no BOL/BBL route, its level band is
    /// unknown (BBL), or no usable amount exists for a school year up to `today`'s.
    pub fn cost(&self, course: &Course, under_18: bool, today: Date) -> Option<FeeCost> {
        if course.kind != CourseKind::MboDiploma || course.cost.known().is_some() {
            return None;
        }
        let fee = if course.routes.contains(&LearningRoute::Bbl) {
            FeeKind::Cursusgeld
        } else if course.routes.contains(&LearningRoute::Bol) {
            FeeKind::Lesgeld
        } else {
            return None;
        };
        let band_low = match (fee, course.nlqf_level.known().map(|l| l.get())) {
            (FeeKind::Lesgeld, _) => true,
            (FeeKind::Cursusgeld, Some(1 | 2)) => true,
            (FeeKind::Cursusgeld, Some(3 | 4)) => false,
            (FeeKind::Cursusgeld, _) => return None,
        };
        let used = self.used_year(fee, school_year_of(today))?;
        let (per_year, basis) = match fee {
            FeeKind::Lesgeld => used.lesgeld.as_ref().map(|a| (a.value, a.basis))?,
            FeeKind::Cursusgeld => used
                .cursusgeld
                .as_ref()
                .map(|a| (if band_low { a.value.0 } else { a.value.1 }, a.basis))?,
        };
        let school_years = course
            .duration_weeks
            .known()
            .map(|w| w.max().div_ceil(52))
            .map(|n| if under_18 { n.saturating_sub(1) } else { n });
        let per_year_eur = Cents::new(i64::from(per_year) * 100).ok()?;
        let total = match school_years {
            Some(n) => Known::Known(Cents::new(i64::from(per_year) * 100 * i64::from(n)).ok()?),
            None => Known::Unknown,
        };
        Some(FeeCost {
            total,
            basis: FeeBasis {
                fee,
                per_year_eur,
                school_years,
                school_year: school_year_name(used.start),
                basis,
            },
        })
    }

    /// The latest year up to `current` whose amount for `fee` is usable (not one school only).
    fn used_year(&self, fee: FeeKind, current: i32) -> Option<&Year> {
        self.years.iter().rfind(|y| {
            y.start <= current
                && y.amount(fee)
                    .is_some_and(|(basis, _)| basis != Basis::OneSchool)
        })
    }

    fn name_of(&self, address: &str) -> String {
        self.names
            .get(address)
            .cloned()
            .unwrap_or_else(|| address.to_owned())
    }

    /// How costs are computed from the legal fees as of `today`, in `lang`.
    pub fn texts(&self, today: Date, lang: Lang) -> FeeTexts {
        let l = lang;
        let current = school_year_of(today);
        let mut sentences: Vec<String> = Vec::new();
        let mut sources: Vec<String> = Vec::new();
        let mut cite = |list: &[String]| -> String {
            for s in list {
                if !sources.contains(s) {
                    sources.push(s.clone());
                }
            }
            list.iter()
                .map(|s| self.name_of(s))
                .collect::<Vec<_>>()
                .join(", ")
        };
        for fee in [FeeKind::Lesgeld, FeeKind::Cursusgeld] {
            let Some(used) = self.used_year(fee, current) else {
                continue;
            };
            let Some((basis, amount_sources)) = used.amount(fee) else {
                continue;
            };
            let name = match fee {
                FeeKind::Lesgeld => l.pick("Lesgeld (BOL)", "Tuition fee (lesgeld, BOL)"),
                FeeKind::Cursusgeld => l.pick(
                    "Cursusgeld (BBL, per niveau 1–2 of 3–4)",
                    "Course fee (cursusgeld, BBL, by level 1–2 or 3–4)",
                ),
            };
            let year = school_year_name(used.start);
            let who = cite(amount_sources);
            sentences.push(match basis {
                Basis::Regulation => l.pick(
                    format!("{name}: wij rekenen met het bedrag van {year} uit de regeling ({who})."),
                    format!("{name}: we use the amount for {year} from the regulation ({who})."),
                ),
                _ => l.pick(
                    format!("{name}: wij rekenen met het bedrag van {year} dat meerdere scholen noemen ({who})."),
                    format!("{name}: we use the amount for {year} that several schools state ({who})."),
                ),
            });
            // Every later school year up to the current one: no regulation found; a figure only
            // one school states is named as that school's.
            let later: Vec<i32> = (used.start + 1..=current).collect();
            if let (Some(first), Some(last)) = (later.first(), later.last()) {
                let years = if first == last {
                    school_year_name(*first)
                } else if later.len() == 2 {
                    l.pick(
                        format!(
                            "{} en {}",
                            school_year_name(*first),
                            school_year_name(*last)
                        ),
                        format!(
                            "{} and {}",
                            school_year_name(*first),
                            school_year_name(*last)
                        ),
                    )
                } else {
                    l.pick(
                        format!(
                            "{} tot en met {}",
                            school_year_name(*first),
                            school_year_name(*last)
                        ),
                        format!(
                            "{} to {}",
                            school_year_name(*first),
                            school_year_name(*last)
                        ),
                    )
                };
                sentences.push(l.pick(
                    format!("Voor {years} vonden wij geen regeling met het bedrag."),
                    format!("For {years} we found no regulation with the amount."),
                ));
                for y in self.years.iter().filter(|y| later.contains(&y.start)) {
                    let Some((_, one)) = y.amount(fee) else {
                        continue;
                    };
                    let amount = match fee {
                        FeeKind::Lesgeld => y.lesgeld.as_ref().map(|a| eur(l, f64::from(a.value))),
                        FeeKind::Cursusgeld => y.cursusgeld.as_ref().map(|a| {
                            format!(
                                "{} / {}",
                                eur(l, f64::from(a.value.0)),
                                eur(l, f64::from(a.value.1))
                            )
                        }),
                    };
                    let Some(amount) = amount else { continue };
                    let who = cite(one);
                    let year = school_year_name(y.start);
                    sentences.push(l.pick(
                        format!("Alleen {who} noemt {amount} voor {year}."),
                        format!("Only {who} states {amount} for {year}."),
                    ));
                }
            }
        }
        cite(&self.rule_sources);
        sentences.push(
            l.pick(
                "Ben je op 1 augustus jonger dan 18, dan betaal je dat schooljaar niets.",
                "If you are under 18 on 1 August, you pay nothing that school year.",
            )
            .to_owned(),
        );
        cite(&self.band_sources);
        cite(&self.employer_sources);
        sentences.push(
            l.pick(
                "Bij BBL betaalt de werkgever soms het cursusgeld. Vraag het na.",
                "With BBL, the employer sometimes pays the course fee. Ask about it.",
            )
            .to_owned(),
        );
        cite(&self.slim_sources);
        sentences.push(
            l.pick(
                "Krijgt een werkgever SLIM-subsidie voor je opleiding, dan mag jij niets betalen.",
                "If an employer gets SLIM subsidy for your course, you may not be charged anything.",
            )
            .to_owned(),
        );
        FeeTexts {
            lang,
            school_year: school_year_name(current),
            text: sentences.join(" "),
            sources,
        }
    }
}

impl Year {
    /// The basis and sources of this year's amount of `fee`, when it has one.
    fn amount(&self, fee: FeeKind) -> Option<(Basis, &[String])> {
        match fee {
            FeeKind::Lesgeld => self
                .lesgeld
                .as_ref()
                .map(|a| (a.basis, a.sources.as_slice())),
            FeeKind::Cursusgeld => self
                .cursusgeld
                .as_ref()
                .map(|a| (a.basis, a.sources.as_slice())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = include_str!("../paths/fees/mbo.toml");

    #[test]
    fn school_year_starts_on_1_august() {
        let d = |y, m, day| Date::from_calendar_date(y, m, day).expect("date");
        assert_eq!(school_year_of(d(2026, Month::July, 31)), 2025);
        assert_eq!(school_year_of(d(2026, Month::August, 1)), 2026);
        assert_eq!(school_year_of(d(2026, Month::December, 3)), 2026);
    }

    #[test]
    fn shipped_file_loads() {
        let fees = Fees::from_str(FILE, "fees/mbo.toml").expect("valid");
        assert_eq!(fees.years.len(), 3);
    }

    #[test]
    fn unknown_source_is_named_with_its_line() {
        let bad = FILE.replacen(
            "lesgeld_sources = [\n  \"https://nl.vlex.com",
            "lesgeld_sources = [\n  \"https://example.org/nowhere\",\n  \"https://nl.vlex.com",
            1,
        );
        let Err(FeesError::Invalid { problems }) = Fees::from_str(&bad, "fees/mbo.toml") else {
            panic!("accepted an unlisted source");
        };
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].message.contains("example.org/nowhere"),
            "{problems:?}"
        );
        assert!(problems[0].line > 1, "{problems:?}");
    }

    #[test]
    fn an_amount_without_its_basis_is_refused() {
        let bad = FILE.replacen("lesgeld_basis = \"regulation\"\n", "", 1);
        assert!(Fees::from_str(&bad, "fees/mbo.toml").is_err());
    }

    fn day(y: i32, m: Month, d: u8) -> Date {
        Date::from_calendar_date(y, m, d).expect("date")
    }

    #[test]
    fn lesgeld_uses_the_regulation_and_names_it() {
        let fees = Fees::from_str(FILE, "fees/mbo.toml").expect("valid");
        let used = fees.used_year(FeeKind::Lesgeld, 2026).expect("a year");
        assert_eq!(used.start, 2024);
        assert_eq!(
            used.lesgeld.as_ref().map(|a| (a.value, a.basis)),
            Some((1419, Basis::Regulation))
        );
        let t = fees.texts(day(2026, Month::December, 3), Lang::Nl);
        assert_eq!(t.school_year, "2026-2027");
        for part in [
            "Lesgeld (BOL): wij rekenen met het bedrag van 2024-2025 uit de regeling (Besluit van 22 juni 2023",
            "Voor 2025-2026 en 2026-2027 vonden wij geen regeling met het bedrag.",
            "Alleen Rijn IJssel (OER 2025) noemt € 1.458 voor 2025-2026.",
            "Alleen Summa College noemt € 1.511 voor 2026-2027.",
            "Ben je op 1 augustus jonger dan 18",
            "mag jij niets betalen",
        ] {
            assert!(t.text.contains(part), "{part:?} missing in: {}", t.text);
        }
        assert!(
            t.text
                .contains("Bij BBL betaalt de werkgever soms het cursusgeld."),
            "{}",
            t.text
        );
        assert!(
            t.sources.iter().any(|s| s.contains("vlex.com")),
            "{:?}",
            t.sources
        );
        assert!(
            t.sources.iter().any(|s| s.contains("summa")),
            "{:?}",
            t.sources
        );
    }

    #[test]
    fn in_the_regulations_own_year_nothing_is_said_to_be_missing() {
        let fees = Fees::from_str(FILE, "fees/mbo.toml").expect("valid");
        // 31 July 2025 is still school year 2024-2025.
        let t = fees.texts(day(2025, Month::July, 31), Lang::En);
        assert!(!t.text.contains("no regulation"), "{}", t.text);
        assert!(!t.text.contains("Only "), "{}", t.text);
        assert!(
            t.text
                .contains("we use the amount for 2024-2025 that several schools state"),
            "{}",
            t.text
        );
        assert!(
            t.text
                .contains("the employer sometimes pays the course fee"),
            "{}",
            t.text
        );
        // 1 August 2025 starts 2025-2026: that year's figure is one school's, named as such.
        let t = fees.texts(day(2025, Month::August, 1), Lang::En);
        assert!(
            t.text.contains("For 2025-2026 we found no regulation"),
            "{}",
            t.text
        );
        assert!(
            t.text
                .contains("Only Rijn IJssel (OER 2025) states € 303 / € 735 for 2025-2026."),
            "{}",
            t.text
        );
    }

    #[test]
    fn before_the_first_sourced_year_there_is_no_cost() {
        let fees = Fees::from_str(FILE, "fees/mbo.toml").expect("valid");
        assert!(fees.used_year(FeeKind::Lesgeld, 2023).is_none());
        assert!(fees.used_year(FeeKind::Cursusgeld, 2023).is_none());
    }

    #[test]
    fn a_regulation_for_the_current_year_is_used_once_it_is_entered() {
        let later = FILE.replace(
            "lesgeld_eur = 1458\nlesgeld_basis = \"one_school\"",
            "lesgeld_eur = 1458\nlesgeld_basis = \"regulation\"",
        );
        assert_ne!(later, FILE, "the 2025-2026 lesgeld line moved");
        let fees = Fees::from_str(&later, "fees/mbo.toml").expect("valid");
        let used = fees.used_year(FeeKind::Lesgeld, 2025).expect("a year");
        assert_eq!(used.start, 2025);
        // Cursusgeld still uses the latest year that is not one school's.
        assert_eq!(
            fees.used_year(FeeKind::Cursusgeld, 2025).map(|y| y.start),
            Some(2024)
        );
    }

    #[test]
    fn a_year_listed_twice_is_refused_with_its_line() {
        let twice = format!("{FILE}\n[[year]]\nschool_year = 2024\n");
        let Err(FeesError::Invalid { problems }) = Fees::from_str(&twice, "fees/mbo.toml") else {
            panic!("accepted a school year twice");
        };
        assert!(
            problems
                .iter()
                .any(|p| p.message.contains("2024-2025 is listed twice") && p.line > 100),
            "{problems:?}"
        );
    }
}
