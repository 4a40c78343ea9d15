//! ESCO occupation → skill links (`paths/reference/esco/occupation_skills.csv`), to compare a
//! person's occupation with a function's by the skills they share; and the Dutch labels of the
//! skills that have one (`skills_nl.csv`), to find a person's own skill words among the skills of
//! a function's occupation.

use std::collections::HashMap;
use std::path::Path;

/// Skills per occupation URI, as sorted skill ids, and the Dutch labels of those skills.
#[derive(Debug, Default)]
pub struct OccupationSkills {
    by_occupation: HashMap<String, Vec<u32>>,
    /// Preferred, then alternative Dutch labels per skill id (only skills ESCO labels in Dutch
    /// and some occupation links to).
    labels: HashMap<u32, Vec<String>>,
}

/// The links file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum SkillsError {
    #[error("{file}: {message}")]
    Read { file: String, message: String },
}

fn open(path: &Path) -> Result<(csv::Reader<std::fs::File>, String), SkillsError> {
    let file = path.display().to_string();
    csv::Reader::from_path(path)
        .map(|r| (r, file.clone()))
        .map_err(|e| SkillsError::Read {
            file,
            message: e.to_string(),
        })
}

impl OccupationSkills {
    /// Reads `occupation_uri,skill_uri,relation` rows from `links` (essential and optional links
    /// alike) and `esco_uri,preferred_label_nl,alt_labels_nl` rows from `labels` (alternatives
    /// joined by " | ").
    pub fn load(links: &Path, labels: &Path) -> Result<OccupationSkills, SkillsError> {
        let (mut reader, file) = open(links)?;
        let fail = |message: String| SkillsError::Read {
            file: file.clone(),
            message,
        };
        let mut skill_ids: HashMap<String, u32> = HashMap::new();
        let mut by_occupation: HashMap<String, Vec<u32>> = HashMap::new();
        for (i, row) in reader.records().enumerate() {
            let row = row.map_err(|e| fail(format!("line {}: {e}", i + 2)))?;
            let (Some(occupation), Some(skill)) = (row.get(0), row.get(1)) else {
                return Err(fail(format!(
                    "line {}: expected occupation_uri,skill_uri",
                    i + 2
                )));
            };
            let next = skill_ids.len() as u32;
            let id = *skill_ids.entry(skill.to_owned()).or_insert(next);
            by_occupation
                .entry(occupation.to_owned())
                .or_default()
                .push(id);
        }
        for skills in by_occupation.values_mut() {
            skills.sort_unstable();
            skills.dedup();
        }
        let (mut reader, file) = open(labels)?;
        let fail = |message: String| SkillsError::Read {
            file: file.clone(),
            message,
        };
        let mut by_skill: HashMap<u32, Vec<String>> = HashMap::new();
        for (i, row) in reader.records().enumerate() {
            let row = row.map_err(|e| fail(format!("line {}: {e}", i + 2)))?;
            let (Some(uri), Some(preferred), Some(alternatives)) =
                (row.get(0), row.get(1), row.get(2))
            else {
                return Err(fail(format!(
                    "line {}: expected esco_uri,preferred_label_nl,alt_labels_nl",
                    i + 2
                )));
            };
            if preferred.trim().is_empty() {
                return Err(fail(format!("line {}: preferred_label_nl is empty", i + 2)));
            }
            // A skill no occupation links to can never be found through one.
            let Some(&id) = skill_ids.get(uri) else {
                continue;
            };
            by_skill.insert(
                id,
                std::iter::once(preferred)
                    .chain(alternatives.split(" | "))
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_owned)
                    .collect(),
            );
        }
        Ok(OccupationSkills {
            by_occupation,
            labels: by_skill,
        })
    }

    /// The Dutch labels (preferred and alternative) of the skills an occupation links to; empty
    /// for an unknown occupation or one whose skills have no Dutch label.
    pub fn dutch_labels<'s>(&'s self, occupation: &str) -> impl Iterator<Item = &'s str> + 's {
        self.by_occupation
            .get(occupation)
            .into_iter()
            .flatten()
            .filter_map(|id| self.labels.get(id))
            .flatten()
            .map(String::as_str)
    }

    /// Jaccard overlap of two occupations' skills (0–1), or None when either has no links.
    pub fn overlap(&self, a: &str, b: &str) -> Option<f32> {
        let (x, y) = (self.by_occupation.get(a)?, self.by_occupation.get(b)?);
        let (mut i, mut j, mut shared) = (0, 0, 0usize);
        while i < x.len() && j < y.len() {
            match x[i].cmp(&y[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    shared += 1;
                    i += 1;
                    j += 1;
                }
            }
        }
        let union = x.len() + y.len() - shared;
        (union > 0).then(|| shared as f32 / union as f32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(
        links: &str,
        labels: &str,
    ) -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
        let dir = tempfile::tempdir().expect("temp dir");
        let (l, s) = (
            dir.path().join("links.csv"),
            dir.path().join("skills_nl.csv"),
        );
        std::fs::write(&l, links).expect("write links");
        std::fs::write(&s, labels).expect("write labels");
        (dir, l, s)
    }

    const LINKS: &str = "occupation_uri,skill_uri,relation\no1,s1,essential\no1,s2,optional\n";

    #[test]
    fn an_occupation_has_the_dutch_labels_of_its_linked_skills() {
        let (_dir, links, labels) = files(
            LINKS,
            "esco_uri,preferred_label_nl,alt_labels_nl\r\ns1,zonnepanelen installeren,pv installeren | panelen plaatsen\r\ns3,niet gelinkt,\r\n",
        );
        let skills = OccupationSkills::load(&links, &labels).expect("loads");
        let got: Vec<&str> = skills.dutch_labels("o1").collect();
        assert_eq!(
            got,
            [
                "zonnepanelen installeren",
                "pv installeren",
                "panelen plaatsen"
            ]
        );
        assert_eq!(skills.dutch_labels("o2").count(), 0);
        assert_eq!(skills.overlap("o1", "o1"), Some(1.0));
    }

    #[test]
    fn a_bad_label_row_names_the_file_and_line() {
        let (_dir, links, labels) = files(
            LINKS,
            "esco_uri,preferred_label_nl,alt_labels_nl\ns1,lassen,\ns2,,solderen\n",
        );
        let message = OccupationSkills::load(&links, &labels)
            .expect_err("an empty label is refused")
            .to_string();
        assert!(message.contains("skills_nl.csv"), "{message}");
        assert!(message.contains("line 3"), "{message}");
    }
}
