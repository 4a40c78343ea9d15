//! Dutch municipalities, labour-market regions and PC4 postcode points (`paths/reference/geo/`).

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::layout::DataLayout;

/// A municipality of the 2026 division.
#[derive(Debug, Clone)]
pub struct Municipality {
    pub code: String,
    pub name: String,
    /// The official name (`'s-Gravenhage` where `name` is `Den Haag`).
    pub official_name: String,
    /// The province's name (`Zuid-Holland`).
    pub province: String,
    pub region_code: String,
    pub region_name: String,
    pub latitude: f64,
    pub longitude: f64,
}

/// A PC4 postcode area: its point and municipality.
#[derive(Debug, Clone)]
pub struct Pc4Area {
    pub latitude: f64,
    pub longitude: f64,
    pub municipality_code: String,
}

/// Municipalities, regions and PC4 points, looked up by code.
#[derive(Debug, Default)]
pub struct Geo {
    municipalities: HashMap<String, Municipality>,
    pc4: HashMap<u16, Pc4Area>,
    /// SHA-256 of `municipalities.csv`, the only geo file the search index reads (regions).
    regions_hash: String,
}

/// A reference file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum GeoError {
    #[error("{file}: cannot read: {source}")]
    Read {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{file}, line {line}: {message}")]
    Row {
        file: String,
        line: u64,
        message: String,
    },
}

#[derive(Deserialize)]
struct MunicipalityRow {
    gemeente_code: String,
    gemeente_name: String,
    gemeente_name_common: String,
    province: String,
    arbeidsmarktregio: String,
    arbeidsmarktregio_code: String,
    latitude: f64,
    longitude: f64,
}

#[derive(Deserialize)]
struct Pc4Row {
    pc4: u16,
    latitude: f64,
    longitude: f64,
    gemeente_code: String,
}

impl Geo {
    /// Loads the municipalities and PC4 points of a data folder.
    pub fn load(layout: &DataLayout) -> Result<Geo, GeoError> {
        let municipalities_file = layout.municipalities();
        let bytes = std::fs::read(&municipalities_file).map_err(|source| GeoError::Read {
            file: municipalities_file.display().to_string(),
            source,
        })?;
        let regions_hash = format!("{:x}", Sha256::digest(&bytes));
        let municipalities = read_rows::<MunicipalityRow>(&municipalities_file, &bytes)?
            .into_iter()
            .map(|r| {
                let m = Municipality {
                    code: r.gemeente_code,
                    name: r.gemeente_name_common,
                    official_name: r.gemeente_name,
                    province: r.province,
                    region_code: r.arbeidsmarktregio_code,
                    region_name: r.arbeidsmarktregio,
                    latitude: r.latitude,
                    longitude: r.longitude,
                };
                (m.code.clone(), m)
            })
            .collect();
        let pc4_file = layout.pc4();
        let bytes = std::fs::read(&pc4_file).map_err(|source| GeoError::Read {
            file: pc4_file.display().to_string(),
            source,
        })?;
        let pc4 = read_rows::<Pc4Row>(&pc4_file, &bytes)?
            .into_iter()
            .map(|r| {
                let area = Pc4Area {
                    latitude: r.latitude,
                    longitude: r.longitude,
                    municipality_code: r.gemeente_code,
                };
                (r.pc4, area)
            })
            .collect();
        Ok(Geo {
            municipalities,
            pc4,
            regions_hash,
        })
    }

    /// The hash of what the search index reads from the geo data (the municipalities and their
    /// regions); PC4 points are left out, so new postcode data does not rebuild the index.
    pub fn regions_hash(&self) -> &str {
        &self.regions_hash
    }

    /// The municipality with this CBS code (`GM0363`).
    pub fn municipality(&self, code: &str) -> Option<&Municipality> {
        self.municipalities.get(code)
    }

    /// The municipality with this name (common or official), ignoring case and outer spaces.
    pub fn municipality_named(&self, name: &str) -> Option<&Municipality> {
        let name = name.trim().to_lowercase();
        let mut found: Vec<&Municipality> = self
            .municipalities
            .values()
            .filter(|m| m.name.to_lowercase() == name || m.official_name.to_lowercase() == name)
            .collect();
        found.sort_by(|a, b| a.code.cmp(&b.code));
        found.into_iter().next()
    }

    /// Every municipality, in no particular order.
    pub fn municipalities(&self) -> impl Iterator<Item = &Municipality> {
        self.municipalities.values()
    }

    /// The PC4 area of a 4-digit postcode number.
    pub fn pc4(&self, pc4: u16) -> Option<&Pc4Area> {
        self.pc4.get(&pc4)
    }

    /// Every PC4 number with an area, ascending.
    pub fn pc4_numbers(&self) -> Vec<u16> {
        let mut numbers: Vec<u16> = self.pc4.keys().copied().collect();
        numbers.sort_unstable();
        numbers
    }

    /// All labour-market regions as (code, name), sorted by code.
    pub fn regions(&self) -> Vec<(String, String)> {
        let mut regions: Vec<(String, String)> = self
            .municipalities
            .values()
            .map(|m| (m.region_code.clone(), m.region_name.clone()))
            .collect();
        regions.sort();
        regions.dedup();
        regions
    }
}

/// Straight-line distance in kilometres between two WGS84 points (haversine).
pub fn distance_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    const EARTH_RADIUS_KM: f64 = 6371.0;
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = (lat2 - lat1).to_radians();
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * a.sqrt().asin()
}

fn read_rows<T: for<'de> Deserialize<'de>>(path: &Path, bytes: &[u8]) -> Result<Vec<T>, GeoError> {
    let rows = crate::base::rows::csv_rows(&path.display().to_string(), bytes).map_err(|e| {
        GeoError::Row {
            file: e.file,
            line: e.line,
            message: e.message,
        }
    })?;
    Ok(rows.into_iter().map(|(_, row)| row).collect())
}

#[cfg(test)]
mod tests {
    use super::distance_km;

    #[test]
    fn amsterdam_to_utrecht_is_about_35_km() {
        let d = distance_km(52.3731, 4.8922, 52.0907, 5.1214);
        assert!((33.0..37.0).contains(&d), "{d}");
    }
}
