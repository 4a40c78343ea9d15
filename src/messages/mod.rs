//! Every text a person reads from matching, in Dutch and English side by side: one function per
//! message, chosen by [`Lang`]. Ranking code passes the values; the words live only here. (SLIM's
//! texts stay next to the rule and source they explain, in `slim/rules.rs`, chosen the same way.)

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::catalog::{CefrLevel, PhysicalLoad};

/// The language of the texts in an answer: Dutch (the default) or English.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
    strum::EnumString,
    strum::IntoStaticStr,
    strum::VariantNames,
)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase", ascii_case_insensitive)]
pub enum Lang {
    /// Nederlands.
    #[default]
    Nl,
    /// English.
    En,
}

impl Lang {
    /// The language code, "nl" or "en".
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// Reads a `lang` value ("nl", "en", any case); an error names the allowed values.
    pub fn parse(s: &str) -> Result<Lang, String> {
        Lang::from_str(s.trim()).map_err(|_| format!("\"{s}\" is not one of nl, en"))
    }

    /// The Dutch or the English of a text given in both.
    pub fn pick<T>(self, nl: T, en: T) -> T {
        match self {
            Lang::Nl => nl,
            Lang::En => en,
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// "1 stap" / "2 stappen", "1 step" / "2 steps".
fn steps(lang: Lang, n: usize) -> String {
    match (lang, n) {
        (Lang::Nl, 1) => "1 stap".into(),
        (Lang::Nl, n) => format!("{n} stappen"),
        (Lang::En, 1) => "1 step".into(),
        (Lang::En, n) => format!("{n} steps"),
    }
}

/// How heavy work is, in words.
pub fn load_word(lang: Lang, load: PhysicalLoad) -> &'static str {
    match (lang, load) {
        (Lang::Nl, PhysicalLoad::Low) => "licht",
        (Lang::Nl, PhysicalLoad::Medium) => "middelzwaar",
        (Lang::Nl, PhysicalLoad::High) => "zwaar",
        (Lang::En, PhysicalLoad::Low) => "light",
        (Lang::En, PhysicalLoad::Medium) => "moderately heavy",
        (Lang::En, PhysicalLoad::High) => "heavy",
    }
}

/// Flag texts: one function per flag code of a route.
pub mod api;

pub mod flag {
    use super::*;

    /// The job asks more hours than the person can work.
    pub fn hours(lang: Lang, min: u8, hours: u8) -> String {
        match lang {
            Lang::Nl => format!(
                "Dit werk vraagt meestal minstens {min} uur per week. Jij kunt {hours} uur. Vraag naar een deeltijdbaan of een leerbaan met minder uren."
            ),
            Lang::En => format!(
                "This work usually takes at least {min} hours a week. You can work {hours} hours. Ask for a part-time job or an apprenticeship with fewer hours."
            ),
        }
    }

    /// The job is physically heavier than the person can do.
    pub fn physical_load(lang: Lang, load: PhysicalLoad, max: PhysicalLoad) -> String {
        let (load, max) = (load_word(lang, load), load_word(lang, max));
        match lang {
            Lang::Nl => format!(
                "Dit werk is lichamelijk {load}. Jij gaf aan dat {max} het hoogste is dat je kunt."
            ),
            Lang::En => {
                format!("This work is physically {load}. You said {max} is the most you can do.")
            }
        }
    }

    /// The job needs a licence the person does not have.
    pub fn driving_licence(lang: Lang, licence: &str) -> String {
        match lang {
            Lang::Nl => format!(
                "Voor dit werk heb je meestal rijbewijs {licence} nodig. Dat heb je (nog) niet."
            ),
            Lang::En => format!(
                "This work usually needs a category {licence} driving licence. You do not have it (yet)."
            ),
        }
    }

    /// The job asks more Dutch than the person has.
    pub fn language_job(lang: Lang, need: CefrLevel, have: CefrLevel) -> String {
        match lang {
            Lang::Nl => {
                format!("Dit werk vraagt Nederlands op niveau {need:?}. Jij hebt {have:?}.")
            }
            Lang::En => format!("This work asks for Dutch at level {need:?}. You have {have:?}."),
        }
    }

    /// A course on the route asks more Dutch than the person has. (The mbo's own scale, 2F/3F,
    /// is not named: the person chose their level on the A1–C2 scale.)
    pub fn language_step(lang: Lang, title: &str, need: CefrLevel, have: CefrLevel) -> String {
        match lang {
            Lang::Nl => format!(
                "Voor het diploma {title} moet je ongeveer op niveau {need:?} Nederlands kunnen. Jij hebt {have:?}. Een taalcursus naast de opleiding helpt."
            ),
            Lang::En => format!(
                "For the diploma {title} you need Dutch at about level {need:?}. You have {have:?}. A language course next to the training helps."
            ),
        }
    }

    /// One far school: course title, the place the route card names for its school (the
    /// offering's location, "Zaandam", not only its municipality, "Zaanstad") and distance.
    pub fn far_school(title: &str, km: f64, place: &str) -> String {
        format!("{title} in {place}, {} km", km.round())
    }

    /// The nearest schools we know for these courses are farther than the person wants to
    /// travel: what is far, and from what.
    /// Several schools are each their own short sentence, so the text stays at B1 however many
    /// courses are far.
    pub fn distance(lang: Lang, max_km: u16, far: &[String]) -> String {
        let list = far.join(". ");
        match (lang, far.len()) {
            (Lang::Nl, 1) => format!(
                "Je wilt hoogstens {max_km} km reizen. Voor deze opleiding ligt de dichtstbijzijnde school die we kennen verder weg: {list}. Vraag ook bij scholen in je buurt."
            ),
            (Lang::Nl, _) => format!(
                "Je wilt hoogstens {max_km} km reizen. Voor deze opleidingen ligt de dichtstbijzijnde school die we kennen verder weg. {list}. Vraag ook bij scholen in je buurt."
            ),
            (Lang::En, 1) => format!(
                "You want to travel at most {max_km} km. For this course the nearest school we know is farther away: {list}. Ask schools near you too."
            ),
            (Lang::En, _) => format!(
                "You want to travel at most {max_km} km. For these courses the nearest school we know is farther away. {list}. Ask schools near you too."
            ),
        }
    }

    /// The route costs more than the budget.
    pub fn budget(lang: Lang, total_eur: f64, budget_eur: u32) -> String {
        match lang {
            Lang::Nl => format!(
                "De opleidingen kosten samen ongeveer {}. Jouw budget is {}.",
                super::eur(lang, total_eur),
                super::eur(lang, f64::from(budget_eur))
            ),
            Lang::En => format!(
                "The courses cost about {} together. Your budget is {}.",
                super::eur(lang, total_eur),
                super::eur(lang, f64::from(budget_eur))
            ),
        }
    }

    /// The person gave a budget and a course on the route has no known price.
    pub fn budget_unknown(lang: Lang) -> String {
        lang.pick(
            "De kosten zijn onbekend; vraag ze na voordat je begint.",
            "The costs are unknown; ask about them before you start.",
        )
        .into()
    }

    /// The known prices alone are above the budget; others are unknown.
    pub fn budget_at_least(lang: Lang, known_eur: f64, budget_eur: u32) -> String {
        let (known, budget) = (
            super::eur(lang, known_eur),
            super::eur(lang, f64::from(budget_eur)),
        );
        lang.pick(
            format!("De opleidingen waarvan we de prijs kennen kosten samen al {known}. Jouw budget is {budget}. Van de andere zijn de kosten onbekend; vraag ze na voordat je begint."),
            format!("The courses whose price we know already cost {known} together. Your budget is {budget}. The costs of the others are unknown; ask about them before you start."),
        )
    }

    /// The job is two or more levels above where the person can start.
    pub fn level_gap(lang: Lang, level: u8, reach: u8) -> String {
        match lang {
            Lang::Nl => format!(
                "Dit werk is op niveau {level}. Je kunt nu beginnen op niveau {reach}. Je hebt dus meer dan één opleiding nodig."
            ),
            Lang::En => format!(
                "This work is at level {level}. You can start at level {reach} now. So you need more than one course."
            ),
        }
    }
}

/// Euros as people write them, the one money format of every text: "€ 1.250" / "€ 1,250";
/// cents only when there are any (as the web app writes amounts).
pub fn eur(lang: Lang, euros: f64) -> String {
    // i128 holds any amount an input may state (bounded to Cents::MAX_INPUT_EUROS) many times
    // over; the sign is written apart so that -0.01 reads "€ -0,01", never "€ 0,-1".
    let cents = (euros * 100.0).round() as i128;
    let (whole, rest) = (cents.unsigned_abs() / 100, cents.unsigned_abs() % 100);
    let mut digits = whole.to_string();
    let (group, decimal) = lang.pick(('.', ','), (',', '.'));
    let mut grouped = String::new();
    while digits.len() > 3 {
        let tail = digits.split_off(digits.len() - 3);
        grouped = format!("{group}{tail}{grouped}");
    }
    let minus = if cents < 0 { "-" } else { "" };
    if rest == 0 {
        format!("€ {minus}{digits}{grouped}")
    } else {
        format!("€ {minus}{digits}{grouped}{decimal}{rest:02}")
    }
}

/// "a, b en c" / "a, b and c".
pub fn list(lang: Lang, items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {} {last}", init.join(", "), lang.pick("en", "and")),
    }
}

/// The interests the web app offers as choices (`INTERESTS` in `web/js/profile.js`): the Dutch
/// word it sends, and its name in each language (the English as in `web/js/lang/en.js`).
const INTERESTS: [(&str, &str); 10] = [
    ("techniek", "engineering"),
    ("ict", "IT and computers"),
    ("auto's", "cars and scooters"),
    ("energie", "energy"),
    ("bouw", "construction"),
    ("elektrotechniek", "electrical work"),
    ("installatietechniek", "installations (heating, water)"),
    ("zonnepanelen", "solar panels"),
    ("metaal", "metal and welding"),
    ("software", "software and programming"),
];

/// The name of one of the app's interest choices in `lang`; None for anything else.
pub fn interest_name(lang: Lang, interest: &str) -> Option<&'static str> {
    let interest = interest.trim();
    INTERESTS
        .iter()
        .find(|(nl, _)| nl.eq_ignore_ascii_case(interest))
        .map(|&(nl, en)| lang.pick(nl, en))
}

/// Why a step is skipped: the person already covers it.
pub mod skipped {
    use super::*;

    /// The person holds this diploma.
    pub fn has_diploma(lang: Lang, crebo: &str) -> String {
        lang.pick(
            format!("Je hebt dit diploma al (crebo {crebo})."),
            format!("You already have this diploma (crebo {crebo})."),
        )
    }

    /// The person holds this certificate.
    pub fn has_certificate(lang: Lang, certificate: &str) -> String {
        lang.pick(
            format!("Je hebt dit certificaat al ({certificate})."),
            format!("You already have this certificate ({certificate})."),
        )
    }

    /// The person holds a higher diploma of the same line: it is named.
    pub fn higher_diploma(lang: Lang, title: &str, crebo: Option<&str>) -> String {
        let code = crebo.map_or(String::new(), |c| format!(" (crebo {c})"));
        lang.pick(
            format!("Je hebt al een hoger diploma in deze lijn: {title}{code}."),
            format!("You already have a higher diploma in this line: {title}{code}."),
        )
    }

    /// Prior education lets the person start at level 2.
    pub fn entree_not_needed(lang: Lang) -> String {
        lang.pick(
            "Met je vooropleiding kun je meteen op niveau 2 beginnen; de entreeopleiding is niet nodig.",
            "With your previous education you can start at level 2 straight away; the entry course (entreeopleiding) is not needed.",
        )
        .into()
    }
}

/// The parts of "why this route", in the order they are written.
pub mod why {
    use super::*;

    /// The work is close to the person's current job.
    pub fn close_to_current(lang: Lang, job: &str) -> String {
        lang.pick(
            format!("Dit werk ligt dicht bij wat je nu doet ({job})."),
            format!("This work is close to what you do now ({job})."),
        )
    }

    /// The person holds diplomas in this direction.
    pub fn diplomas_in_direction(lang: Lang) -> String {
        lang.pick(
            "Je hebt al diploma's in deze richting.",
            "You already have diplomas in this direction.",
        )
        .into()
    }

    /// The work is like work the person knows.
    pub fn similar_work(lang: Lang) -> String {
        lang.pick(
            "Dit werk lijkt op werk dat je al kent.",
            "This work is like work you already know.",
        )
        .into()
    }

    /// The work fits these interests of the person: the app's own choices by name, anything
    /// the person typed in quotes, as typed.
    pub fn interests(lang: Lang, interests: &[&str]) -> String {
        let names: Vec<String> = interests
            .iter()
            .map(|i| match super::interest_name(lang, i) {
                Some(name) => name.to_owned(),
                None => quoted(i),
            })
            .collect();
        let list = super::list(lang, &names);
        lang.pick(
            format!("Dit werk past bij wat je leuk vindt: {list}."),
            format!("This work fits what you like: {list}."),
        )
    }

    /// These skills of the person are useful, quoted as the person wrote them: a skill may be
    /// a noun ("lassen") or an adjective ("klantvriendelijk"), so no sentence is built around it.
    pub fn skills(lang: Lang, skills: &[&str]) -> String {
        let quoted: Vec<String> = skills.iter().map(|s| quoted(s)).collect();
        let list = super::list(lang, &quoted);
        lang.pick(
            format!("Wat je goed kunt, past bij dit werk: {list}."),
            format!("What you are good at fits this work: {list}."),
        )
    }

    /// None of the person's skills is asked in this work, said plainly rather than left out:
    /// `anywhere` is false when no job in the catalogue asks them either (issue 9: Samira's
    /// forklift, order-picking and stock skills).
    pub fn skills_not_used(lang: Lang, skills: &[&str], anywhere: bool) -> String {
        let quoted: Vec<String> = skills.iter().map(|s| quoted(s)).collect();
        let list = super::list(lang, &quoted);
        match anywhere {
            true => lang.pick(
                format!("Wat je goed kunt ({list}) hoort niet bij dit werk."),
                format!("What you are good at ({list}) is not part of this work."),
            ),
            false => lang.pick(
                format!("Wat je goed kunt ({list}) hoort bij geen van de beroepen hier."),
                format!("What you are good at ({list}) is not part of any of the jobs here."),
            ),
        }
    }

    /// The person's own words, in quotes.
    fn quoted(words: &str) -> String {
        format!("\"{words}\"")
    }

    /// Steps the person skips.
    pub fn skipped(lang: Lang, n: usize) -> String {
        let them = if n == 1 { "it" } else { "them" };
        let n = steps(lang, n);
        lang.pick(
            format!("{n} sla je over, want die heb je al."),
            format!("You skip {n}: you already have {them}."),
        )
    }

    /// Steps without a known price, next to the person's budget.
    pub fn unknown_cost(lang: Lang, n: usize, budget_eur: u32) -> String {
        let (n, budget) = (steps(lang, n), eur(lang, f64::from(budget_eur)));
        lang.pick(
            format!(
                "De kosten van {n} zijn niet bekend; vraag de prijs na bij de school (jouw budget: {budget})."
            ),
            format!(
                "The cost of {n} is not known; ask the school for the price (your budget: {budget})."
            ),
        )
    }

    /// The first step to take, and whether it can be done as an apprenticeship.
    pub fn begin_with(lang: Lang, title: &str, bbl: bool) -> String {
        let bbl = match (bbl, lang) {
            (false, _) => "",
            (true, Lang::Nl) => " Dat kan ook als leerbaan (BBL): werken en leren tegelijk.",
            (true, Lang::En) => {
                " You can also do it as an apprenticeship (BBL): working and learning at once."
            }
        };
        lang.pick(
            format!("Je begint met: {title}.{bbl}"),
            format!("You start with: {title}.{bbl}"),
        )
    }

    /// Nothing left to take.
    pub fn all_done(lang: Lang, title: &str) -> String {
        lang.pick(
            format!(
                "Je hebt alles al om als {} te werken.",
                title.to_lowercase()
            ),
            format!(
                "You already have everything to work as {}.",
                title.to_lowercase()
            ),
        )
    }
}

/// A route's score in words: the key; `label_text` on the route says it in the answer's language.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum RouteLabel {
    /// Score at least 0.55 and no broken constraint.
    FitsWell,
    /// Score at least 0.35 and at most one broken constraint.
    Feasible,
    /// Everything else.
    NeedsExtraSteps,
}

/// A route's label in words.
pub fn label(lang: Lang, label: RouteLabel) -> &'static str {
    match (lang, label) {
        (Lang::Nl, RouteLabel::FitsWell) => "sluit goed aan",
        (Lang::Nl, RouteLabel::Feasible) => "haalbaar",
        (Lang::Nl, RouteLabel::NeedsExtraSteps) => "vraagt extra stappen",
        (Lang::En, RouteLabel::FitsWell) => "fits well",
        (Lang::En, RouteLabel::Feasible) => "feasible",
        (Lang::En, RouteLabel::NeedsExtraSteps) => "needs extra steps",
    }
}

/// The one line about a route's subsidy (SLIM): who could apply and on what condition, then
/// what to ask (two short sentences: B1 readers lose one long one). The details per criterion stay with the criteria.
pub mod subsidy {
    use super::*;

    /// What the route's path is, as far as the subsidy is concerned.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum PathState {
        /// Recognised by the minister.
        Recognised,
        /// Announced, not recognised yet.
        Announced,
        /// Put together by us: the course counts only in a recognised path of its own.
        Modelled,
    }

    /// Who would apply for this person.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Applies {
        /// Their employer.
        Employer,
        /// An employer who hires them.
        FutureEmployer,
        /// We do not know whether they work.
        Unknown,
    }

    /// The first rule that rules the subsidy out, in a few words.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Blocked {
        /// The path is not a development path at all.
        NoPath,
        /// The course is not in the path.
        NotInPath,
        /// The course has no official level.
        NoLevel,
        /// The course cannot be combined with work.
        NotWithWork,
        /// The course starts before the scheme's first day.
        StartsTooEarly,
        /// The course starts more than the allowed weeks after the application.
        StartsTooLate,
        /// The course ends after the scheme ends.
        EndsTooLate,
        /// The person would pay part of the cost.
        YouWouldPay,
        /// No application window is open on the day.
        NoWindow,
        /// No one can apply for this person (self-employed).
        NoApplicant,
    }

    /// The words of [`line`] in one language.
    struct Words {
        /// Who applies, by [`Applies`].
        subject: [&'static str; 3],
        /// "can" when nothing is open, "may be able to" when something is left to check.
        can: [&'static str; 2],
        /// The condition for a modelled path: one course, several.
        modelled: [&'static str; 2],
        /// The condition for an announced path.
        announced: &'static str,
        /// Ask whether it is so (modelled path): one course, several; ask about it (otherwise).
        whether: [&'static str; 2],
        about: &'static str,
        /// Ask (your employer, an employer) …; ask when applying for a job.
        ask: [&'static str; 2],
        ask_when_hired: &'static str,
        /// subject, can, condition → the sentence before the question.
        sentence: fn(&str, &str, &str) -> String,
    }

    const NL: Words = Words {
        subject: [
            "Je werkgever",
            "Een werkgever die je aanneemt,",
            "Een werkgever",
        ],
        can: ["kan", "kan mogelijk"],
        modelled: [
            " als deze opleiding in een erkend ontwikkelpad staat",
            " als deze opleidingen in een erkend ontwikkelpad staan",
        ],
        announced: " zodra dit ontwikkelpad erkend is",
        whether: ["of dat zo is", "of dat zo is"],
        about: "ernaar",
        ask: ["Vraag je werkgever", "Vraag een werkgever"],
        ask_when_hired: "Vraag ernaar als je solliciteert",
        sentence: |who, can, condition| {
            format!("{who} {can} subsidie (SLIM) aanvragen{condition}.")
        },
    };

    const EN: Words = Words {
        subject: ["Your employer", "An employer who hires you", "An employer"],
        can: ["can", "may be able to"],
        modelled: [
            " if this course is in a recognised development path",
            " if these courses are in a recognised development path",
        ],
        announced: " once this development path is recognised",
        whether: ["whether it is", "whether they are"],
        about: "about it",
        ask: ["Ask your employer", "Ask an employer"],
        ask_when_hired: "Ask about it when you apply for a job",
        sentence: |who, can, condition| {
            format!("{who} {can} apply for a subsidy (SLIM){condition}.")
        },
    };

    /// A route whose courses may get the subsidy, or may once their path is recognised: who
    /// would apply and on what condition, then what to ask.
    pub fn line(
        lang: Lang,
        path: PathState,
        who: Applies,
        courses: usize,
        settled: bool,
    ) -> String {
        let w = lang.pick(&NL, &EN);
        let several = usize::from(courses > 1);
        let can = w.can[usize::from(!settled && path == PathState::Recognised)];
        let (condition, ask) = match path {
            PathState::Modelled => (w.modelled[several], w.whether[several]),
            PathState::Announced => (w.announced, w.about),
            PathState::Recognised => ("", w.about),
        };
        let (subject, question) = match who {
            Applies::Employer => (w.subject[0], format!("{} {ask}", w.ask[0])),
            Applies::FutureEmployer => (w.subject[1], w.ask_when_hired.to_owned()),
            Applies::Unknown => (w.subject[2], format!("{} {ask}", w.ask[1])),
        };
        format!("{} {question}.", (w.sentence)(subject, can, condition))
    }

    /// A route whose courses cannot get the subsidy, with the first reason.
    pub fn blocked(lang: Lang, why: Blocked) -> String {
        let (nl, en) = match why {
            Blocked::NoPath => (
                "de opleiding hoort niet bij een ontwikkelpad",
                "the course is not part of a development path",
            ),
            Blocked::NotInPath => (
                "de opleiding staat niet in het ontwikkelpad",
                "the course is not in the development path",
            ),
            Blocked::NoLevel => (
                "de opleiding heeft geen officieel niveau",
                "the course has no official level",
            ),
            Blocked::NotWithWork => (
                "je kunt de opleiding niet naast je werk volgen",
                "you cannot follow the course next to a job",
            ),
            Blocked::StartsTooEarly => {
                ("de opleiding start te vroeg", "the course starts too early")
            }
            Blocked::StartsTooLate => (
                "de opleiding start te lang na de aanvraag",
                "the course starts too long after the application",
            ),
            Blocked::EndsTooLate => (
                "de opleiding is pas klaar als deze subsidie al gestopt is",
                "the course ends after this subsidy has stopped",
            ),
            Blocked::YouWouldPay => (
                "je zou zelf een deel moeten betalen",
                "you would have to pay part yourself",
            ),
            Blocked::NoWindow => (
                "je kunt op die dag geen aanvraag doen",
                "no application can be made on that day",
            ),
            Blocked::NoApplicant => (
                "als zzp'er kun je deze subsidie niet aanvragen",
                "self-employed people cannot apply for it",
            ),
        };
        lang.pick(
            format!("Deze route krijgt waarschijnlijk geen subsidie (SLIM): {nl}."),
            format!("This route will probably not get a subsidy (SLIM): {en}."),
        )
    }
}

/// The SLIM note of a route with no course left to take.
pub fn nothing_to_subsidise(lang: Lang) -> String {
    lang.pick(
        "Er is geen opleiding meer nodig, dus ook geen subsidie.",
        "No course is needed, so there is nothing to subsidise.",
    )
    .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eur_writes_the_sign_before_the_whole_amount() {
        // Regression: -0.01 was written "€ 0,-1".
        assert_eq!(eur(Lang::Nl, -0.01), "€ -0,01");
        assert_eq!(eur(Lang::En, 1_000_000.5), "€ 1,000,000.50");
        assert_eq!(eur(Lang::Nl, 1e17), "€ 100.000.000.000.000.000");
    }

    #[test]
    fn euros_in_both_languages() {
        assert_eq!(eur(Lang::Nl, 1250.0), "€ 1.250");
        assert_eq!(eur(Lang::En, 1250.5), "€ 1,250.50");
        assert_eq!(eur(Lang::Nl, 4_000_000.0), "€ 4.000.000");
        assert_eq!(eur(Lang::Nl, 3.05), "€ 3,05");
    }

    /// Regression: one skipped step was "you already have them".
    #[test]
    fn skipped_steps_agree_in_number() {
        assert_eq!(
            why::skipped(Lang::En, 1),
            "You skip 1 step: you already have it."
        );
        assert_eq!(
            why::skipped(Lang::En, 2),
            "You skip 2 steps: you already have them."
        );
    }

    /// Regression: the flag said "farther than 35 km" as if the limit were the school's distance,
    /// and spoke of one school for a list of courses.
    #[test]
    fn distance_says_what_is_far_and_from_what() {
        let one = vec![flag::far_school(
            "Monteur elektrotechnische installaties",
            119.7,
            "Hoorn",
        )];
        let mut two = one.clone();
        two.push(flag::far_school(
            "Technicus service en onderhoud",
            203.2,
            "Dordrecht",
        ));
        let (m, t) = (
            "Monteur elektrotechnische installaties in Hoorn, 120 km",
            "Technicus service en onderhoud in Dordrecht, 203 km",
        );
        let cases = [
            (
                Lang::Nl,
                &one,
                format!(
                    "Je wilt hoogstens 35 km reizen. Voor deze opleiding ligt de dichtstbijzijnde school die we kennen verder weg: {m}. Vraag ook bij scholen in je buurt."
                ),
            ),
            (
                Lang::En,
                &one,
                format!(
                    "You want to travel at most 35 km. For this course the nearest school we know is farther away: {m}. Ask schools near you too."
                ),
            ),
            (
                Lang::Nl,
                &two,
                format!(
                    "Je wilt hoogstens 35 km reizen. Voor deze opleidingen ligt de dichtstbijzijnde school die we kennen verder weg. {m}. {t}. Vraag ook bij scholen in je buurt."
                ),
            ),
            (
                Lang::En,
                &two,
                format!(
                    "You want to travel at most 35 km. For these courses the nearest school we know is farther away. {m}. {t}. Ask schools near you too."
                ),
            ),
        ];
        for (lang, far, want) in cases {
            assert_eq!(flag::distance(lang, 35, far), want);
        }
    }

    /// Regression: English "why" listed the app's interest choices by their Dutch values, and
    /// "Je ervaring met klantvriendelijk komt van pas" built a sentence around an adjective.
    #[test]
    fn why_names_interests_in_the_language_and_quotes_own_words() {
        assert_eq!(
            why::interests(Lang::En, &["zonnepanelen", "elektrotechniek", "drones"]),
            "This work fits what you like: solar panels, electrical work and \"drones\"."
        );
        assert_eq!(
            why::interests(Lang::Nl, &["zonnepanelen", "elektrotechniek"]),
            "Dit werk past bij wat je leuk vindt: zonnepanelen en elektrotechniek."
        );
        assert_eq!(
            why::skills(Lang::Nl, &["klantvriendelijk"]),
            "Wat je goed kunt, past bij dit werk: \"klantvriendelijk\"."
        );
        assert_eq!(
            why::skills_not_used(Lang::Nl, &["heftruck rijden", "orderpicken"], false),
            "Wat je goed kunt (\"heftruck rijden\" en \"orderpicken\") hoort bij geen van de beroepen hier."
        );
        assert_eq!(
            why::skills_not_used(Lang::En, &["welding"], true),
            "What you are good at (\"welding\") is not part of this work."
        );
    }

    /// The interest names here are the web app's: the same values (profile.js) and the same
    /// English (lang/en.js), so the cards and the "why" call a choice by one name.
    #[test]
    fn interest_names_match_the_web_app() {
        let profile = include_str!("../../web/js/profile.js");
        let en = include_str!("../../web/js/lang/en.js");
        let offered = profile
            .split("export const INTERESTS = [")
            .nth(1)
            .and_then(|rest| rest.split("];").next())
            .expect("INTERESTS in web/js/profile.js");
        let mut checked = 0;
        for (nl, english) in INTERESTS {
            assert!(
                offered.contains(&format!("'{nl}'")) || offered.contains(&format!("\"{nl}\"")),
                "{nl} is not offered by the web app"
            );
            let line = en
                .lines()
                .find(|l| l.contains(&format!("int.{nl}'")) || l.contains(&format!("int.{nl}\"")))
                .unwrap_or_else(|| panic!("int.{nl} missing in web/js/lang/en.js"));
            assert!(
                line.to_lowercase()
                    .contains(&format!("'{}'", english.to_lowercase())),
                "{line} does not say {english}"
            );
            checked += 1;
        }
        assert_eq!(
            checked,
            offered.matches(',').count() + 1,
            "every choice has a name"
        );
    }

    #[test]
    fn subsidy_line_names_who_applies_the_condition_and_what_to_ask() {
        use subsidy::{Applies, Blocked, PathState, blocked, line};
        assert_eq!(
            line(Lang::Nl, PathState::Announced, Applies::Unknown, 1, false),
            "Een werkgever kan subsidie (SLIM) aanvragen zodra dit ontwikkelpad erkend is. Vraag een werkgever ernaar."
        );
        assert_eq!(
            line(Lang::En, PathState::Recognised, Applies::Employer, 2, false),
            "Your employer may be able to apply for a subsidy (SLIM). Ask your employer about it."
        );
        assert_eq!(
            line(
                Lang::En,
                PathState::Modelled,
                Applies::FutureEmployer,
                1,
                false
            ),
            "An employer who hires you can apply for a subsidy (SLIM) if this course is in a recognised development path. Ask about it when you apply for a job."
        );
        assert_eq!(
            blocked(Lang::Nl, Blocked::NoApplicant),
            "Deze route krijgt waarschijnlijk geen subsidie (SLIM): als zzp'er kun je deze subsidie niet aanvragen."
        );
    }

    #[test]
    fn lang_reads_both_codes_and_names_the_choices() {
        assert_eq!(Lang::parse("EN"), Ok(Lang::En));
        assert_eq!(Lang::parse("nl"), Ok(Lang::Nl));
        assert_eq!(Lang::parse("de"), Err("\"de\" is not one of nl, en".into()));
    }
}
