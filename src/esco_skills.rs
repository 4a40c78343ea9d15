//! ESCO occupation → skill links (`paths/reference/esco/occupation_skills.csv`), to compare a
//! person's occupation with a function's by the skills they share.

use std::collections::HashMap;
use std::path::Path;

/// Skills per occupation URI, as sorted skill ids.
#[derive(Debug, Default)]
pub struct OccupationSkills {
    by_occupation: HashMap<String, Vec<u32>>,
}

/// The links file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum SkillsError {
    #[error("{file}: {message}")]
    Read { file: String, message: String },
}

impl OccupationSkills {
    /// Reads `occupation_uri,skill_uri,relation` rows (essential and optional links alike).
    pub fn load(path: &Path) -> Result<OccupationSkills, SkillsError> {
        let file = path.display().to_string();
        let fail = |message: String| SkillsError::Read {
            file: file.clone(),
            message,
        };
        let mut reader = csv::Reader::from_path(path).map_err(|e| fail(e.to_string()))?;
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
        Ok(OccupationSkills { by_occupation })
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
