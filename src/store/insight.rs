//! Anonymous insight counters for job centres (issue 12 §6; docs/embed.md "What you learn"):
//! per tenant, per ISO week, how often something was counted. Counts only: a key is a tenant id,
//! a week, a [`InsightKind`] and a value the server chose from a fixed vocabulary (a word stem
//! of the catalogue's titles, a function id, a municipality code), never text a person typed, an
//! address or a profile.
//!
//! Counters only grow: [`super::Store::add_insight`] adds to them (PostgreSQL with `INSERT … ON
//! CONFLICT DO UPDATE SET count = count + …`, so several instances add up), and
//! [`super::Store::insight`] reads a tenant's weeks. They are not workspace records: they are not
//! in `store backup` and `store check`, and carry no schema version (a count is a number).

use std::fmt;

use time::{Date, Weekday};

/// An ISO 8601 week (`2026-W05`): Monday to Sunday, week 1 holds the year's first Thursday.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IsoWeek {
    year: i32,
    week: u8,
}

impl IsoWeek {
    /// The week a day falls in.
    pub fn of(date: Date) -> IsoWeek {
        let (year, week, _) = date.to_iso_week_date();
        IsoWeek { year, week }
    }

    /// Reads `YYYY-Www` (`2026-W05`; the week of a year that has 52 weeks is at most 52).
    pub fn parse(text: &str) -> Result<IsoWeek, WeekError> {
        let (year, week) = text.trim().split_once("-W").ok_or(WeekError::NotAWeek)?;
        if year.len() != 4 || week.len() != 2 {
            return Err(WeekError::NotAWeek);
        }
        let year: i32 = year.parse().map_err(|_| WeekError::NotAWeek)?;
        let week: u8 = week.parse().map_err(|_| WeekError::NotAWeek)?;
        if !(1000..=9999).contains(&year) || week == 0 {
            return Err(WeekError::NotAWeek);
        }
        let weeks = time::util::weeks_in_year(year);
        if week > weeks {
            return Err(WeekError::NoSuchWeek { year, weeks });
        }
        Ok(IsoWeek { year, week })
    }

    /// The week's Monday.
    pub fn monday(self) -> Date {
        Date::from_iso_week_date(self.year, self.week, Weekday::Monday).unwrap_or(Date::MIN)
    }

    /// The next week, counted on the calendar of weeks (not through a date, whose range ends
    /// inside 9999-W52: a saturating step there would stay in the same week).
    pub fn next(self) -> IsoWeek {
        if self.week < time::util::weeks_in_year(self.year) {
            IsoWeek {
                week: self.week + 1,
                ..self
            }
        } else {
            IsoWeek {
                year: self.year + 1,
                week: 1,
            }
        }
    }

    /// `year * 100 + week` (`202605`): sorts as the weeks do; the stores' key part.
    pub fn number(self) -> i32 {
        self.year * 100 + i32::from(self.week)
    }

    /// The week of [`IsoWeek::number`].
    pub fn from_number(n: i32) -> Option<IsoWeek> {
        let (year, week) = (n / 100, u8::try_from(n % 100).ok()?);
        (week >= 1 && week <= time::util::weeks_in_year(year)).then_some(IsoWeek { year, week })
    }

    /// The weeks from `self` to `to`, both included (none when `to` is earlier).
    pub fn through(self, to: IsoWeek) -> Vec<IsoWeek> {
        let mut weeks = Vec::new();
        let mut week = self;
        while week <= to {
            weeks.push(week);
            week = week.next();
        }
        weeks
    }
}

/// Why a text is not a week.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WeekError {
    /// Not of the form `YYYY-Www`.
    NotAWeek,
    /// A week number the year does not have: it has `weeks` (52 or 53).
    NoSuchWeek { year: i32, weeks: u8 },
}

impl fmt::Display for IsoWeek {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-W{:02}", self.year, self.week)
    }
}

/// What a counter counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum InsightKind {
    /// Searches (first pages of results); the value is empty.
    Searches,
    /// Route matches; the value is empty.
    Matches,
    /// A searched job word, as padvinder's analysis stems it, when the catalogue's titles have it.
    Word,
    /// A route target shown in a match: a function id.
    Route,
    /// The municipality of the postcode of a matched profile: its CBS code (`GM0599`).
    Municipality,
}

impl InsightKind {
    /// Every kind.
    pub const ALL: [InsightKind; 5] = [
        InsightKind::Searches,
        InsightKind::Matches,
        InsightKind::Word,
        InsightKind::Route,
        InsightKind::Municipality,
    ];

    /// The kind's name in the stores.
    pub fn word(self) -> &'static str {
        match self {
            InsightKind::Searches => "searches",
            InsightKind::Matches => "matches",
            InsightKind::Word => "word",
            InsightKind::Route => "route",
            InsightKind::Municipality => "municipality",
        }
    }

    /// The kind of [`InsightKind::word`].
    pub fn parse(word: &str) -> Option<InsightKind> {
        InsightKind::ALL.into_iter().find(|k| k.word() == word)
    }
}

/// One counter: how often `value` of `kind` was counted for `tenant` in `week`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InsightCount {
    pub tenant: String,
    pub week: IsoWeek,
    pub kind: InsightKind,
    /// Empty for [`InsightKind::Searches`] and [`InsightKind::Matches`].
    pub value: String,
    pub count: u64,
}

impl InsightCount {
    /// The counter's key: `tenant/week/kind/value`. Tenant ids are `[a-z0-9-]` and weeks and
    /// kinds hold no `/`, so a tenant's counters from one week on are one range.
    pub(crate) fn key(&self) -> String {
        format!(
            "{}/{}/{}/{}",
            self.tenant,
            self.week.number(),
            self.kind.word(),
            self.value
        )
    }

    /// The counter of a key written by [`InsightCount::key`], with its count.
    pub(crate) fn from_key(key: &str, count: u64) -> Option<InsightCount> {
        let mut parts = key.splitn(4, '/');
        let tenant = parts.next()?.to_owned();
        let week = IsoWeek::from_number(parts.next()?.parse().ok()?)?;
        let kind = InsightKind::parse(parts.next()?)?;
        let value = parts.next()?.to_owned();
        Some(InsightCount {
            tenant,
            week,
            kind,
            value,
            count,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn weeks_are_iso_weeks() {
        assert_eq!(IsoWeek::of(date!(2026 - 01 - 01)).to_string(), "2026-W01");
        // 1 January 2027 is a Friday: in the last week of 2026, which has 53.
        assert_eq!(IsoWeek::of(date!(2027 - 01 - 01)).to_string(), "2026-W53");
        assert_eq!(
            IsoWeek::parse("2026-W53").map(|w| w.monday()),
            Ok(date!(2026 - 12 - 28))
        );
        assert_eq!(
            IsoWeek::parse("2025-W53"),
            Err(WeekError::NoSuchWeek {
                year: 2025,
                weeks: 52
            })
        );
        for bad in [
            "2026-05", "2026-W5", "2026W05", "26-W05", "2026-W00", "2026-Wxx", "",
        ] {
            assert!(IsoWeek::parse(bad).is_err(), "{bad}");
        }
        let from = IsoWeek::parse("2026-W52").expect("week");
        let to = IsoWeek::parse("2027-W02").expect("week");
        let names: Vec<String> = from.through(to).iter().map(ToString::to_string).collect();
        assert_eq!(names, ["2026-W52", "2026-W53", "2027-W01", "2027-W02"]);
        assert!(to.through(from).is_empty());
        // The last week a date can hold still ends: it was a loop without end.
        let last = IsoWeek::parse("9999-W52").expect("week");
        assert_eq!(last.next().to_string(), "10000-W01");
        assert_eq!(last.through(last), [last]);
    }

    #[test]
    fn a_counter_reads_back_from_its_key() {
        let count = InsightCount {
            tenant: "rijnmond".into(),
            week: IsoWeek::parse("2026-W05").expect("week"),
            kind: InsightKind::Word,
            value: "monteur".into(),
            count: 7,
        };
        assert_eq!(count.key(), "rijnmond/202605/word/monteur");
        assert_eq!(InsightCount::from_key(&count.key(), 7), Some(count));
    }
}
