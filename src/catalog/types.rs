//! Domain types of the catalogue. Constructors check their value, so a `Crebo` is always five
//! digits and an `NlqfLevel` always 1–8.

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Serialize};
use time::Date;

use crate::base::schema::IsoDate;

/// A value a source may not state: shown as "onbekend", never guessed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Known<T> {
    Known(T),
    #[serde(serialize_with = "serialize_unknown")]
    Unknown,
}

fn serialize_unknown<S: serde::Serializer>(s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str("unknown")
}

/// The word "unknown" and nothing else, for reading a [`Known`] back.
struct UnknownWord;

impl<'de> Deserialize<'de> for UnknownWord {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<UnknownWord, D::Error> {
        match String::deserialize(d)?.as_str() {
            "unknown" => Ok(UnknownWord),
            other => Err(serde::de::Error::custom(format!(
                "\"{other}\" is not \"unknown\""
            ))),
        }
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum KnownJson<T> {
    Unknown(UnknownWord),
    Known(T),
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Known<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Known<T>, D::Error> {
        Ok(match KnownJson::deserialize(d)? {
            KnownJson::Unknown(_) => Known::Unknown,
            KnownJson::Known(v) => Known::Known(v),
        })
    }
}

impl<T: JsonSchema> JsonSchema for Known<T> {
    fn schema_name() -> Cow<'static, str> {
        format!("Known_{}", T::schema_name()).into()
    }

    fn schema_id() -> Cow<'static, str> {
        format!("Known<{}>", T::schema_id()).into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let value = generator.subschema_for::<T>();
        let unknown = crate::base::schema::constant("unknown");
        json_schema!({"oneOf": [value, unknown]})
    }
}

impl<T> Known<T> {
    /// The value, if known.
    pub fn known(&self) -> Option<&T> {
        match self {
            Known::Known(v) => Some(v),
            Known::Unknown => None,
        }
    }
}

/// A 5-digit crebo code of an mbo qualification.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(try_from = "String", into = "String")]
pub struct Crebo(String);

impl From<Crebo> for String {
    fn from(c: Crebo) -> String {
        c.0
    }
}

impl TryFrom<String> for Crebo {
    type Error = String;

    fn try_from(s: String) -> Result<Crebo, String> {
        Crebo::parse(&s)
    }
}

impl Crebo {
    /// Accepts exactly five ASCII digits.
    pub fn parse(s: &str) -> Result<Crebo, String> {
        if s.len() == 5 && s.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Crebo(s.to_owned()))
        } else {
            Err(format!("crebo \"{s}\" is not 5 digits"))
        }
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A level of the Dutch qualifications framework: 1–4 mbo, 5 Associate degree, 6 bachelor,
/// 7 master, 8 doctorate.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, schemars::JsonSchema,
)]
#[serde(transparent)]
pub struct NlqfLevel(u8);

impl NlqfLevel {
    /// Accepts 1 to 8.
    pub fn new(level: i64) -> Result<NlqfLevel, String> {
        match u8::try_from(level) {
            Ok(l @ 1..=8) => Ok(NlqfLevel(l)),
            _ => Err(format!("level {level} is out of range (NLQF 1 to 8)")),
        }
    }

    /// The level number.
    pub fn get(self) -> u8 {
        self.0
    }
}

impl fmt::Display for NlqfLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A 4-digit ISCO-08 unit group code.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
#[serde(transparent)]
pub struct Isco(String);

impl Isco {
    /// Accepts exactly four ASCII digits.
    pub fn parse(s: &str) -> Result<Isco, String> {
        if s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Isco(s.to_owned()))
        } else {
            Err(format!("ISCO code \"{s}\" is not 4 digits"))
        }
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A CEFR language level, A1–C2.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
pub enum CefrLevel {
    A1,
    A2,
    B1,
    B2,
    C1,
    C2,
}

impl CefrLevel {
    /// Parses "A1" … "C2" (case-insensitive).
    pub fn parse(s: &str) -> Result<CefrLevel, String> {
        Ok(match s.to_ascii_uppercase().as_str() {
            "A1" => CefrLevel::A1,
            "A2" => CefrLevel::A2,
            "B1" => CefrLevel::B1,
            "B2" => CefrLevel::B2,
            "C1" => CefrLevel::C1,
            "C2" => CefrLevel::C2,
            _ => {
                return Err(format!(
                    "language level \"{s}\" is not one of A1, A2, B1, B2, C1, C2"
                ));
            }
        })
    }
}

/// Money in whole eurocents, never negative. In JSON it is euros, a number with at most two
/// decimals, in a field named `*_eur` (docs/api.md): the one money rule of every answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Cents(i64);

impl Serialize for Cents {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.as_euros_f64())
    }
}

impl<'de> Deserialize<'de> for Cents {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Cents, D::Error> {
        Cents::from_euros(f64::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for Cents {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "Euros".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({"type": "number", "minimum": 0, "description": "Euros, with at most two decimals."})
    }
}

impl Cents {
    /// No money.
    pub const ZERO: Cents = Cents(0);
    /// The largest amount accepted in euros: far above any fee, far below where cents overflow.
    pub const MAX_EUROS: f64 = 1.0e12;
    /// The largest amount a person, a SLIM case or a catalogue record may state, in whole euros.
    /// Far above any course fee or budget, so a larger figure is a typo (or an attack) and is
    /// refused with the field named; a route's sum of such amounts stays far from overflow.
    pub const MAX_INPUT_EUROS: u32 = 1_000_000;

    /// An amount in cents; a negative amount is refused.
    pub fn new(cents: i64) -> Result<Cents, String> {
        if cents < 0 {
            return Err(format!("{cents} cents is negative"));
        }
        Ok(Cents(cents))
    }

    /// An amount in euros, rounded to the nearest cent; negative, not finite or above
    /// [`Cents::MAX_EUROS`] is refused.
    pub fn from_euros(euros: f64) -> Result<Cents, String> {
        if !euros.is_finite() || !(0.0..=Self::MAX_EUROS).contains(&euros) {
            return Err(format!(
                "{euros} is not an amount in euros from 0 to {}",
                Self::MAX_EUROS
            ));
        }
        // In range, so the rounded cents fit an i64 exactly.
        Ok(Cents((euros * 100.0).round() as i64))
    }

    /// The amount in cents.
    pub fn cents(self) -> i64 {
        self.0
    }

    /// Whole euros, rounded half up.
    pub fn euros(self) -> i64 {
        (self.0 + 50).div_euclid(100)
    }

    /// The amount in euros with the cents as decimals.
    pub fn as_euros_f64(self) -> f64 {
        self.0 as f64 / 100.0
    }

    /// `pct` percent of the amount, rounded half up to the cent.
    pub fn percent(self, pct: u8) -> Cents {
        let part = (i128::from(self.0) * i128::from(pct) + 50).div_euclid(100);
        // At most the amount itself for pct ≤ 100, and never negative.
        Cents(i64::try_from(part).unwrap_or(i64::MAX))
    }
}

impl std::iter::Sum for Cents {
    /// The sum of amounts; saturates like [`Cents`]'s `+`, never wraps.
    fn sum<I: Iterator<Item = Cents>>(amounts: I) -> Cents {
        amounts.fold(Cents::ZERO, |a, b| a + b)
    }
}

impl std::ops::Add for Cents {
    type Output = Cents;

    /// The sum; both sides are never negative, so it only saturates, never wraps.
    fn add(self, other: Cents) -> Cents {
        Cents(self.0.saturating_add(other.0))
    }
}

/// A duration in weeks (1 ≤ `min` ≤ `max`): one figure, or a range where sources differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Weeks {
    min: u32,
    max: u32,
}

impl Weeks {
    /// A range of weeks; refused unless 1 ≤ min ≤ max.
    pub fn new(min: u32, max: u32) -> Result<Weeks, String> {
        if min == 0 || min > max {
            return Err(format!(
                "{min}-{max} weeks should be at least 1 week with min ≤ max"
            ));
        }
        Ok(Weeks { min, max })
    }

    /// The shortest duration.
    pub fn min(self) -> u32 {
        self.min
    }

    /// The longest duration (equal to `min` when the sources agree).
    pub fn max(self) -> u32 {
        self.max
    }
}

/// Where a record's facts come from and when someone last compared them with the source.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Provenance {
    pub sources: Vec<String>,
    #[schemars(with = "IsoDate")]
    pub checked: Date,
}

/// The status of a development path (domain.md §5).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum PathStatus {
    /// Recognised by the Minister of SZW: only these can make a course SLIM-eligible.
    Recognised {
        #[schemars(with = "IsoDate")]
        on: Date,
        sources: Vec<String>,
    },
    /// Named by government, not yet recognised.
    Announced { sources: Vec<String> },
    /// Built by us from real qualifications; never presented as recognised.
    Modelled,
}

impl PathStatus {
    /// The status in one word, as written in files and output.
    pub fn word(&self) -> PathStatusWord {
        match self {
            PathStatus::Recognised { .. } => PathStatusWord::Recognised,
            PathStatus::Announced { .. } => PathStatusWord::Announced,
            PathStatus::Modelled => PathStatusWord::Modelled,
        }
    }

    /// The status word as text.
    pub fn as_str(&self) -> &'static str {
        self.word().into()
    }
}

/// A path's status in one word: the one string table for it (files, JSON, terminal).
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
    strum::EnumIter,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum PathStatusWord {
    /// Recognised by the Minister of SZW.
    Recognised,
    /// Named by government, not yet recognised.
    Announced,
    /// Built by us from real qualifications.
    Modelled,
}

impl PathStatusWord {
    /// The word as written in JSON.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// A sectoral development path: functions and the transitions between them.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct DevelopmentPath {
    pub id: String,
    pub name: String,
    pub sector: String,
    pub owners: Vec<String>,
    pub description: String,
    pub status: PathStatus,
    pub function_ids: Vec<String>,
    pub transitions: Vec<Transition>,
    pub provenance: Provenance,
}

/// How heavy the work is on the body.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum PhysicalLoad {
    Low,
    Medium,
    High,
}

/// Hours a week a function typically asks: 1–60, `min ≤ max`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(try_from = "HoursRangeJson")]
pub struct HoursRange {
    min: u8,
    max: u8,
}

/// A [`HoursRange`] as written in JSON, checked when read back.
#[derive(Deserialize)]
struct HoursRangeJson {
    min: u8,
    max: u8,
}

impl TryFrom<HoursRangeJson> for HoursRange {
    type Error = String;

    fn try_from(h: HoursRangeJson) -> Result<HoursRange, String> {
        HoursRange::new(h.min, h.max)
    }
}

impl HoursRange {
    /// The most hours a week a range may name.
    pub const MAX_HOURS: u8 = 60;

    /// A range of hours a week; refused unless 1 ≤ min ≤ max ≤ 60.
    pub fn new(min: u8, max: u8) -> Result<HoursRange, String> {
        if min == 0 || min > max || max > Self::MAX_HOURS {
            return Err(format!(
                "hours_per_week {min}-{max} should be 1-{} with min ≤ max",
                Self::MAX_HOURS
            ));
        }
        Ok(HoursRange { min, max })
    }

    /// The fewest hours a week.
    pub fn min(self) -> u8 {
        self.min
    }

    /// The most hours a week.
    pub fn max(self) -> u8 {
        self.max
    }
}

/// Labour demand for a function as a source states it.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Demand {
    pub indicator: String,
    pub value: Option<f64>,
    pub region: String,
    pub provenance: Provenance,
}

/// A function (job) in a development path.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Function {
    pub id: String,
    pub path_id: String,
    pub title: String,
    pub alt_titles: Vec<String>,
    pub isco: Option<Isco>,
    pub esco_uri: Option<String>,
    pub nlqf_level: Known<NlqfLevel>,
    pub description: String,
    pub tasks: Vec<String>,
    pub skills: Vec<String>,
    pub hours_per_week: Option<HoursRange>,
    pub physical_load: Option<PhysicalLoad>,
    pub driving_licence: Option<String>,
    pub dutch_level: Option<CefrLevel>,
    pub demand: Option<Demand>,
    pub provenance: Provenance,
}

/// What kind of course unit a course is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CourseKind {
    MboDiploma,
    MboCertificaat,
    Praktijkverklaring,
    BranchCertificate,
    VendorCertificate,
    AssociateDegree,
    HboBachelor,
    Other,
}

impl CourseKind {
    /// The kind as written in the files.
    pub fn as_str(self) -> &'static str {
        match self {
            CourseKind::MboDiploma => "mbo_diploma",
            CourseKind::MboCertificaat => "mbo_certificaat",
            CourseKind::Praktijkverklaring => "praktijkverklaring",
            CourseKind::BranchCertificate => "branch_certificate",
            CourseKind::VendorCertificate => "vendor_certificate",
            CourseKind::AssociateDegree => "associate_degree",
            CourseKind::HboBachelor => "hbo_bachelor",
            CourseKind::Other => "other",
        }
    }

    /// All kinds, in the order the files list them.
    pub const ALL: [CourseKind; 8] = [
        CourseKind::MboDiploma,
        CourseKind::MboCertificaat,
        CourseKind::Praktijkverklaring,
        CourseKind::BranchCertificate,
        CourseKind::VendorCertificate,
        CourseKind::AssociateDegree,
        CourseKind::HboBachelor,
        CourseKind::Other,
    ];
}

/// A way of following a course.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
pub enum LearningRoute {
    /// Beroepsbegeleidende leerweg: work 4 days, school 1 day.
    #[serde(rename = "BBL")]
    Bbl,
    /// Beroepsopleidende leerweg: full-time school with internships.
    #[serde(rename = "BOL")]
    Bol,
    #[serde(rename = "derde_leerweg")]
    DerdeLeerweg,
    #[serde(rename = "deeltijd")]
    Deeltijd,
    #[serde(rename = "online")]
    Online,
    /// A short course or exam training (days or weeks).
    #[serde(rename = "kort")]
    Kort,
}

impl LearningRoute {
    /// The route as written in the files and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            LearningRoute::Bbl => "BBL",
            LearningRoute::Bol => "BOL",
            LearningRoute::DerdeLeerweg => "derde_leerweg",
            LearningRoute::Deeltijd => "deeltijd",
            LearningRoute::Online => "online",
            LearningRoute::Kort => "kort",
        }
    }

    /// Parses a route name, case-insensitively.
    pub fn parse(s: &str) -> Result<LearningRoute, String> {
        let all = [
            LearningRoute::Bbl,
            LearningRoute::Bol,
            LearningRoute::DerdeLeerweg,
            LearningRoute::Deeltijd,
            LearningRoute::Online,
            LearningRoute::Kort,
        ];
        all.into_iter()
            .find(|r| r.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| {
                format!(
                    "learning route \"{s}\" is not one of BBL, BOL, derde_leerweg, deeltijd, online, kort"
                )
            })
    }
}

/// SLIM facts published for a course (subsidiable from, rate), when a source gives them.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct PublishedSlim {
    #[schemars(with = "Option<IsoDate>")]
    pub subsidiable_from: Option<Date>,
    pub rate_pct: Option<u8>,
    pub sources: Vec<String>,
}

/// A course unit: diploma, certificate, praktijkverklaring or other training.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Course {
    pub id: String,
    pub title: String,
    pub kind: CourseKind,
    pub crebo: Option<Crebo>,
    pub code: Option<String>,
    pub nlqf_level: Known<NlqfLevel>,
    pub sector: String,
    pub description: String,
    pub routes: Vec<LearningRoute>,
    pub duration_weeks: Known<Weeks>,
    pub study_hours_per_week: Option<u8>,
    #[serde(rename = "cost_eur")]
    pub cost: Known<Cents>,
    pub cost_note: Option<String>,
    pub dutch_level: Option<CefrLevel>,
    /// Can be combined with paid work (BBL, evening or part-time study).
    pub work_and_learn: Known<bool>,
    pub start_moments: Vec<String>,
    pub provider_ids: Vec<String>,
    pub keywords: Vec<String>,
    pub slim: Option<PublishedSlim>,
    pub provenance: Provenance,
}

/// A school or training company and where it teaches.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Provider {
    pub id: String,
    pub name: String,
    pub locations: Vec<Location>,
    pub provenance: Provenance,
}

/// One place where a provider teaches.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Location {
    pub name: String,
    pub municipality: String,
}

/// A source's statement that a provider offers a course: by which route, where, with its own
/// sources (`paths/offerings/*.toml`). A course's plain `providers` list says less: only who.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Offering {
    pub course_id: String,
    pub provider_id: String,
    /// BOL, BBL, …; unknown when the source does not say.
    pub route: Known<LearningRoute>,
    /// Where the source says it is taught; none when it does not say.
    pub location: Option<OfferingLocation>,
    /// The programme's own page, when the source is one.
    pub website: Option<String>,
    pub provenance: Provenance,
}

/// The place a source names for an offering.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct OfferingLocation {
    pub name: String,
    /// CBS municipality code (`GM0363`).
    pub municipality: String,
    /// Postcode as the source gives it (`3526 AB` or `3526`), when it gives one.
    pub postcode: Option<String>,
}

impl OfferingLocation {
    /// The 4-digit postcode number, when a postcode is given.
    pub fn pc4(&self) -> Option<u16> {
        let digits: String = self.postcode.as_deref()?.chars().take(4).collect();
        digits.parse().ok().filter(|n| (1000..=9999).contains(n))
    }
}

/// The three ways of moving along a path (domain.md §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TransitionKind {
    Instroom,
    Doorstroom,
    Overstap,
}

/// Whether a source confirms that a course belongs to the path, or we modelled it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Membership {
    Modelled,
    Confirmed,
}

/// One step of a transition: take every course, or one of them.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    AllOf(Vec<String>),
    OneOf(Vec<String>),
}

impl Step {
    /// The course ids this step names.
    pub fn course_ids(&self) -> &[String] {
        match self {
            Step::AllOf(ids) | Step::OneOf(ids) => ids,
        }
    }
}

/// A move into or along a path, with the course units that qualify for it.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Transition {
    pub kind: TransitionKind,
    pub from: Option<String>,
    pub to: String,
    pub membership: Membership,
    pub steps: Vec<Step>,
    pub provenance: Provenance,
}

impl Transition {
    /// Every course id named in any step.
    pub fn course_ids(&self) -> impl Iterator<Item = &str> {
        self.steps
            .iter()
            .flat_map(|s| s.course_ids().iter().map(String::as_str))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_words_are_the_documented_ones() {
        let on = time::macros::date!(2025 - 03 - 03);
        let statuses = [
            PathStatus::Recognised {
                on,
                sources: Vec::new(),
            },
            PathStatus::Announced {
                sources: Vec::new(),
            },
            PathStatus::Modelled,
        ];
        let words: Vec<&str> = statuses.iter().map(PathStatus::as_str).collect();
        assert_eq!(words, ["recognised", "announced", "modelled"]);
    }

    #[test]
    fn money_is_never_negative_and_rounds_to_the_cent() {
        assert!(Cents::new(-1).is_err());
        assert!(Cents::from_euros(-0.01).is_err());
        assert!(Cents::from_euros(f64::NAN).is_err());
        assert!(Cents::from_euros(Cents::MAX_EUROS * 10.0).is_err());
        let fee = Cents::from_euros(1449.005).expect("a fee");
        assert_eq!(fee.cents(), 144901);
        assert_eq!(fee.euros(), 1449);
        assert_eq!(fee.percent(50).cents(), 72451);
        assert_eq!((fee + Cents::ZERO).cents(), 144901);
    }

    #[test]
    fn weeks_and_hours_are_ranges_with_min_at_most_max() {
        assert!(Weeks::new(0, 4).is_err());
        assert!(Weeks::new(5, 4).is_err());
        let w = Weeks::new(4, 6).expect("a range");
        assert_eq!((w.min(), w.max()), (4, 6));
        assert!(HoursRange::new(0, 8).is_err());
        assert!(HoursRange::new(32, 24).is_err());
        assert!(HoursRange::new(20, 61).is_err());
        let h = HoursRange::new(24, 40).expect("a range");
        assert_eq!((h.min(), h.max()), (24, 40));
    }
}
