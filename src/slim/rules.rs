//! The rules, one function per criterion, each next to its source.
//!
//! Sources are named as `/work/shared/domain.md` §3 names them; the values a rule compares
//! against (dates, weeks, windows) come from the parameters file with their own sources. The
//! regulation itself is "Regeling SZW 20 Feb 2025, Stcrt. 2025, 7276", which adds the subsidy for
//! "tot sectorale ontwikkelpaden behorende scholing" to the SLIM-regeling.

use time::Date;

use super::case::{Case, MembershipInput, PathStatusInput, Situation};
use super::params::{Parameters, Sourced, Window};
use super::text::{en, nl};
use super::{Applicant, ApplicantKind, CriterionId, Outcome};
use crate::catalog::NlqfLevel;
use crate::messages::{Lang, eur};

/// The regulation: the same name as its `[[source]]` entry in the parameters file.
const REGULATION: &str = "Stcrt. 2025, 7276";
/// The pages domain.md §3 cites for the course conditions.
const COURSE_CONDITION_PAGES: [&str; 2] = ["cooster.nl", "werkcentrumdrechtsteden.nl"];

/// Where to check a path's recognition and contents. ontwikkelpadentechniek.nl is the technical
/// sectors' path tool (domain.md §2); rijksoverheid.nl published the recognitions.
const WHERE_PATHS_NL: &str = "ontwikkelpadentechniek.nl (techniek), rijksoverheid.nl (zoek op \"ontwikkelpaden\") of de sector (O&O-fonds)";
const WHERE_PATHS_EN: &str = "ontwikkelpadentechniek.nl (technical sectors), rijksoverheid.nl (search for \"ontwikkelpaden\") or the sector's training fund (O&O-fonds)";
/// Where applications are made and windows announced (the regulation's forms are published there).
const WHERE_WINDOWS: &str = "uitvoeringvanbeleidszw.nl";

/// All criteria, in the fixed order of [`super::CRITERIA`].
pub(crate) fn all(params: &Parameters, case: &Case, today: Date) -> Vec<Rule> {
    vec![
        recognised_path(case.path_status),
        course_in_path(case.course_in_path),
        nlqf_level(case.course.nlqf_level),
        work_and_learn(case.course.work_and_learn),
        not_before_start_date(params, case.start_date, case.course.subsidiable_from),
        start_within_13_weeks(params, case.application_date, case.start_date),
        completed_before_end(params, case.start_date, case.course.duration_weeks),
        no_participant_costs(params, case.course.participant_cost_eur),
        application_window(params, case.application_date, today),
        applicant(params, case.situation),
    ]
}

/// A rule's outcome with its texts in both languages, side by side; [`Rule::in_lang`] keeps one.
pub(crate) struct Rule {
    id: CriterionId,
    outcome: Outcome,
    nl: String,
    en: String,
    reference: Vec<String>,
    check: Option<(String, String)>,
}

fn criterion(
    id: CriterionId,
    outcome: Outcome,
    nl: String,
    en: String,
    reference: Vec<String>,
) -> Rule {
    Rule {
        id,
        outcome,
        nl,
        en,
        reference,
        check: None,
    }
}

impl Rule {
    fn check(mut self, nl: String, en: String) -> Rule {
        self.check = Some((nl, en));
        self
    }

    /// The outcome.
    pub(crate) fn outcome(&self) -> Outcome {
        self.outcome
    }

    /// The criterion as answered: its texts in `lang`.
    pub(crate) fn in_lang(self, lang: Lang) -> super::Criterion {
        super::Criterion {
            id: self.id,
            outcome: self.outcome,
            text: lang.pick(self.nl, self.en),
            check: self.check.map(|(nl, en)| lang.pick(nl, en)),
            reference: self.reference,
        }
    }
}

/// The regulation first, then the given pages, without repeats.
fn refs<'a>(pages: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut out = vec![REGULATION.to_owned()];
    for p in pages {
        if !out.iter().any(|o| o == p) {
            out.push(p.to_owned());
        }
    }
    out
}

fn sourced_refs<T>(value: &Sourced<T>) -> Vec<String> {
    refs(value.sources.iter().map(String::as_str))
}

/// Source: "belongs to a function/specialisation in a RECOGNISED path" (cooster.nl;
/// werkcentrumdrechtsteden.nl). Paths are recognised by the Minister of SZW; a modelled or
/// announced path is not recognised, so no source confirms the condition: unknown, never met.
fn recognised_path(status: PathStatusInput) -> Rule {
    let id = CriterionId::RecognisedPath;
    let r = || refs(COURSE_CONDITION_PAGES);
    let check = || {
        (
            format!(
                "Zoek uit of deze scholing in een erkend ontwikkelpad staat. Kijk op {WHERE_PATHS_NL}."
            ),
            format!(
                "Find out whether this course is in a recognised development path. See {WHERE_PATHS_EN}."
            ),
        )
    };
    match status {
        PathStatusInput::Recognised => criterion(
            id,
            Outcome::Met,
            "Het ontwikkelpad is erkend door de minister van SZW.".into(),
            "The development path is recognised by the Minister of SZW.".into(),
            r(),
        ),
        PathStatusInput::Announced => {
            let (cnl, cen) = check();
            criterion(
                id,
                Outcome::Unknown,
                "Dit ontwikkelpad is aangekondigd, maar nog niet erkend. Alleen scholing in een erkend pad kan subsidie krijgen.".into(),
                "This development path is announced but not recognised yet. Only courses in a recognised path can get the subsidy.".into(),
                r(),
            )
            .check(cnl, cen)
        }
        PathStatusInput::Modelled => {
            let (cnl, cen) = check();
            criterion(
                id,
                Outcome::Unknown,
                "Dit pad hebben wij zelf gemaakt uit echte opleidingen. Het is geen erkend pad. De scholing kan wel in een erkend pad staan.".into(),
                "We built this path ourselves from real qualifications. It is not a recognised path. The course may still be part of a recognised path.".into(),
                r(),
            )
            .check(cnl, cen)
        }
        PathStatusInput::None => criterion(
            id,
            Outcome::NotMet,
            "De scholing hoort niet bij een ontwikkelpad. Subsidie is alleen voor scholing in een erkend pad.".into(),
            "The course is not part of a development path. The subsidy is only for courses in a recognised path.".into(),
            r(),
        ),
    }
}

/// Source: the course "belongs to a function/specialisation in a recognised path" (cooster.nl;
/// werkcentrumdrechtsteden.nl). Only a source can confirm membership; ours is a model.
fn course_in_path(membership: MembershipInput) -> Rule {
    let id = CriterionId::CourseInPath;
    let r = || refs(COURSE_CONDITION_PAGES);
    match membership {
        MembershipInput::Confirmed => criterion(
            id,
            Outcome::Met,
            "Een bron bevestigt dat deze scholing bij het pad hoort.".into(),
            "A source confirms that this course belongs to the path.".into(),
            r(),
        ),
        MembershipInput::Modelled => criterion(
            id,
            Outcome::Unknown,
            "Wij denken dat deze scholing bij het pad past. Geen bron bevestigt dat.".into(),
            "We think this course fits the path. No source confirms it.".into(),
            r(),
        )
        .check(
            format!("Kijk of deze opleiding in de publicatie van een erkend pad staat. Die vind je hier: {WHERE_PATHS_NL}."),
            format!("Check the recognised path's publication for this course: {WHERE_PATHS_EN}."),
        ),
        MembershipInput::No => criterion(
            id,
            Outcome::NotMet,
            "Deze scholing staat niet in het ontwikkelpad.".into(),
            "This course is not in the development path.".into(),
            r(),
        ),
    }
}

/// Source: the course is "placed in the NLQF (so mainly public mbo/hbo, few private courses)"
/// (cooster.nl; werkcentrumdrechtsteden.nl). Any NLQF level 1–8 meets it; the level sets the rate.
fn nlqf_level(level: Option<u8>) -> Rule {
    let id = CriterionId::NlqfLevel;
    let r = || refs(COURSE_CONDITION_PAGES);
    match level.map(|l| NlqfLevel::new(i64::from(l))) {
        None => criterion(
            id,
            Outcome::Unknown,
            "We weten het niveau van de opleiding niet. Alleen een opleiding met een officieel niveau (NLQF: de Nederlandse niveaus 1 tot 8) telt mee.".into(),
            "We do not know the course's level. Only a course with an official level (NLQF: the Dutch levels 1 to 8) counts.".into(),
            r(),
        )
        .check(
            "Vraag de school naar het niveau. Een mbo-diploma of mbo-certificaat heeft niveau 1 tot 4, een Associate degree niveau 5, een bachelor niveau 6.".into(),
            "Ask the school for the level. An mbo diploma or certificate is level 1 to 4, an Associate degree level 5, a bachelor level 6.".into(),
        ),
        Some(Ok(l)) => criterion(
            id,
            Outcome::Met,
            format!("De opleiding heeft niveau {l} (NLQF: de Nederlandse niveaus 1 tot 8). Zo'n niveau is nodig voor deze subsidie."),
            format!("The course is at level {l} (NLQF: the Dutch levels 1 to 8). The subsidy needs such a level."),
            r(),
        ),
        Some(Err(e)) => criterion(
            id,
            Outcome::NotMet,
            format!("Dit is geen officieel niveau van 1 tot 8 ({e})."),
            format!("This is not an official level from 1 to 8 ({e})."),
            r(),
        ),
    }
}

/// Source: the course is "practice-oriented and combinable with paid work (work-and-learn)"
/// (cooster.nl; werkcentrumdrechtsteden.nl).
fn work_and_learn(combinable: Option<bool>) -> Rule {
    let id = CriterionId::WorkAndLearn;
    let r = || refs(COURSE_CONDITION_PAGES);
    match combinable {
        Some(true) => criterion(
            id,
            Outcome::Met,
            "Je kunt de scholing volgen naast betaald werk (werken en leren).".into(),
            "The course can be combined with paid work (work and learn).".into(),
            r(),
        ),
        Some(false) => criterion(
            id,
            Outcome::NotMet,
            "Je kunt de scholing niet volgen naast betaald werk. De subsidie is voor scholing die je combineert met werk.".into(),
            "The course cannot be combined with paid work. The subsidy is for courses combined with work.".into(),
            r(),
        ),
        None => criterion(
            id,
            Outcome::Unknown,
            "We weten niet of je de scholing naast betaald werk kunt volgen.".into(),
            "We do not know whether the course can be combined with paid work.".into(),
            r(),
        )
        .check(
            "Vraag de school of je de scholing naast betaald werk kunt volgen, bijvoorbeeld in BBL of in deeltijd.".into(),
            "Ask the school whether the course can be followed alongside paid work, e.g. in BBL or part-time.".into(),
        ),
    }
}

/// Source: the course is "not bought or started before 28 Feb 2025" (cooster.nl;
/// werkcentrumdrechtsteden.nl). "Before" excludes the day itself: a start on 28 Feb 2025 counts,
/// a start on 27 Feb 2025 does not. A course's own "subsidiabel vanaf" date, where its
/// publication gives one, moves the first day later, never earlier.
fn not_before_start_date(
    params: &Parameters,
    start: Option<Date>,
    subsidiable_from: Option<Date>,
) -> Rule {
    let id = CriterionId::NotBeforeStartDate;
    let rule = &params.earliest_start;
    let earliest = match subsidiable_from {
        Some(own) if own > rule.value => own,
        _ => rule.value,
    };
    let own_nl = if earliest > rule.value {
        format!(
            " Volgens de publicatie van de scholing is die subsidiabel vanaf {}.",
            nl(earliest)
        )
    } else {
        String::new()
    };
    let own_en = if earliest > rule.value {
        format!(
            " The course's publication says it is subsidiable from {}.",
            en(earliest)
        )
    } else {
        String::new()
    };
    let Some(start) = start else {
        return criterion(
            id,
            Outcome::Unknown,
            format!("De startdatum is niet bekend. De scholing mag niet vóór {} gekocht of gestart zijn.{own_nl}", nl(earliest)),
            format!("The start date is not known. The course may not be bought or started before {}.{own_en}", en(earliest)),
            sourced_refs(rule),
        )
        .check(
            "Vraag de school wanneer de opleiding start.".into(),
            "Ask the school when the course starts.".into(),
        );
    };
    if start < earliest {
        criterion(
            id,
            Outcome::NotMet,
            format!(
                "De scholing start op {}. Dat is vóór {}. Scholing die eerder gekocht of gestart is, telt niet mee.{own_nl}",
                nl(start),
                nl(earliest)
            ),
            format!(
                "The course starts on {}. That is before {}. A course bought or started earlier does not count.{own_en}",
                en(start),
                en(earliest)
            ),
            sourced_refs(rule),
        )
    } else {
        criterion(
            id,
            Outcome::Met,
            format!(
                "De scholing start op {}. Dat is niet vóór {}. Let op: de scholing mag ook niet vóór {} gekocht zijn.{own_nl}",
                nl(start),
                nl(earliest),
                nl(rule.value)
            ),
            format!(
                "The course starts on {}, not before {}. Note: it may not have been bought before {} either.{own_en}",
                en(start),
                en(earliest),
                en(rule.value)
            ),
            sourced_refs(rule),
        )
    }
}

/// Source: the course "starts within 13 weeks after the application" (cooster.nl;
/// werkcentrumdrechtsteden.nl). 13 weeks = 91 days: a start on day 91 counts, day 92 does not.
/// A start before the application is allowed within the course's subsidiable period: "het is
/// toegestaan om vooruitlopend hierop scholing in te kopen en te starten" (subvice.nl, as
/// `[start_after_application.earlier_start]`); the start-date rule checks that period.
fn start_within_13_weeks(
    params: &Parameters,
    application: Option<Date>,
    start: Option<Date>,
) -> Rule {
    let id = CriterionId::StartWithin13Weeks;
    let rule = &params.max_weeks_after_application;
    let weeks = rule.value;
    let max_days = i64::from(weeks) * 7;
    let (Some(application), Some(start)) = (application, start) else {
        return criterion(
            id,
            Outcome::Unknown,
            format!("De aanvraagdatum is niet bekend. De scholing moet binnen {weeks} weken na de aanvraag starten."),
            format!("The application date is not known. The course must start within {weeks} weeks after the application."),
            sourced_refs(rule),
        )
        .check(
            format!("Vraag de werkgever wanneer die de subsidie wil aanvragen. Op {WHERE_WINDOWS} staat wanneer dat kan."),
            format!("Ask the employer when they plan to apply. {WHERE_WINDOWS} says when applications are open."),
        );
    };
    let days = (start - application).whole_days();
    let earlier = &params.earlier_start_allowed;
    if days < 0 && earlier.value {
        let mut reference = sourced_refs(rule);
        reference.extend(sourced_refs(earlier));
        criterion(
            id,
            Outcome::Met,
            format!(
                "De scholing start {} dagen vóór de aanvraag. Eerder starten mag, maar niet vóór de datum vanaf wanneer de scholing subsidiabel is (zie de regel over de startdatum).",
                -days
            ),
            format!(
                "The course starts {} days before the application. An earlier start is allowed, but not before the date from which the course is subsidiable (see the rule on the start date).",
                -days
            ),
            reference,
        )
    } else if days < 0 {
        criterion(
            id,
            Outcome::NotMet,
            format!(
                "De scholing start {} dagen vóór de aanvraag. De regel is: starten binnen {weeks} weken ná de aanvraag, en eerder starten mag niet.",
                -days
            ),
            format!(
                "The course starts {} days before the application. The rule is: start within {weeks} weeks after the application; an earlier start is not allowed.",
                -days
            ),
            {
                let mut reference = sourced_refs(rule);
                reference.extend(sourced_refs(earlier));
                reference
            },
        )
    } else if days <= max_days {
        criterion(
            id,
            Outcome::Met,
            format!(
                "De scholing start {days} dagen na de aanvraag. Dat is binnen {weeks} weken ({max_days} dagen)."
            ),
            format!(
                "The course starts {days} days after the application: within {weeks} weeks ({max_days} days)."
            ),
            sourced_refs(rule),
        )
    } else {
        criterion(
            id,
            Outcome::NotMet,
            format!(
                "De scholing start {days} dagen na de aanvraag. Dat is later dan {weeks} weken ({max_days} dagen)."
            ),
            format!(
                "The course starts {days} days after the application: later than {weeks} weeks ({max_days} days)."
            ),
            sourced_refs(rule),
        )
    }
}

/// Source: "activities completed by 31 Dec 2027 (this part of SLIM expires 1 Jan 2028)"
/// (cooster.nl; werkcentrumdrechtsteden.nl). The end is start + duration in weeks; an end on
/// 31 Dec 2027 is met. Interpretation (documented in the parameters file): no source says whether
/// a long (BBL) course must end by then or only the part the subsidy pays for, so a later end is
/// an open question (needs_assessment), not a no; a start after the last day is a no.
fn completed_before_end(
    params: &Parameters,
    start: Option<Date>,
    duration_weeks: Option<u32>,
) -> Rule {
    let id = CriterionId::CompletedBeforeEnd;
    let rule = &params.last_completion_day;
    let last = rule.value;
    let (Some(start), Some(weeks)) = (start, duration_weeks) else {
        return criterion(
            id,
            Outcome::Unknown,
            format!(
                "We weten niet wanneer de scholing klaar is. Alles moet klaar zijn op {}.",
                nl(last)
            ),
            format!(
                "We do not know when the course ends. Everything must be completed by {}.",
                en(last)
            ),
            sourced_refs(rule),
        )
        .check(
            "Vraag de school hoe lang de scholing duurt en wanneer hij start.".into(),
            "Ask the school how long the course takes and when it starts.".into(),
        );
    };
    // An end beyond the calendar's range is certainly after the last day.
    let end = start.checked_add(time::Duration::weeks(i64::from(weeks)));
    match end {
        Some(end) if end <= last => criterion(
            id,
            Outcome::Met,
            format!(
                "De scholing is klaar rond {}. Dat is op of vóór {}.",
                nl(end),
                nl(last)
            ),
            format!(
                "The course ends around {}, on or before {}.",
                en(end),
                en(last)
            ),
            sourced_refs(rule),
        ),
        _ if start > last => criterion(
            id,
            Outcome::NotMet,
            format!(
                "De scholing start pas op {}. Dit deel van SLIM stopt na {}.",
                nl(start),
                nl(last)
            ),
            format!(
                "The course only starts on {}. This part of SLIM ends after {}.",
                en(start),
                en(last)
            ),
            sourced_refs(rule),
        ),
        _ => {
            let when_nl = end.map_or_else(|| "heel laat".to_owned(), nl);
            let when_en = end.map_or_else(|| "very late".to_owned(), en);
            criterion(
                id,
                Outcome::NeedsAssessment,
                format!(
                    "De scholing is pas klaar rond {when_nl}. De activiteiten moeten klaar zijn op {}, want dit deel van SLIM stopt daarna. Of bij een lange opleiding (zoals BBL) de hele opleiding dan klaar moet zijn, of alleen het deel dat met de subsidie wordt betaald, staat niet in onze bronnen.",
                    nl(last)
                ),
                format!(
                    "The course only ends around {when_en}. The activities must be completed by {}, because this part of SLIM ends after that. Our sources do not say whether a long course (such as BBL) must end by then, or only the part the subsidy pays for.",
                    en(last)
                ),
                sourced_refs(rule),
            )
            .check(
                format!("Vraag bij {} ({WHERE_WINDOWS}) na of deze opleiding past.", params.executed_by()),
                format!("Ask {} ({WHERE_WINDOWS}) whether this course fits.", params.executed_by()),
            )
        }
    }
}

/// Source: "the participant may not be charged anything" (cooster.nl;
/// werkcentrumdrechtsteden.nl). Unknown costs need the employer's word: needs_assessment.
fn no_participant_costs(params: &Parameters, participant_eur: Option<f64>) -> Rule {
    let id = CriterionId::NoParticipantCosts;
    let rule = &params.participant_max_eur;
    match participant_eur {
        Some(paid) if paid > rule.value => criterion(
            id,
            Outcome::NotMet,
            format!(
                "Je betaalt zelf {}. Dat mag niet: jij mag niets betalen.",
                eur(Lang::Nl, paid)
            ),
            format!(
                "You pay {} yourself. That is not allowed: you may not be charged anything.",
                eur(Lang::En, paid)
            ),
            sourced_refs(rule),
        ),
        Some(eur) if eur >= 0.0 => criterion(
            id,
            Outcome::Met,
            "Je betaalt zelf niets.".into(),
            "You pay nothing yourself.".into(),
            sourced_refs(rule),
        ),
        _ => criterion(
            id,
            Outcome::NeedsAssessment,
            "Je mag zelf niets betalen. De werkgever mag geen kosten bij jou leggen.".into(),
            "You may not be charged anything. The employer may not pass any cost on to you.".into(),
            sourced_refs(rule),
        )
        .check(
            "Spreek met de werkgever af dat jij niets betaalt.".into(),
            "Agree with the employer that you pay nothing.".into(),
        ),
    }
}

fn window_nl(w: &Window) -> String {
    format!(
        "{} {:02}:{:02} tot {} {:02}:{:02}",
        nl(w.opens.date()),
        w.opens.hour(),
        w.opens.minute(),
        nl(w.closes.date()),
        w.closes.hour(),
        w.closes.minute()
    )
}

fn window_en(w: &Window) -> String {
    format!(
        "{} {:02}:{:02} to {} {:02}:{:02}",
        en(w.opens.date()),
        w.opens.hour(),
        w.opens.minute(),
        en(w.closes.date()),
        w.closes.hour(),
        w.closes.minute()
    )
}

/// Source: windows 2025 for employers (cooster.nl; werkcentrumdrechtsteden.nl), as data in the
/// parameters file. A day in a year whose windows are published but outside them: not met. A day
/// in a year without published windows: unknown (a third-party expectation is a note, never a
/// window). A day outside every year this part of SLIM runs: not met.
fn application_window(params: &Parameters, application: Option<Date>, today: Date) -> Rule {
    let id = CriterionId::ApplicationWindow;
    let unpublished_notes = |from_year: i32| {
        let notes: Vec<_> = params
            .periods()
            .iter()
            .filter(|p| !p.published && p.year >= from_year)
            .map(|p| p.note_on(today))
            .collect();
        let nl: String = notes
            .iter()
            .filter_map(|(n, _)| *n)
            .map(|n| format!(" {n}"))
            .collect();
        let en: String = notes
            .iter()
            .filter_map(|(_, n)| *n)
            .map(|n| format!(" {n}"))
            .collect();
        (nl, en)
    };
    let Some(day) = application else {
        // Only reached when no published window lies ahead of today.
        let refs_ = period_refs(params, today.year());
        let (note_nl, note_en) = unpublished_notes(today.year());
        return criterion(
            id,
            Outcome::Unknown,
            format!(
                "Na {} is nog geen aanvraagperiode gepubliceerd.{note_nl}",
                nl(today)
            ),
            format!(
                "No application window after {} has been published yet.{note_en}",
                en(today)
            ),
            refs_,
        )
        .check(
            format!("Kijk op {WHERE_WINDOWS} wanneer de volgende aanvraagperiode opent."),
            format!("See {WHERE_WINDOWS} for when the next application window opens."),
        );
    };
    let past_nl = if day < today {
        format!(" Let op: {} ligt vóór vandaag.", nl(day))
    } else {
        String::new()
    };
    let past_en = if day < today {
        format!(" Note: {} is before today.", en(day))
    } else {
        String::new()
    };
    if let Some(w) = params.windows().iter().find(|w| w.contains(day)) {
        return criterion(
            id,
            Outcome::Met,
            format!(
                "Een aanvraag op {} valt in de aanvraagperiode van {}.{past_nl}",
                nl(day),
                window_nl(w)
            ),
            format!(
                "An application on {} falls in the window {}.{past_en}",
                en(day),
                window_en(w)
            ),
            refs(w.sources.iter().map(String::as_str)),
        );
    }
    match params.period_of(day) {
        Some(p) if p.published => {
            let in_year: Vec<&Window> = params
                .windows()
                .iter()
                .filter(|w| w.opens.year() == p.year)
                .collect();
            let list_nl = in_year
                .iter()
                .map(|w| window_nl(w))
                .collect::<Vec<_>>()
                .join(" en van ");
            let list_en = in_year
                .iter()
                .map(|w| window_en(w))
                .collect::<Vec<_>>()
                .join(" and ");
            criterion(
                id,
                Outcome::NotMet,
                format!(
                    "Op {} kun je niet aanvragen. In {} kan het van {list_nl}.{past_nl}",
                    nl(day),
                    p.year
                ),
                format!(
                    "Applications are not open on {}. In {} the windows are {list_en}.{past_en}",
                    en(day),
                    p.year
                ),
                refs(p.sources.iter().map(String::as_str)),
            )
        }
        Some(p) => criterion(
            id,
            Outcome::Unknown,
            format!(
                "Voor {} zijn nog geen aanvraagperioden gepubliceerd.{}",
                p.year,
                p.note_on(today)
                    .0
                    .map(|n| format!(" {n}"))
                    .unwrap_or_default()
            ),
            format!(
                "No application windows have been published for {} yet.{}",
                p.year,
                p.note_on(today)
                    .1
                    .map(|n| format!(" {n}"))
                    .unwrap_or_default()
            ),
            refs(p.sources.iter().map(String::as_str)),
        )
        .check(
            format!(
                "Kijk op {WHERE_WINDOWS} of er een aanvraagperiode in {} is.",
                p.year
            ),
            format!(
                "See {WHERE_WINDOWS} whether there is an application window in {}.",
                p.year
            ),
        ),
        None if day > params.regulation_valid_until => criterion(
            id,
            Outcome::NotMet,
            format!(
                "Dit deel van SLIM loopt tot en met {}. Op {} kun je niet meer aanvragen.",
                nl(params.regulation_valid_until),
                nl(day)
            ),
            format!(
                "This part of SLIM runs until {}. Applications on {} are not possible.",
                en(params.regulation_valid_until),
                en(day)
            ),
            refs(params.regulation_sources().iter().map(String::as_str)),
        ),
        None => {
            let first = params.windows().first();
            criterion(
                id,
                Outcome::NotMet,
                format!(
                    "Op {} kon je deze subsidie nog niet aanvragen.{}",
                    nl(day),
                    first
                        .map(|w| format!(
                            " De eerste aanvraagperiode opende op {}.",
                            nl(w.opens.date())
                        ))
                        .unwrap_or_default()
                ),
                format!(
                    "Applications were not possible yet on {}.{}",
                    en(day),
                    first
                        .map(|w| format!(" The first window opened on {}.", en(w.opens.date())))
                        .unwrap_or_default()
                ),
                refs(params.regulation_sources().iter().map(String::as_str)),
            )
        }
    }
}

fn period_refs(params: &Parameters, year: i32) -> Vec<String> {
    let sources = params
        .periods()
        .iter()
        .filter(|p| p.year >= year)
        .flat_map(|p| p.sources.iter().map(String::as_str));
    refs(sources)
}

/// Source: "Who applies: the EMPLOYER (werkgever), from 10 Mar 2025; registered
/// gastouderbureaus; from 1 Sep 2025 also collectives. No route for individuals or self-employed
/// was found. A job seeker benefits when an employer hires them into a work-and-learn job."
/// (domain.md §3; applicants and `[no_route]` in the parameters file.)
fn applicant(params: &Parameters, situation: Option<Situation>) -> Rule {
    let id = CriterionId::Applicant;
    let r = || refs(params.applicant_sources.iter().map(String::as_str));
    let no_route = || refs(params.no_route.sources.iter().map(String::as_str));
    match situation {
        Some(Situation::Employed) => criterion(
            id,
            Outcome::Met,
            "Je werkgever vraagt de subsidie aan, niet jijzelf.".into(),
            "Your employer applies for the subsidy, not you yourself.".into(),
            r(),
        ),
        Some(Situation::JobSeeker) | Some(Situation::Returner) => criterion(
            id,
            Outcome::NeedsAssessment,
            "Je kunt de subsidie niet zelf aanvragen. Een werkgever die je aanneemt in een baan met werken en leren, kan dat mogelijk wel.".into(),
            "You cannot apply yourself. An employer who hires you into a work-and-learn job may be able to.".into(),
            r(),
        )
        .check(
            "Zoek een werkgever die je aanneemt en de scholing wil aanvragen.".into(),
            "Find an employer who will hire you and apply for the course.".into(),
        ),
        Some(Situation::Student) => criterion(
            id,
            Outcome::NeedsAssessment,
            "Als student kun je de subsidie niet zelf aanvragen. Een werkgever die je in dienst neemt om te werken en te leren (bijvoorbeeld in BBL), kan dat mogelijk wel.".into(),
            "As a student you cannot apply yourself. An employer who hires you to work and learn (for example in BBL) may be able to.".into(),
            r(),
        )
        .check(
            "Vraag of een werkgever je in dienst neemt voor een leerbaan en de subsidie wil aanvragen.".into(),
            "Ask whether an employer will hire you for a work-and-learn job and apply.".into(),
        ),
        Some(Situation::SelfEmployed)
            if params.no_route.value.iter().any(|w| w == "self_employed") =>
        {
            criterion(
                id,
                Outcome::NotMet,
                "Voor zzp'ers vonden we geen manier om deze subsidie aan te vragen. We vonden alleen routes voor werkgevers, geregistreerde gastouderbureaus en samenwerkingsverbanden. Ga je (ook) in loondienst werken? Dan kan die werkgever het mogelijk wel.".into(),
                "We found no way for self-employed people to apply. The routes we found are for employers, registered gastouderbureaus and collectives. If you (also) take a job, that employer may be able to.".into(),
                no_route(),
            )
        }
        Some(Situation::SelfEmployed) => criterion(
            id,
            Outcome::NeedsAssessment,
            "Voor zzp'ers is niet duidelijk of ze kunnen aanvragen.".into(),
            "It is not clear whether self-employed people can apply.".into(),
            r(),
        )
        .check(
            format!("Vraag het na bij {} ({WHERE_WINDOWS}).", params.executed_by()),
            format!("Ask {} ({WHERE_WINDOWS}).", params.executed_by()),
        ),
        None => criterion(
            id,
            Outcome::Unknown,
            "We weten niet of je werkt. Een werkgever vraagt de subsidie aan, niet jijzelf.".into(),
            "We do not know whether you are employed. An employer applies, not you yourself.".into(),
            r(),
        )
        .check(
            "Vul in of je werkt, werk zoekt, studeert, zzp'er bent of weer aan het werk wilt.".into(),
            "Enter whether you are employed, looking for work, studying, self-employed or returning to work.".into(),
        ),
    }
}

/// Who applies for a person in this situation: an organisation, never the person.
pub(crate) fn applicant_for(situation: Option<Situation>, lang: Lang) -> Applicant {
    let (who, nl, en) = match situation {
        Some(Situation::Employed) => (
            ApplicantKind::Employer,
            "Je werkgever vraagt de subsidie aan.",
            "Your employer applies.",
        ),
        Some(Situation::JobSeeker | Situation::Student | Situation::Returner) => (
            ApplicantKind::FutureEmployer,
            "Je (toekomstige) werkgever kan de subsidie mogelijk aanvragen.",
            "Your (future) employer may be able to apply.",
        ),
        Some(Situation::SelfEmployed) => (
            ApplicantKind::NoneFound,
            "Voor zzp'ers vonden we geen manier om aan te vragen.",
            "We found no way for self-employed people to apply.",
        ),
        None => (
            ApplicantKind::EmployerOrFutureEmployer,
            "Een (toekomstige) werkgever vraagt de subsidie aan, niet jijzelf.",
            "An employer (current or future) applies, not you yourself.",
        ),
    };
    Applicant {
        who,
        text: lang.pick(nl, en).to_owned(),
    }
}
