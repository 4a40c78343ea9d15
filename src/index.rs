//! The tantivy index over functions, courses and paths: schema, build and open.
//!
//! Text is analysed in Rust by [`crate::text`] and handed to tantivy as whitespace-separated
//! terms, so indexing and querying share one analysis that the golden word-list test pins.
//!
//! On disk: `index/CURRENT` names the active build folder; `index/build-…/` holds a tantivy index,
//! `catalogue.hash`, the key of the inputs it was built from (the catalogue and the reference rows
//! it reads), and `analysis.fingerprint`, the [`analysis_fingerprint`] of the build that wrote it.
//! An index is reused only when both match and its files match `files.sha256`, the manifest
//! written at build time; otherwise it is rebuilt (a damaged one with a warning). A build goes into a new
//! folder and `CURRENT` is replaced by a rename, so a reader never sees half an index.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use sha2::{Digest, Sha256};

use tantivy::schema::{
    FAST, Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{TextAnalyzer, WhitespaceTokenizer};
use tantivy::{Index, IndexReader, TantivyDocument};

use crate::catalog::{Catalogue, Course, DevelopmentPath, DocKind, Function, Known, synonym_stems};
use crate::facets::FacetTable;
use crate::geo::Geo;
use crate::resolve::Occupations;
use crate::text;

/// Name of the whitespace tokenizer used for pre-analysed fields.
const TERMS: &str = "padvinder_terms";

/// The fields of the index.
#[derive(Clone, Copy)]
pub struct Fields {
    /// kind << 32 | position in the catalogue's list of that kind.
    pub key: Field,
    /// Whole title and alternative titles, folded, one term each: the exact-title match.
    pub title_exact: Field,
    /// Folded words (not stemmed) of titles, alternative titles and keywords, with their compound
    /// parts: the word as typed, and the first tier of the [`Vocabulary`].
    pub words: Field,
    /// Folded words and compound parts of every other searchable text (ESCO labels, tasks,
    /// skills, descriptions, sectors): never searched, read into the [`Vocabulary`] so that typos
    /// and half-typed words are completed from every field.
    pub more_words: Field,
    /// Stems of the title (a path's name) and its compound parts and synonyms.
    pub title: Field,
    /// Stems of a function's alternative titles.
    pub alt_titles: Field,
    /// Stems of a course's keywords.
    pub keywords: Field,
    /// Stems of ESCO labels of the function's occupation.
    pub aliases: Field,
    /// Stems of a function's tasks and skills.
    pub tasks: Field,
    /// Stems of descriptions and sectors.
    pub body: Field,
    /// Filters, one raw term per value.
    pub kind: Field,
    pub sector: Field,
    pub level: Field,
    pub route: Field,
    pub region: Field,
}

/// Builds the schema and its fields.
pub fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let analysed = |freqs: bool| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(TERMS)
                .set_index_option(if freqs {
                    IndexRecordOption::WithFreqsAndPositions
                } else {
                    IndexRecordOption::Basic
                }),
        )
    };
    let fields = Fields {
        key: b.add_u64_field("key", FAST | STORED),
        title_exact: b.add_text_field("title_exact", STRING),
        words: b.add_text_field("words", analysed(false)),
        more_words: b.add_text_field("more_words", analysed(false)),
        title: b.add_text_field("title", analysed(true)),
        alt_titles: b.add_text_field("alt_titles", analysed(true)),
        keywords: b.add_text_field("keywords", analysed(true)),
        aliases: b.add_text_field("aliases", analysed(true)),
        tasks: b.add_text_field("tasks", analysed(true)),
        body: b.add_text_field("body", analysed(true)),
        kind: b.add_text_field("kind", STRING),
        sector: b.add_text_field("sector", STRING),
        level: b.add_text_field("level", STRING),
        route: b.add_text_field("route", STRING),
        region: b.add_text_field("region", STRING),
    };
    (b.build(), fields)
}

/// An open index with its reader, ready for searching.
pub struct SearchIndex {
    pub index: Index,
    pub reader: IndexReader,
    pub fields: Fields,
    /// The folder the index was opened from.
    pub dir: PathBuf,
    /// Every word of the `words` field, for typo correction.
    pub vocabulary: Vocabulary,
    /// Facet values of every record.
    pub facets: FacetTable,
    /// Per segment (by ordinal), per document: its record's facet group, so that a search
    /// counts facets without reading the `key` column of every hit.
    pub doc_groups: Vec<Arc<[u32]>>,
}

/// Where in a record an indexed word was seen: in a title field, or only in other text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tier {
    /// A title, alternative title or keyword (the `words` field).
    Title,
    /// Only ESCO labels, tasks, skills, descriptions or sectors (the `more_words` field).
    Other,
}

/// The indexed words with their [`Tier`], grouped by first letter and length so that typo
/// candidates for a word are found without comparing against every word.
#[derive(Debug, Default)]
pub struct Vocabulary {
    words: HashMap<String, Tier>,
    /// All words in byte order, for prefix completion.
    sorted: Vec<String>,
    buckets: HashMap<(char, usize), Vec<String>>,
}

impl Vocabulary {
    fn read(reader: &IndexReader, fields: &Fields) -> Result<Vocabulary, IndexError> {
        let mut vocabulary = Vocabulary::default();
        for (field, tier) in [
            (fields.words, Tier::Title),
            (fields.more_words, Tier::Other),
        ] {
            for segment in reader.searcher().segment_readers() {
                let inverted = segment.inverted_index(field)?;
                let mut stream = inverted
                    .terms()
                    .stream()
                    .map_err(|e| IndexError::Tantivy(e.into()))?;
                while stream.advance() {
                    if let Ok(word) = std::str::from_utf8(stream.key()) {
                        vocabulary.insert(word, tier);
                    }
                }
            }
        }
        vocabulary.sorted = vocabulary.words.keys().cloned().collect();
        vocabulary.sorted.sort();
        Ok(vocabulary)
    }

    /// Adds a word; a word seen in both tiers keeps the better one (fields are read title first).
    fn insert(&mut self, word: &str, tier: Tier) {
        if self.words.contains_key(word) {
            return;
        }
        self.words.insert(word.to_owned(), tier);
        if let Some(first) = word.chars().next() {
            self.buckets
                .entry((first, word.chars().count()))
                .or_default()
                .push(word.to_owned());
        }
    }

    /// Indexed words that start with `prefix` and are longer than it, title words first, then
    /// shortest first (the likeliest completions), at most `limit`.
    pub fn completions(&self, prefix: &str, limit: usize) -> Vec<(&str, Tier)> {
        let start = self.sorted.partition_point(|w| w.as_str() < prefix);
        let mut found: Vec<(&str, Tier)> = self.sorted[start..]
            .iter()
            .take_while(|w| w.starts_with(prefix))
            .filter(|w| w.len() > prefix.len())
            .map(|w| (w.as_str(), self.tier(w)))
            .collect();
        found.sort_by_key(|&(w, tier)| (tier, w.len(), w));
        found.truncate(limit);
        found
    }

    /// The tier of an indexed word (`Other` for a word that is not indexed).
    fn tier(&self, word: &str) -> Tier {
        self.words.get(word).copied().unwrap_or(Tier::Other)
    }

    /// The tier of the word when it is indexed as is.
    pub fn get(&self, word: &str) -> Option<Tier> {
        self.words.get(word).copied()
    }

    /// True when the word is indexed as is in a title field.
    pub fn contains(&self, word: &str) -> bool {
        self.get(word) == Some(Tier::Title)
    }

    /// Indexed words of at most `tier` within `max_edits` (Damerau-Levenshtein) of `word`, with
    /// the same first letter; nearest first, then title words first, at most `limit`.
    pub fn near(
        &self,
        word: &str,
        max_edits: usize,
        tier: Tier,
        limit: usize,
    ) -> Vec<(usize, &str, Tier)> {
        let Some(first) = word.chars().next() else {
            return Vec::new();
        };
        let len = word.chars().count();
        let mut found: Vec<(usize, &str, Tier)> = Vec::new();
        for l in len.saturating_sub(max_edits)..=len + max_edits {
            for candidate in self.buckets.get(&(first, l)).into_iter().flatten() {
                let t = self.tier(candidate);
                if t > tier {
                    continue;
                }
                if let Some(d) = within_edits(word, candidate, max_edits)
                    && d > 0
                {
                    found.push((d, candidate, t));
                }
            }
        }
        found.sort_by_key(|&(d, w, t)| (d, t, w));
        found.truncate(limit);
        found
    }

    /// Indexed words like `word` for a "did you mean": up to `max_edits` (optimal string
    /// alignment) with any first letter, within two letters of its length; nearest first, then
    /// title words, at most `limit`. Slower than [`Vocabulary::near`]: for queries that found
    /// nothing.
    pub fn like(&self, word: &str, max_edits: usize, limit: usize) -> Vec<&str> {
        let len = word.chars().count();
        let mut found: Vec<(usize, Tier, &str)> = Vec::new();
        for ((_, l), candidates) in &self.buckets {
            if l.abs_diff(len) > max_edits.min(2) {
                continue;
            }
            for candidate in candidates {
                if candidate.chars().count() < 4 || !candidate.chars().all(char::is_alphabetic) {
                    continue;
                }
                let d = strsim::osa_distance(word, candidate);
                if d > 0 && d <= max_edits {
                    found.push((d, self.tier(candidate), candidate));
                }
            }
        }
        found.sort();
        found.into_iter().take(limit).map(|(_, _, w)| w).collect()
    }
}

/// The Damerau-Levenshtein distance of `a` and `b` when it is at most `max`, else `None`.
///
/// Cheap lower bounds come first, so most far-apart words never reach the full computation
/// (which allocates): the difference in length, and half the difference of their letter counts
/// (an insertion or deletion changes the counts by one, a substitution by two, a transposition
/// not at all).
pub fn within_edits(a: &str, b: &str, max: usize) -> Option<usize> {
    let mut bins = [0i16; 32];
    let (mut len_a, mut len_b) = (0usize, 0usize);
    for c in a.chars() {
        bins[(c as u32 % 32) as usize] += 1;
        len_a += 1;
    }
    for c in b.chars() {
        bins[(c as u32 % 32) as usize] -= 1;
        len_b += 1;
    }
    if len_a.abs_diff(len_b) > max {
        return None;
    }
    let letters: usize = bins.iter().map(|n| n.unsigned_abs() as usize).sum();
    if letters > 2 * max {
        return None;
    }
    let d = strsim::damerau_levenshtein(a, b);
    (d <= max).then_some(d)
}

/// An index could not be built or opened.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("index folder {dir}: {source}")]
    Io {
        dir: String,
        #[source]
        source: std::io::Error,
    },
    #[error("search index: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
}

fn io_err(dir: &Path) -> impl FnOnce(std::io::Error) -> IndexError + '_ {
    move |source| IndexError::Io {
        dir: dir.display().to_string(),
        source,
    }
}

fn register_tokenizer(index: &Index) {
    index.tokenizers().register(
        TERMS,
        TextAnalyzer::builder(WhitespaceTokenizer::default()).build(),
    );
}

/// Everything the index needs to know besides the catalogue.
pub struct IndexInputs<'a> {
    pub catalogue: &'a Catalogue,
    pub geo: &'a Geo,
    pub occupations: Option<&'a Occupations>,
    /// A hash of exactly what the index is built from (the catalogue and the reference rows it
    /// reads); an index built from other inputs is rebuilt.
    pub key: &'a str,
}

/// Opens the index in `root` if it was built from these inputs with this build's analysis and
/// schema ([`is_current`]) and its files are intact ([`open_current`]); otherwise builds it.
/// Returns the index and whether it was (re)built. A damaged index is rebuilt with one warning.
pub fn open_or_build(root: &Path, inputs: &IndexInputs) -> Result<(SearchIndex, bool), IndexError> {
    match reuse(root, inputs) {
        Some(index) => Ok((index, false)),
        None => Ok((build(root, inputs)?, true)),
    }
}

/// The current index in `root` when it can be used as it is ([`open_current`]); `None` when it
/// must be built, after one log line if it is damaged. Opening needs no ESCO labels, so a caller
/// can read those only when this says a build is needed.
pub fn reuse(root: &Path, inputs: &IndexInputs) -> Option<SearchIndex> {
    match open_current(root, inputs) {
        Ok(index) => Some(index),
        Err(Unusable::Damaged(why)) => {
            tracing::warn!(
                "search index {} is damaged ({why}); rebuilding it from the catalogue",
                root.display()
            );
            None
        }
        Err(Unusable::Stale) => None,
    }
}

/// Why the index on disk cannot be used as it is.
#[derive(Debug)]
pub enum Unusable {
    /// Missing, or built from other inputs or with another analysis: rebuild it.
    Stale,
    /// Current, but its files do not match the manifest written when it was built, or tantivy
    /// cannot read them: rebuild it, and say so.
    Damaged(String),
}

/// Opens the current index in `root` after checking every file against the build's manifest
/// ([`MANIFEST_FILE`]); never panics on a bad file (a panic inside tantivy is caught). A
/// read-only folder is opened from a copy in memory, since tantivy needs to write a lock file.
pub fn open_current(root: &Path, inputs: &IndexInputs) -> Result<SearchIndex, Unusable> {
    let dir = current_build(root, inputs.key).ok_or(Unusable::Stale)?;
    verify_manifest(&dir).map_err(Unusable::Damaged)?;
    let opened = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        match open_dir(&dir, inputs) {
            Err(IndexError::Tantivy(tantivy::TantivyError::LockFailure(..)))
            | Err(IndexError::Tantivy(tantivy::TantivyError::OpenWriteError(..))) => {
                open_dir_in_ram(&dir, inputs)
            }
            other => other,
        }
    }));
    match opened {
        Ok(Ok(index)) => Ok(index),
        Ok(Err(e)) => Err(Unusable::Damaged(e.to_string())),
        Err(_) => Err(Unusable::Damaged("tantivy could not read it".to_owned())),
    }
}

/// File in a build folder with the SHA-256 of every other file, written when it was built.
pub const MANIFEST_FILE: &str = "files.sha256";

/// True for tantivy's lock files, which come and go while the index is open.
fn is_lock_file(name: &str) -> bool {
    name.starts_with(".tantivy-") && name.ends_with(".lock")
}

/// The files of a build folder that the manifest covers, with their hashes, sorted by name.
fn hash_files(dir: &Path) -> Result<Vec<(String, String)>, std::io::Error> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name == MANIFEST_FILE || is_lock_file(&name) || !entry.file_type()?.is_file() {
            continue;
        }
        let bytes = std::fs::read(entry.path())?;
        out.push((name, format!("{:x}", Sha256::digest(&bytes))));
    }
    out.sort();
    Ok(out)
}

fn write_manifest(dir: &Path) -> Result<(), IndexError> {
    let lines: String = hash_files(dir)
        .map_err(io_err(dir))?
        .iter()
        .map(|(name, hash)| format!("{hash}  {name}\n"))
        .collect();
    std::fs::write(dir.join(MANIFEST_FILE), lines).map_err(io_err(dir))
}

/// Checks every file listed in the manifest: present, same bytes. Names what is wrong.
fn verify_manifest(dir: &Path) -> Result<(), String> {
    let manifest = std::fs::read_to_string(dir.join(MANIFEST_FILE))
        .map_err(|e| format!("{MANIFEST_FILE}: {e}"))?;
    let actual: HashMap<String, String> = hash_files(dir)
        .map_err(|e| e.to_string())?
        .into_iter()
        .collect();
    let mut listed = 0;
    for line in manifest.lines() {
        let Some((hash, name)) = line.split_once("  ") else {
            return Err(format!("{MANIFEST_FILE}: unreadable line \"{line}\""));
        };
        listed += 1;
        match actual.get(name) {
            None => return Err(format!("{name} is missing")),
            Some(h) if h != hash => return Err(format!("{name} has changed")),
            Some(_) => {}
        }
    }
    if listed == 0 {
        return Err(format!("{MANIFEST_FILE} lists no files"));
    }
    Ok(())
}

/// True when the index in `root` was built from inputs with this key and with the analysis and
/// schema of this build ([`analysis_fingerprint`]), so it can be reused and opening it needs
/// nothing that only building needs (the ESCO labels).
pub fn is_current(root: &Path, key: &str) -> bool {
    current_build(root, key).is_some()
}

/// The active build folder when [`is_current`] holds for it.
fn current_build(root: &Path, key: &str) -> Option<PathBuf> {
    let dir = current_dir(root)?;
    let stored = |file: &str| std::fs::read_to_string(dir.join(file)).unwrap_or_default();
    (stored(CATALOGUE_HASH_FILE).trim() == key
        && stored(ANALYSIS_FILE).trim() == analysis_fingerprint())
    .then_some(dir)
}

/// File in a build folder with the key of the inputs it was built from.
const CATALOGUE_HASH_FILE: &str = "catalogue.hash";
/// File in a build folder with the [`analysis_fingerprint`] it was built with.
pub const ANALYSIS_FILE: &str = "analysis.fingerprint";

/// The fingerprint of how this build turns text into index terms: the analysis tables and what
/// the analysis does with them, synonym expansion, and the tantivy schema. It is derived from
/// the tables and the schema themselves, so nobody has to remember to bump a number.
pub fn analysis_fingerprint() -> &'static str {
    static FINGERPRINT: OnceLock<String> = OnceLock::new();
    FINGERPRINT.get_or_init(|| fingerprint_with(text::tables()))
}

/// The fingerprint an index built with these analysis tables (and this schema) carries.
pub fn fingerprint_with(tables: &text::Tables) -> String {
    let mut hasher = Sha256::new();
    hasher.update(tables.fingerprint().as_bytes());
    let (schema, _) = schema();
    // Field names, types and options (tokenizer, record option, stored, fast) as tantivy writes
    // them into the index's meta.json.
    hasher.update(
        serde_json::to_string(&schema)
            .unwrap_or_default()
            .as_bytes(),
    );
    hasher.update(TERMS.as_bytes());
    // Synonym expansion: the groups are catalogue data (in its content hash); how a text is
    // matched against them is code, probed here.
    let groups = [
        vec!["ict".to_owned(), "informatica".to_owned()],
        vec!["cv monteur".to_owned(), "verwarmingsmonteur".to_owned()],
    ];
    for probe in ["ICT-beheer", "cv monteur", "elektro-ictmonteur"] {
        hasher.update(synonym_stems(probe, &groups).join(" ").as_bytes());
        hasher.update([0]);
    }
    format!("{:x}", hasher.finalize())
}

/// The active build folder, if any.
pub fn current_dir(root: &Path) -> Option<PathBuf> {
    let name = std::fs::read_to_string(root.join("CURRENT")).ok()?;
    let dir = root.join(name.trim());
    dir.is_dir().then_some(dir)
}

fn open_dir(dir: &Path, inputs: &IndexInputs) -> Result<SearchIndex, IndexError> {
    open_index(Index::open_in_dir(dir)?, dir, inputs)
}

/// Opens a copy of the build folder in memory: for a folder tantivy cannot write its lock to.
fn open_dir_in_ram(dir: &Path, inputs: &IndexInputs) -> Result<SearchIndex, IndexError> {
    use tantivy::directory::{Directory, RamDirectory};
    let ram = RamDirectory::create();
    for entry in std::fs::read_dir(dir).map_err(io_err(dir))? {
        let entry = entry.map_err(io_err(dir))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if is_lock_file(&name) {
            continue;
        }
        let bytes = std::fs::read(entry.path()).map_err(io_err(dir))?;
        ram.atomic_write(Path::new(&name), &bytes)
            .map_err(io_err(dir))?;
    }
    open_index(Index::open(ram)?, dir, inputs)
}

/// A reader that never reloads by itself: a build folder is never changed after it is written
/// (a new catalogue is a new folder), so tantivy's default meta.json watcher thread would only
/// read files behind our back — e.g. a damaged build that is being replaced.
fn fixed_reader(index: &Index) -> Result<tantivy::IndexReader, IndexError> {
    Ok(index
        .reader_builder()
        .reload_policy(tantivy::ReloadPolicy::Manual)
        .try_into()?)
}

fn open_index(index: Index, dir: &Path, inputs: &IndexInputs) -> Result<SearchIndex, IndexError> {
    register_tokenizer(&index);
    let (_, fields) = schema();
    let reader = fixed_reader(&index)?;
    let vocabulary = Vocabulary::read(&reader, &fields)?;
    let facets = FacetTable::new(inputs.catalogue, inputs.geo);
    let doc_groups = doc_groups(&reader, &facets)?;
    Ok(SearchIndex {
        index,
        reader,
        fields,
        dir: dir.to_owned(),
        vocabulary,
        facets,
        doc_groups,
    })
}

/// Builds a new index folder from the catalogue and makes it the current one. Older build
/// folders are removed afterwards (a reader that still has one open keeps its files on Unix).
pub fn build(root: &Path, inputs: &IndexInputs) -> Result<SearchIndex, IndexError> {
    std::fs::create_dir_all(root).map_err(io_err(root))?;
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let hash = inputs.key;
    let name = format!("build-{}-{stamp}", &hash[..hash.len().min(12)]);
    let dir = root.join(&name);
    std::fs::create_dir_all(&dir).map_err(io_err(&dir))?;

    let (schema, fields) = schema();
    let index = Index::create_in_dir(&dir, schema)?;
    register_tokenizer(&index);
    write_documents(&index, &fields, inputs)?;
    std::fs::write(dir.join(CATALOGUE_HASH_FILE), hash).map_err(io_err(&dir))?;
    std::fs::write(dir.join(ANALYSIS_FILE), analysis_fingerprint()).map_err(io_err(&dir))?;
    write_manifest(&dir)?;

    let tmp = root.join(format!("CURRENT.{stamp}.tmp"));
    std::fs::write(&tmp, &name).map_err(io_err(root))?;
    std::fs::rename(&tmp, root.join("CURRENT")).map_err(io_err(root))?;
    remove_old_builds(root, &name);
    open_dir(&dir, inputs)
}

/// Builds the index in memory (for tests and benchmarks that must not touch the disk).
pub fn build_in_ram(inputs: &IndexInputs) -> Result<SearchIndex, IndexError> {
    let (schema, fields) = schema();
    let index = Index::create_in_ram(schema);
    register_tokenizer(&index);
    write_documents(&index, &fields, inputs)?;
    let reader = fixed_reader(&index)?;
    let vocabulary = Vocabulary::read(&reader, &fields)?;
    let facets = FacetTable::new(inputs.catalogue, inputs.geo);
    let doc_groups = doc_groups(&reader, &facets)?;
    Ok(SearchIndex {
        index,
        reader,
        fields,
        dir: PathBuf::new(),
        vocabulary,
        facets,
        doc_groups,
    })
}

/// The facet group of every document of every segment, read once from the `key` column (the
/// reader never reloads, so the segments stay as they are).
fn doc_groups(reader: &IndexReader, facets: &FacetTable) -> Result<Vec<Arc<[u32]>>, IndexError> {
    let searcher = reader.searcher();
    let mut out = Vec::with_capacity(searcher.segment_readers().len());
    for segment in searcher.segment_readers() {
        let keys = segment.fast_fields().u64("key")?;
        let groups: Vec<u32> = (0..segment.max_doc())
            .map(|doc| {
                keys.first(doc)
                    .map_or(crate::facets::NO_GROUP, |k| facets.group_of_key(k))
            })
            .collect();
        out.push(groups.into());
    }
    Ok(out)
}

fn remove_old_builds(root: &Path, keep: &str) {
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with("build-") && name != keep {
            // Best effort: a folder that cannot be removed now is removed by a later build.
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

fn write_documents(index: &Index, f: &Fields, inputs: &IndexInputs) -> Result<(), IndexError> {
    let mut writer = index.writer_with_num_threads::<TantivyDocument>(1, 100_000_000)?;
    let cat = inputs.catalogue;
    for (ord, function) in cat.functions().iter().enumerate() {
        writer.add_document(function_doc(f, ord, function, inputs))?;
    }
    for (ord, course) in cat.courses().iter().enumerate() {
        writer.add_document(course_doc(f, ord, course, inputs))?;
    }
    for (ord, path) in cat.paths().iter().enumerate() {
        writer.add_document(path_doc(f, ord, path, inputs))?;
    }
    writer.commit()?;
    // No merge may still be writing or removing files when the manifest is taken.
    writer.wait_merging_threads()?;
    Ok(())
}

/// Collects the text of one document field by field.
struct DocText {
    doc: TantivyDocument,
    titles: Vec<String>,
}

impl DocText {
    fn new(f: &Fields, kind: DocKind, ord: usize) -> DocText {
        let mut doc = TantivyDocument::default();
        doc.add_u64(f.key, kind.key(ord));
        doc.add_text(f.kind, kind.as_str());
        DocText {
            doc,
            titles: Vec::new(),
        }
    }

    /// A title, alternative title or keyword: exact term, words, and stems, compound parts and
    /// synonyms in `field`.
    fn title(&mut self, f: &Fields, field: Field, title: &str, synonyms: &[Vec<String>]) {
        let exact = text::words(title).join(" ");
        if exact.is_empty() {
            return;
        }
        self.doc.add_text(f.title_exact, &exact);
        self.titles.push(title.to_owned());
        let mut words = text::words(title);
        words.extend(
            words
                .iter()
                .flat_map(|w| text::split_compound(w))
                .collect::<Vec<_>>(),
        );
        self.doc.add_text(f.words, words.join(" "));
        let mut stems = text::analyse(title);
        stems.extend(synonym_stems(title, synonyms));
        self.doc.add_text(field, stems.join(" "));
    }

    /// Other text: stems (with compound parts and synonyms) in `field`, and its words and
    /// compound parts, less stop words, in `more_words` for the vocabulary.
    fn text(&mut self, f: &Fields, field: Field, body: &str, synonyms: &[Vec<String>]) {
        let mut stems = text::analyse(body);
        stems.extend(synonym_stems(body, synonyms));
        if !stems.is_empty() {
            self.doc.add_text(field, stems.join(" "));
        }
        let mut words: Vec<String> = text::words(body)
            .into_iter()
            .filter(|w| !text::is_stop_word(w))
            .collect();
        words.extend(
            words
                .iter()
                .flat_map(|w| text::split_compound(w))
                .collect::<Vec<_>>(),
        );
        if !words.is_empty() {
            self.doc.add_text(f.more_words, words.join(" "));
        }
    }

    fn filter(&mut self, field: Field, value: &str) {
        self.doc.add_text(field, value);
    }
}

fn level_term(level: Known<crate::catalog::NlqfLevel>) -> String {
    match level {
        Known::Known(l) => l.to_string(),
        Known::Unknown => "unknown".to_owned(),
    }
}

fn function_doc(
    f: &Fields,
    ord: usize,
    function: &Function,
    inputs: &IndexInputs,
) -> TantivyDocument {
    let syn = inputs.catalogue.synonyms();
    let mut d = DocText::new(f, DocKind::Function, ord);
    d.title(f, f.title, &function.title, syn);
    for alt in &function.alt_titles {
        d.title(f, f.alt_titles, alt, syn);
    }
    let occupation = function
        .esco_uri
        .as_deref()
        .and_then(|uri| inputs.occupations.and_then(|o| o.get(uri)));
    if let Some(occupation) = occupation {
        let labels = std::iter::once(&occupation.label).chain(&occupation.alt_labels);
        let joined: Vec<&str> = labels.map(String::as_str).collect();
        d.text(f, f.aliases, &joined.join(" . "), syn);
    }
    let tasks = [function.tasks.join(" . "), function.skills.join(" . ")].join(" . ");
    d.text(f, f.tasks, &tasks, syn);
    d.text(f, f.body, &function.description, syn);
    if let Some(path) = inputs.catalogue.path(&function.path_id) {
        d.filter(f.sector, &text::fold(&path.sector));
    }
    d.filter(f.level, &level_term(function.nlqf_level));
    d.doc
}

fn course_doc(f: &Fields, ord: usize, course: &Course, inputs: &IndexInputs) -> TantivyDocument {
    let cat = inputs.catalogue;
    let syn = cat.synonyms();
    let mut d = DocText::new(f, DocKind::Course, ord);
    d.title(f, f.title, &course.title, syn);
    for keyword in &course.keywords {
        d.title(f, f.keywords, keyword, syn);
    }
    for code in course
        .crebo
        .iter()
        .map(|c| c.as_str())
        .chain(course.code.as_deref())
    {
        d.doc.add_text(f.title_exact, text::words(code).join(" "));
        d.doc.add_text(f.words, text::words(code).join(" "));
    }
    let body = [course.description.as_str(), &course.sector].join(" . ");
    d.text(f, f.body, &body, syn);
    for sector in cat.sectors_of_course(&course.id) {
        d.filter(f.sector, &text::fold(sector));
    }
    d.filter(f.level, &level_term(course.nlqf_level));
    for route in &course.routes {
        d.filter(f.route, route.as_str());
    }
    for region in cat.course_regions(inputs.geo, course) {
        d.filter(f.region, &region);
    }
    d.doc
}

fn path_doc(
    f: &Fields,
    ord: usize,
    path: &DevelopmentPath,
    inputs: &IndexInputs,
) -> TantivyDocument {
    let syn = inputs.catalogue.synonyms();
    let mut d = DocText::new(f, DocKind::Path, ord);
    d.title(f, f.title, &path.name, syn);
    d.text(
        f,
        f.body,
        &[path.description.as_str(), &path.sector].join(" . "),
        syn,
    );
    d.filter(f.sector, &text::fold(&path.sector));
    d.doc
}
