//! What a person already holds, and which steps of any route it covers.
//!
//! A "line" is read from the development paths themselves: a qualification (a course with an
//! NLQF place: mbo diploma, mbo-certificaat, praktijkverklaring, Associate degree, bachelor) is
//! below a held diploma when the paths put it on the way to it — on an instroom or doorstroom of
//! the same path that leads, transition by transition, to the function the diploma qualifies
//! for, or in an earlier step of the same transition. Overstap (a switch of sector) starts a new
//! line. A course below a held diploma is covered unless both levels are known and the course's
//! is higher. Certificates (mbo-certificaat, branch, vendor) are parts or add-ons, not rungs:
//! a held one covers the steps that name it, never a diploma below it.

use std::collections::{BTreeMap, HashSet};

use crate::catalog::{Catalogue, Course, CourseKind, TransitionKind};
use crate::profile::Profile;
use crate::text;

/// A course the person holds, by diploma (crebo) or named certificate.
pub struct Held<'c> {
    pub course: &'c Course,
    /// The words the person used for a certificate; None for a diploma.
    pub named_as: Option<String>,
    /// The qualifications below this one in its lines (course ids).
    below: HashSet<&'c str>,
}

/// Whether a course kind has a place in the NLQF and so can be on a line.
pub fn is_qualification(kind: CourseKind) -> bool {
    matches!(
        kind,
        CourseKind::MboDiploma
            | CourseKind::MboCertificaat
            | CourseKind::Praktijkverklaring
            | CourseKind::AssociateDegree
            | CourseKind::HboBachelor
    )
}

fn level(c: &Course) -> Option<u8> {
    c.nlqf_level.known().map(|l| l.get())
}

/// Whether a course kind is a whole qualification that can cover the rungs below it.
pub fn is_diploma(kind: CourseKind) -> bool {
    matches!(
        kind,
        CourseKind::MboDiploma | CourseKind::AssociateDegree | CourseKind::HboBachelor
    )
}

/// `course` is not above `held` where both levels are known.
pub fn not_above(course: &Course, held: &Course) -> bool {
    match (level(course), level(held)) {
        (Some(c), Some(h)) => c <= h,
        _ => true,
    }
}

/// Everything the person holds that the catalogue knows, each course once, in catalogue order.
pub fn held<'c>(cat: &'c Catalogue, profile: &Profile) -> Vec<Held<'c>> {
    let mut out: BTreeMap<usize, Held<'c>> = BTreeMap::new();
    for (i, course) in cat.courses().iter().enumerate() {
        let diploma = course
            .crebo
            .as_ref()
            .is_some_and(|c| profile.diplomas.contains(c));
        let named_as = if diploma {
            None
        } else {
            match profile
                .certificates
                .iter()
                .find(|c| certificate_matches(c, course))
            {
                Some(name) => Some(name.clone()),
                None => continue,
            }
        };
        out.insert(
            i,
            Held {
                course,
                named_as,
                below: below(cat, course),
            },
        );
    }
    out.into_values().collect()
}

impl Held<'_> {
    /// Whether this is a diploma (held by crebo), not a named certificate.
    pub fn is_diploma(&self) -> bool {
        self.named_as.is_none()
    }

    /// Whether `course` is below this held course in one of its lines and not above its level.
    pub fn covers_by_line(&self, course: &Course) -> bool {
        self.below.contains(course.id.as_str()) && not_above(course, self.course)
    }
}

/// The qualifications below `course` in its lines: earlier steps of every instroom or doorstroom
/// that names it, and every step of the instroom and doorstroom transitions of the same path that
/// lead to where those start, followed back to the path's entry.
fn below<'c>(cat: &'c Catalogue, course: &Course) -> HashSet<&'c str> {
    let mut out = HashSet::new();
    if !is_diploma(course.kind) {
        return out;
    }
    let ladder = |k: TransitionKind| k != TransitionKind::Overstap;
    let mut seen: HashSet<(&str, &str)> = HashSet::new();
    let mut todo: Vec<(&str, &str)> = Vec::new();
    for path in cat.paths() {
        for t in path.transitions.iter().filter(|t| ladder(t.kind)) {
            let Some(at) = t
                .steps
                .iter()
                .position(|s| s.course_ids().contains(&course.id))
            else {
                continue;
            };
            out.extend(
                t.steps[..at]
                    .iter()
                    .flat_map(|s| s.course_ids())
                    .map(String::as_str),
            );
            if let Some(from) = &t.from {
                todo.push((path.id.as_str(), from.as_str()));
            }
        }
    }
    while let Some((path_id, function)) = todo.pop() {
        if !seen.insert((path_id, function)) {
            continue;
        }
        for (path, t) in cat.transitions_into(function) {
            if path.id != path_id || !ladder(t.kind) {
                continue;
            }
            out.extend(t.course_ids());
            if let Some(from) = &t.from {
                todo.push((path.id.as_str(), from.as_str()));
            }
        }
    }
    out.retain(|id| *id != course.id && cat.course(id).is_some_and(|c| is_qualification(c.kind)));
    out
}

/// A certificate the person names ("VCA basis", "NEN 3140 VP") matches a course when each of
/// its words is a word of the course's code, title or keywords, or the start of one ("basis" in
/// "basisveiligheid").
pub fn certificate_matches(certificate: &str, course: &Course) -> bool {
    if course.kind == CourseKind::MboDiploma {
        return false;
    }
    let words = text::words(certificate);
    if words.is_empty() {
        return false;
    }
    let mut course_words: HashSet<String> = text::words(&course.title).into_iter().collect();
    course_words.extend(course.code.iter().flat_map(|c| text::words(c)));
    course_words.extend(course.keywords.iter().flat_map(|k| text::words(k)));
    words.iter().all(|w| {
        course_words
            .iter()
            .any(|c| c == w || (w.chars().count() >= 4 && c.starts_with(w.as_str())))
    })
}
