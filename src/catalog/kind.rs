//! The kinds of catalogue record that are searched and counted in facets.

/// Which of the catalogue's lists a record is in: functions, courses or paths.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum DocKind {
    Function,
    Course,
    Path,
}

impl DocKind {
    /// The kind as shown and filtered on.
    pub fn as_str(self) -> &'static str {
        match self {
            DocKind::Function => "function",
            DocKind::Course => "course",
            DocKind::Path => "path",
        }
    }

    /// Parses "function", "course" or "path".
    pub fn parse(s: &str) -> Option<DocKind> {
        [DocKind::Function, DocKind::Course, DocKind::Path]
            .into_iter()
            .find(|k| k.as_str() == s)
    }

    fn code(self) -> u64 {
        match self {
            DocKind::Function => 0,
            DocKind::Course => 1,
            DocKind::Path => 2,
        }
    }

    /// Packs kind and position in the catalogue into one number, a record's key.
    pub fn key(self, ord: usize) -> u64 {
        (self.code() << 32) | ord as u64
    }

    /// Unpacks a key made by [`DocKind::key`].
    pub fn from_key(key: u64) -> Option<(DocKind, usize)> {
        let kind = match key >> 32 {
            0 => DocKind::Function,
            1 => DocKind::Course,
            2 => DocKind::Path,
            _ => return None,
        };
        Some((kind, (key & 0xffff_ffff) as usize))
    }
}
