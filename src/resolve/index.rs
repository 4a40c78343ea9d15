//! The lookup tables behind [`super::Occupations::resolve`], built once at load time.
//!
//! Everything a query needs is a hash lookup or a short scan of a small bucket: exact label keys,
//! typo candidates bucketed by first letter and length, word-set keys, word-form postings and
//! description term postings. Word forms and description terms are interned as numbers.

// rustc's Fx hash: the tables are built from trusted reference data and a query only looks keys
// up, never inserts, so hash flooding is not a concern; SipHash was a fifth of the load time.
use super::lang::Language;
use super::load::{ForeignRow, Row};
#[cfg(test)]
use crate::text::stem;
use crate::text::{analyse, words};
pub(super) use rustc_hash::{FxHashMap as FxMap, FxHashSet as FxSet};

/// Position of a label in [`Index::labels`].
pub(super) type LabelId = u32;
/// Number of an interned word form in [`Forms`].
pub(super) type FormId = u32;

/// Which ESCO list a label comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum LabelKind {
    Preferred,
    Alt,
    Hidden,
    /// A job name from padvinder's catalogue (Dutch only), not an ESCO label.
    JobName,
}

/// Why a one-word label is kept out of the label tiers (see the module docs of `resolve`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Demotion {
    /// Many other occupations use the word in their preferred label.
    Generic,
    /// Other occupations use the word, and almost none in this occupation's ISCO major group.
    Borrowed,
}

impl Demotion {
    /// Weight of evidence from a demoted label in the word-part tier.
    pub(super) fn weight(self) -> f32 {
        match self {
            Demotion::Generic => 0.8,
            Demotion::Borrowed => 0.4,
        }
    }
}

/// A word as stems: the whole word and, for a compound, its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct WordForms {
    pub whole: String,
    pub parts: Vec<String>,
    /// The parts come from a split at a label word rather than from [`split_compound`].
    pub split_at_label_word: bool,
}

impl WordForms {
    /// The whole word followed by its parts.
    pub(super) fn all(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.whole.as_str()).chain(self.parts.iter().map(String::as_str))
    }
}

/// Longest inflectional ending [`Forms::sharing_stem`] looks past ("-ого", "-ami", "-ach").
const MAX_INFLECTION: usize = 3;
/// Fewest letters two words must share at their start to meet in [`Forms::sharing_stem`].
const MIN_STEM: usize = 5;

/// Most parts a compound is split into ([`split_compound`] stops at 4).
const MAX_PARTS: usize = 4;

/// A label word as interned forms; a plain value, so labels need no allocation per word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct LabelWord {
    pub whole: FormId,
    parts: [FormId; MAX_PARTS],
    part_count: u8,
}

impl LabelWord {
    /// A word with up to [`MAX_PARTS`] parts (more are dropped).
    pub(super) fn new(whole: FormId, parts: &[FormId]) -> LabelWord {
        let mut word = LabelWord {
            whole,
            parts: [0; MAX_PARTS],
            part_count: 0,
        };
        for (slot, &part) in word.parts.iter_mut().zip(parts) {
            *slot = part;
            word.part_count += 1;
        }
        word
    }

    /// The compound parts; empty for a simple word.
    pub(super) fn parts(&self) -> &[FormId] {
        &self.parts[..usize::from(self.part_count)]
    }

    /// The whole word followed by its parts.
    pub(super) fn forms(&self) -> impl Iterator<Item = FormId> + '_ {
        std::iter::once(self.whole).chain(self.parts().iter().copied())
    }
}

/// One label variant of one occupation (a slash label gives several variants).
pub(super) struct Label {
    pub occupation: u32,
    pub kind: LabelKind,
    /// The variant as written in the file, to show which words matched.
    pub text: Box<str>,
    /// Number of folded words, stop words included: tells "heftruck chauffeur" from
    /// "heftruckchauffeur" when both have the same letters.
    pub word_count: usize,
    /// Content words (stop words left out), as a range of `Index::label_words`.
    words: (u32, u32),
    pub demotion: Option<Demotion>,
}

/// A typo-search key: a label's letters without spaces, with a letter histogram as prefilter.
pub(super) struct TypoKey {
    pub key: String,
    pub chars: usize,
    pub histogram: Histogram,
}

/// Letter counts a–z plus one bin for everything else; two strings within `k` edits differ by at
/// most `2k` in this histogram, which rules out most keys before the distance is computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Histogram([u8; 27]);

impl Histogram {
    pub(super) fn of(s: &str) -> Histogram {
        let mut bins = [0u8; 27];
        for c in s.chars() {
            // Any fixed map of letters to bins keeps the bound; a-z get a bin each, and other
            // scripts (Cyrillic, Arabic) spread over the bins instead of sharing one.
            let bin = (c as u32 % 27) as usize;
            bins[bin] = bins[bin].saturating_add(1);
        }
        Histogram(bins)
    }

    pub(super) fn distance(&self, other: &Histogram) -> u32 {
        self.0
            .iter()
            .zip(other.0.iter())
            .map(|(a, b)| u32::from(a.abs_diff(*b)))
            .sum()
    }
}

/// Interned word forms (stems of label words and of their compound parts) with their postings.
#[derive(Default)]
pub(super) struct Forms {
    ids: FxMap<String, FormId>,
    /// Labels containing each form, in label order.
    pub labels: Vec<Vec<LabelId>>,
    /// Number of occupations whose labels contain each form (for its rarity).
    pub occupations: Vec<u32>,
    /// All forms sorted by text, for prefix lookups of an unknown compound part ("vorklift").
    pub sorted: Vec<(String, FormId)>,
    /// All forms written backwards and sorted, for the compounds ending in an unknown word
    /// ("zorgmedewerker" → "thuiszorgmedewerker").
    pub sorted_backwards: Vec<(String, FormId)>,
}

impl Forms {
    /// The id of a known form.
    pub(super) fn get(&self, form: &str) -> Option<FormId> {
        self.ids.get(form).copied()
    }

    /// Up to `limit` known forms that start with `prefix` and are longer, with their length in
    /// letters.
    pub(super) fn longer_with_prefix(&self, prefix: &str, limit: usize) -> Vec<(FormId, usize)> {
        let start = self.sorted.partition_point(|(f, _)| f.as_str() < prefix);
        self.sorted[start..]
            .iter()
            .take_while(|(f, _)| f.starts_with(prefix))
            .filter(|(f, _)| f.len() > prefix.len())
            .take(limit)
            .map(|(f, id)| (*id, f.chars().count()))
            .collect()
    }

    /// Up to `limit` known forms other than `word` that share its start but for an ending of
    /// at most [`MAX_INFLECTION`] letters, keeping at least [`MIN_STEM`]: with the number of
    /// letters they share with it and their length. For languages that inflect at the end and
    /// have no stemmer (Polish, Ukrainian): "навантажувача" (of a loader) shares
    /// "навантажува" with "навантажувальних" (loading, plural genitive).
    pub(super) fn sharing_stem(&self, word: &str, limit: usize) -> Vec<(FormId, usize, usize)> {
        let len = word.chars().count();
        let keep = len.saturating_sub(MAX_INFLECTION).max(MIN_STEM);
        if keep > len {
            return Vec::new();
        }
        let stem_end = word
            .char_indices()
            .nth(keep)
            .map_or(word.len(), |(at, _)| at);
        let stem = &word[..stem_end];
        let start = self.sorted.partition_point(|(f, _)| f.as_str() < stem);
        self.sorted[start..]
            .iter()
            .take_while(|(f, _)| f.starts_with(stem))
            .filter(|(f, _)| f != word)
            .take(limit)
            .map(|(f, id)| {
                let common = f
                    .chars()
                    .zip(word.chars())
                    .take_while(|(a, b)| a == b)
                    .count();
                (*id, common, f.chars().count())
            })
            .collect()
    }

    /// Up to `limit` known forms that end in `ending` and are longer, with their length in
    /// letters.
    pub(super) fn longer_with_ending(&self, ending: &str, limit: usize) -> Vec<(FormId, usize)> {
        let backwards: String = ending.chars().rev().collect();
        let start = self
            .sorted_backwards
            .partition_point(|(f, _)| f.as_str() < backwards.as_str());
        self.sorted_backwards[start..]
            .iter()
            .take_while(|(f, _)| f.starts_with(backwards.as_str()))
            .filter(|(f, _)| f.len() > backwards.len())
            .take(limit)
            .map(|(f, id)| (*id, f.chars().count()))
            .collect()
    }

    fn intern(&mut self, form: &str) -> FormId {
        if let Some(&id) = self.ids.get(form) {
            return id;
        }
        let id = self.labels.len() as FormId;
        self.ids.insert(form.to_owned(), id);
        self.labels.push(Vec::new());
        self.occupations.push(0);
        id
    }
}

/// BM25 postings over the occupation descriptions, terms interned.
pub(super) struct FullText {
    pub terms: FxMap<String, u32>,
    /// Per term: (occupation, term frequency).
    pub postings: Vec<Vec<(u32, u16)>>,
    pub doc_len: Vec<u32>,
    pub avg_len: f32,
}

/// All lookup tables of one language's labels; built by [`Index::build`] (Dutch, with the
/// descriptions) or [`Index::build_foreign`], read-only afterwards.
pub(super) struct Index {
    /// The language of the labels; queries are analysed the same way.
    pub lang: Language,
    pub labels: Vec<Label>,
    /// The content words of all labels, each label's in one run.
    label_words: Vec<LabelWord>,
    /// ISCO major group (first digit) per occupation.
    pub majors: Vec<u8>,
    /// Folded words joined without spaces → labels ("heftruck chauffeur" = "heftruckchauffeur").
    pub by_joined: FxMap<String, Vec<LabelId>>,
    /// Hash of the sorted content-word forms (whole words, and separately with compounds split)
    /// → labels; a hit is confirmed with [`word_set_keys`] since hashes may collide.
    pub by_word_set: FxMap<u64, Vec<LabelId>>,
    /// Typo keys by first letter, sorted by length.
    pub typo_keys: FxMap<char, Vec<TypoKey>>,
    pub forms: Forms,
    /// Folded label words of 4 letters or more: the possible heads of an unknown compound.
    pub vocabulary: FxSet<String>,
    /// Folded word → occupations whose preferred label has a word equal to it or ending in it
    /// (after at least 3 letters), in occupation order. Tells how a word is used.
    pub users: FxMap<String, Vec<u32>>,
    pub full_text: FullText,
}

/// Sorted whole-word forms, and sorted forms with compounds replaced by their parts. Both go
/// into one map, so "chauffeur vrachtwagen" meets "vrachtwagenchauffeur".
pub(super) fn word_set_keys(words: &[LabelWord]) -> [Vec<FormId>; 2] {
    let (mut whole, mut parts) = (Vec::new(), Vec::new());
    word_set_keys_into(words, &mut whole, &mut parts);
    [whole, parts]
}

/// [`word_set_keys`] into reused buffers.
fn word_set_keys_into(words: &[LabelWord], whole: &mut Vec<FormId>, parts: &mut Vec<FormId>) {
    whole.clear();
    parts.clear();
    for w in words {
        whole.push(w.whole);
        if w.parts().is_empty() {
            parts.push(w.whole);
        } else {
            parts.extend_from_slice(w.parts());
        }
    }
    whole.sort_unstable();
    parts.sort_unstable();
}

/// Hash of a word-set key.
pub(super) fn set_hash(forms: &[FormId]) -> u64 {
    use std::hash::Hasher;
    let mut hasher = rustc_hash::FxHasher::default();
    for &f in forms {
        hasher.write_u32(f);
    }
    hasher.write_usize(forms.len());
    hasher.finish()
}

/// Analyses one folded word: its stem, and the stems of its parts if it is a compound. A
/// compound is split by [`split_compound`]; failing that, at the longest ending that is itself a
/// label word ("vorkliftchauffeur" → "vorklift" + "chauffeur").
pub(super) fn word_forms(word: &str, vocabulary: &FxSet<String>, lang: Language) -> WordForms {
    word_forms_with(word, vocabulary, lang, &mut |w| lang.stem(w))
}

/// [`word_forms`] with a given stemmer (the index build passes a memoised one).
fn word_forms_with(
    word: &str,
    vocabulary: &FxSet<String>,
    lang: Language,
    stem: &mut impl FnMut(&str) -> String,
) -> WordForms {
    let whole = stem(word);
    let mut parts: Vec<String> = lang.split_compound(word).iter().map(|p| stem(p)).collect();
    let mut split_at_label_word = false;
    if parts.is_empty()
        && let Some(at) = head_start(word, |ending| vocabulary.contains(ending))
    {
        parts = vec![stem(&word[..at]), stem(&word[at..])];
        split_at_label_word = true;
    }
    parts.retain(|p| *p != whole);
    parts.dedup();
    WordForms {
        whole,
        parts,
        split_at_label_word,
    }
}

/// Byte offset where the longest ending of `word` accepted by `is_head` starts, keeping at least
/// 3 letters in front and 4 in the ending.
pub(super) fn head_start(word: &str, is_head: impl Fn(&str) -> bool) -> Option<usize> {
    let total = word.chars().count();
    word.char_indices()
        .enumerate()
        .filter(|&(n, _)| n >= 3 && total - n >= 4)
        .map(|(_, (at, _))| at)
        .find(|&at| is_head(&word[at..]))
}

/// The variants of a label: the label itself and, for a slash label, each side.
/// "barman/barvrouw" → "barman", "barvrouw"; "leraar/lerares lager onderwijs" → "leraar lager
/// onderwijs", "lerares lager onderwijs"; "monteur stoomtechniek / ketelonderhoud" → "monteur
/// stoomtechniek", "monteur ketelonderhoud".
pub(super) fn label_variants(label: &str) -> Vec<String> {
    let mut out = vec![label.to_owned()];
    if !label.contains('/') {
        return out;
    }
    let sides: Vec<&str> = label
        .split('/')
        .map(str::trim)
        .filter(|s| s.chars().filter(|c| c.is_alphanumeric()).count() >= 2)
        .collect();
    if sides.len() != 2 || label.matches('/').count() != 1 {
        if sides.len() > 2 {
            out.extend(sides.iter().map(|s| (*s).to_owned()));
        }
        return out;
    }
    let (left, right) = (sides[0], sides[1]);
    let left_words = words(left).len();
    let right_words = words(right).len();
    if (left_words == 1) == (right_words == 1) {
        // Both sides are whole names: "a/b" or "x y/x' y".
        out.push(left.to_owned());
        out.push(right.to_owned());
    } else if let Some(slash) = label.find('/') {
        // The slash joins only the words next to it; the rest of the label belongs to both.
        let before = &label[..slash];
        let after = &label[slash + 1..];
        let left_word_start = before
            .trim_end()
            .char_indices()
            .rfind(|(_, c)| !c.is_alphanumeric())
            .map_or(0, |(i, c)| i + c.len_utf8());
        let leading = after.len() - after.trim_start().len();
        let right_word_end = after
            .trim_start()
            .find(|c: char| !c.is_alphanumeric())
            .map_or(after.len(), |i| i + leading);
        let prefix = &before[..left_word_start];
        let left_word = before[left_word_start..].trim();
        let right_word = after[..right_word_end].trim();
        let suffix = &after[right_word_end..];
        if right_words == 1 {
            // "monteur stoomtechniek / ketelonderhoud": swap the last word of the left side.
            out.push(format!("{prefix}{left_word}"));
            out.push(format!("{prefix}{right_word}"));
        } else {
            out.push(format!("{left_word}{suffix}"));
            out.push(format!("{right_word}{suffix}"));
        }
    }
    out
}

/// A label variant as folded words, before analysis.
struct Raw {
    occupation: u32,
    kind: LabelKind,
    text: String,
    folded: Vec<String>,
}

impl Index {
    /// Builds all tables from the parsed rows. The description index is built on a second
    /// thread: it is independent and takes about as long as the rest.
    pub(super) fn build(rows: &[Row]) -> Index {
        std::thread::scope(|scope| {
            let full_text = scope.spawn(|| build_full_text(rows));
            let mut index = build_labels(label_variants_of(rows), majors_of(rows), Language::Nl);
            index.full_text = match full_text.join() {
                Ok(full_text) => full_text,
                Err(panic) => std::panic::resume_unwind(panic),
            };
            index
        })
    }

    /// The tables of one other language's labels; `rows` are in the occupations' order and
    /// `majors` are their ISCO major groups (from the Dutch file). No description index.
    pub(super) fn build_foreign(lang: Language, rows: &[ForeignRow], majors: Vec<u8>) -> Index {
        let mut raw = Vec::new();
        for row in rows {
            let lists = [
                (LabelKind::Preferred, std::slice::from_ref(&row.label)),
                (LabelKind::Alt, row.alt_labels.as_slice()),
                (LabelKind::Hidden, row.hidden_labels.as_slice()),
            ];
            push_variants(&mut raw, row.occupation, &lists, lang);
        }
        build_labels(raw, majors, lang)
    }

    /// The content words of a label.
    pub(super) fn words_of(&self, label: &Label) -> &[LabelWord] {
        let (start, end) = label.words;
        self.label_words
            .get(start as usize..end as usize)
            .unwrap_or_default()
    }

    /// Number of occupations.
    pub(super) fn occupation_count(&self) -> usize {
        self.majors.len()
    }

    /// Occupations whose preferred label uses `word` (see [`Index::users`]).
    pub(super) fn users_of(&self, word: &str) -> &[u32] {
        self.users.get(word).map_or(&[], Vec::as_slice)
    }
}

/// Every label variant of every occupation as folded words, occupation by occupation.
fn label_variants_of(rows: &[Row]) -> Vec<Raw> {
    let mut raw = Vec::new();
    for (occupation, row) in rows.iter().enumerate() {
        let o = &row.occupation;
        let lists = [
            (LabelKind::Preferred, std::slice::from_ref(&o.label)),
            (LabelKind::Alt, o.alt_labels.as_slice()),
            (LabelKind::Hidden, row.hidden_labels.as_slice()),
            (LabelKind::JobName, row.job_names.as_slice()),
        ];
        push_variants(&mut raw, occupation as u32, &lists, Language::Nl);
    }
    raw
}

/// The variants of one occupation's label lists as folded words of `lang`.
fn push_variants(
    raw: &mut Vec<Raw>,
    occupation: u32,
    lists: &[(LabelKind, &[String])],
    lang: Language,
) {
    for (kind, list) in lists {
        for label in list.iter() {
            for variant in label_variants(label) {
                let folded = lang.words(&variant);
                if !folded.is_empty() {
                    raw.push(Raw {
                        occupation,
                        kind: *kind,
                        text: variant,
                        folded,
                    });
                }
            }
        }
    }
}

/// ISCO major group (first digit) per occupation.
fn majors_of(rows: &[Row]) -> Vec<u8> {
    rows.iter()
        .map(|r| {
            r.occupation
                .isco
                .bytes()
                .next()
                .map_or(0, |b| b.wrapping_sub(b'0'))
        })
        .collect()
}

/// Everything but the description index.
fn build_labels(raw: Vec<Raw>, majors: Vec<u8>, lang: Language) -> Index {
    let distinct: FxSet<&str> = raw
        .iter()
        .flat_map(|r| r.folded.iter())
        .map(String::as_str)
        .filter(|w| w.chars().count() >= 4)
        .collect();
    let vocabulary: FxSet<String> = distinct.into_iter().map(str::to_owned).collect();
    let users = build_users(&raw);

    // Analysed labels and the exact, word-set and word-form tables.
    let mut forms = Forms::default();
    let mut memo: FxMap<&str, LabelWord> = FxMap::default();
    let mut stems: FxMap<String, String> = FxMap::default();
    let mut labels = Vec::with_capacity(raw.len());
    let mut label_words: Vec<LabelWord> = Vec::with_capacity(raw.len() * 2);
    let mut by_joined: FxMap<String, Vec<LabelId>> = FxMap::default();
    let mut by_word_set: FxMap<u64, Vec<LabelId>> = FxMap::default();
    let mut last_occupation: Vec<u32> = Vec::new();
    let mut seen: Vec<FormId> = Vec::new();
    let (mut whole_key, mut parts_key) = (Vec::new(), Vec::new());
    let mut joined = String::new();
    for r in &raw {
        let id = labels.len() as LabelId;
        let start = label_words.len();
        for w in r.folded.iter().filter(|w| !lang.is_stop_word(w)) {
            let word = match memo.get(w.as_str()) {
                Some(known) => *known,
                None => {
                    let wf = word_forms_with(w, &vocabulary, lang, &mut |part| {
                        if let Some(known) = stems.get(part) {
                            return known.clone();
                        }
                        let stemmed = lang.stem(part);
                        stems.insert(part.to_owned(), stemmed.clone());
                        stemmed
                    });
                    let parts: Vec<FormId> = wf.parts.iter().map(|p| forms.intern(p)).collect();
                    let word = LabelWord::new(forms.intern(&wf.whole), &parts);
                    memo.insert(w.as_str(), word);
                    word
                }
            };
            label_words.push(word);
        }
        let content = &label_words[start..];
        let demotion = match r.kind {
            LabelKind::Alt | LabelKind::Hidden | LabelKind::JobName if r.folded.len() == 1 => {
                demotion(&r.folded[0], r.occupation, r.kind, &users, &majors)
            }
            _ => None,
        };
        joined.clear();
        r.folded.iter().for_each(|w| joined.push_str(w));
        match by_joined.get_mut(joined.as_str()) {
            Some(ids) => ids.push(id),
            None => {
                by_joined.insert(joined.clone(), vec![id]);
            }
        }
        if !content.is_empty() {
            word_set_keys_into(content, &mut whole_key, &mut parts_key);
            if whole_key != parts_key {
                by_word_set
                    .entry(set_hash(&parts_key))
                    .or_default()
                    .push(id);
            }
            by_word_set
                .entry(set_hash(&whole_key))
                .or_default()
                .push(id);
        }
        seen.clear();
        for form in content.iter().flat_map(LabelWord::forms) {
            if seen.contains(&form) {
                continue;
            }
            seen.push(form);
            let f = form as usize;
            forms.labels[f].push(id);
            last_occupation.resize(forms.labels.len(), u32::MAX);
            // Labels come occupation by occupation, so a change of occupation is a new one.
            if last_occupation[f] != r.occupation {
                forms.occupations[f] += 1;
                last_occupation[f] = r.occupation;
            }
        }
        labels.push(Label {
            occupation: r.occupation,
            kind: r.kind,
            text: r.text.as_str().into(),
            word_count: r.folded.len(),
            words: (start as u32, label_words.len() as u32),
            demotion,
        });
    }
    forms.sorted = forms.ids.iter().map(|(f, &id)| (f.clone(), id)).collect();
    forms.sorted.sort_unstable();
    forms.sorted_backwards = forms
        .sorted
        .iter()
        .map(|(f, id)| (f.chars().rev().collect(), *id))
        .collect();
    forms.sorted_backwards.sort_unstable();
    let typo_keys = build_typo_keys(&by_joined, &labels);

    Index {
        lang,
        labels,
        label_words,
        majors,
        by_joined,
        by_word_set,
        typo_keys,
        forms,
        vocabulary,
        users,
        full_text: FullText {
            terms: FxMap::default(),
            postings: Vec::new(),
            doc_len: Vec::new(),
            avg_len: 1.0,
        },
    }
}

/// Word (or word ending) → occupations whose preferred label uses it; see [`Index::users`].
fn build_users(raw: &[Raw]) -> FxMap<String, Vec<u32>> {
    let mut users: FxMap<String, Vec<u32>> = FxMap::default();
    for r in raw.iter().filter(|r| r.kind == LabelKind::Preferred) {
        for word in &r.folded {
            let total = word.chars().count();
            for (n, (at, _)) in word.char_indices().enumerate() {
                if n != 0 && (n < 3 || total - n < 3) {
                    continue;
                }
                let ending = &word[at..];
                let list = match users.get_mut(ending) {
                    Some(list) => list,
                    None => users.entry(ending.to_owned()).or_default(),
                };
                if list.last() != Some(&r.occupation) {
                    list.push(r.occupation);
                }
            }
        }
    }
    users
}

/// Fewest other occupations whose preferred labels use a word, while this occupation's own
/// preferred label does not, for the word to name their family rather than this occupation:
/// "onderhoudstechnicus" heads 10 preferred labels ("onderhoudstechnicus riolering", "…
/// sporen", …) and is an alternative label of the fire-protection technician alone. The ESCO
/// words at 8 or more are such family words ("trainer", "productieleider", "onderhoudstechnicus",
/// "vertegenwoordiger", "bediener"); below, names of one job ("animator", "afwerker").
const FAMILY_USERS: usize = 8;

/// Judges a one-word alternative, hidden or job-name label by how other occupations use the
/// word (see the module docs of `resolve`).
fn demotion(
    word: &str,
    own: u32,
    kind: LabelKind,
    users: &FxMap<String, Vec<u32>>,
    majors: &[u8],
) -> Option<Demotion> {
    let own_major = majors.get(own as usize).copied();
    let (mut others, mut same_field, mut own_uses) = (0usize, 0usize, false);
    for &o in users.get(word).map_or(&[][..], Vec::as_slice) {
        if o == own {
            own_uses = true;
        } else {
            others += 1;
            if majors.get(o as usize).copied() == own_major {
                same_field += 1;
            }
        }
    }
    // ESCO's lists hold such shorthands; padvinder's catalogue names a function's titles on
    // purpose, each with its source, so a job name is not judged a family word.
    let family = others >= FAMILY_USERS && !own_uses && kind != LabelKind::JobName;
    if others >= 3 && (same_field as f32) < 0.1 * others as f32 {
        Some(Demotion::Borrowed)
    } else if others >= 20 || family {
        Some(Demotion::Generic)
    } else {
        None
    }
}

/// Which preferred labels use which words ([`Index::users`]) and the ISCO major groups, from
/// the Dutch rows, before an index is built: to judge labels with [`Usage::demoted`].
pub(super) struct Usage {
    users: FxMap<String, Vec<u32>>,
    majors: Vec<u8>,
}

impl Usage {
    pub(super) fn of(rows: &[Row]) -> Usage {
        let mut raw = Vec::new();
        for (occupation, row) in rows.iter().enumerate() {
            let lists = [(
                LabelKind::Preferred,
                std::slice::from_ref(&row.occupation.label),
            )];
            push_variants(&mut raw, occupation as u32, &lists, Language::Nl);
        }
        Usage {
            users: build_users(&raw),
            majors: majors_of(rows),
        }
    }

    /// True when a label of `kind` of occupation `own` that is this one folded word gives no
    /// label-tier match (a false friend or a family word).
    pub(super) fn demoted(&self, word: &str, own: u32, kind: LabelKind) -> bool {
        demotion(word, own, kind, &self.users, &self.majors).is_some()
    }
}

/// Distinct joined keys of labels that may give a label-tier match, by first letter and length.
fn build_typo_keys(
    by_joined: &FxMap<String, Vec<LabelId>>,
    labels: &[Label],
) -> FxMap<char, Vec<TypoKey>> {
    let mut buckets: FxMap<char, Vec<TypoKey>> = FxMap::default();
    for (key, ids) in by_joined {
        let usable = ids.iter().any(|&id| labels[id as usize].demotion.is_none());
        let Some(first) = key.chars().next() else {
            continue;
        };
        if usable {
            buckets.entry(first).or_default().push(TypoKey {
                key: key.clone(),
                chars: key.chars().count(),
                histogram: Histogram::of(key),
            });
        }
    }
    for bucket in buckets.values_mut() {
        bucket.sort_unstable_by(|a, b| a.chars.cmp(&b.chars).then_with(|| a.key.cmp(&b.key)));
    }
    buckets
}

/// BM25 postings of the analysed descriptions ([`analyse`], memoised per word).
fn build_full_text(rows: &[Row]) -> FullText {
    let mut memo: FxMap<String, Vec<u32>> = FxMap::default();
    let mut terms: FxMap<String, u32> = FxMap::default();
    let mut postings: Vec<Vec<(u32, u16)>> = Vec::new();
    let mut doc_len = Vec::with_capacity(rows.len());
    let mut doc: Vec<u32> = Vec::new();
    for (occupation, row) in rows.iter().enumerate() {
        doc.clear();
        for word in words(&row.occupation.description) {
            if let Some(ids) = memo.get(&word) {
                doc.extend_from_slice(ids);
                continue;
            }
            let ids: Vec<u32> = analyse(&word)
                .into_iter()
                .map(|term| {
                    let next = terms.len() as u32;
                    *terms.entry(term).or_insert(next)
                })
                .collect();
            postings.resize(terms.len(), Vec::new());
            doc.extend_from_slice(&ids);
            memo.insert(word, ids);
        }
        doc_len.push(doc.len() as u32);
        doc.sort_unstable();
        for run in doc.chunk_by(|a, b| a == b) {
            let tf = u16::try_from(run.len()).unwrap_or(u16::MAX);
            postings[run[0] as usize].push((occupation as u32, tf));
        }
    }
    let avg_len = if doc_len.is_empty() {
        1.0
    } else {
        (doc_len.iter().map(|&l| l as f32).sum::<f32>() / doc_len.len() as f32).max(1.0)
    };
    FullText {
        terms,
        postings,
        doc_len,
        avg_len,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slash_variants() {
        assert_eq!(
            label_variants("barman/barvrouw"),
            vec!["barman/barvrouw", "barman", "barvrouw"]
        );
        assert_eq!(
            label_variants("leraar/lerares lager onderwijs"),
            vec![
                "leraar/lerares lager onderwijs",
                "leraar lager onderwijs",
                "lerares lager onderwijs"
            ]
        );
        assert_eq!(
            label_variants("monteur stoomtechniek / ketelonderhoud"),
            vec![
                "monteur stoomtechniek / ketelonderhoud",
                "monteur stoomtechniek",
                "monteur ketelonderhoud"
            ]
        );
        assert_eq!(
            label_variants("medewerker groenvoorziening/medewerkster groenvoorziening"),
            vec![
                "medewerker groenvoorziening/medewerkster groenvoorziening",
                "medewerker groenvoorziening",
                "medewerkster groenvoorziening"
            ]
        );
        assert_eq!(
            label_variants("hoofd QA/QC"),
            vec!["hoofd QA/QC", "hoofd QA", "hoofd QC"]
        );
        assert_eq!(
            label_variants("CAD/CAM-patronentekenaar"),
            vec![
                "CAD/CAM-patronentekenaar",
                "CAD-patronentekenaar",
                "CAM-patronentekenaar"
            ]
        );
        assert_eq!(label_variants("IND-medewerkster//f").len(), 1);
        assert_eq!(label_variants("lasser"), vec!["lasser"]);
    }

    /// The false friends named in the data README are demoted; ordinary alternative labels,
    /// Flemish ones included, are not.
    #[test]
    fn false_friends_are_demoted() {
        let path = crate::layout::DataLayout::new(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("paths"),
        )
        .occupations();
        let file = std::fs::File::open(&path).unwrap_or_else(|e| panic!("{e}"));
        let rows = super::super::load::read_rows(file, "esco").unwrap_or_else(|e| panic!("{e}"));
        let index = build_labels(label_variants_of(&rows), majors_of(&rows), Language::Nl);
        let flag = |label: &str, occupation: &str| -> Option<Demotion> {
            let o = rows
                .iter()
                .position(|r| r.occupation.label == occupation)
                .unwrap_or_else(|| panic!("no {occupation}")) as u32;
            let ids = index
                .by_joined
                .get(label)
                .unwrap_or_else(|| panic!("no {label}"));
            let id = ids
                .iter()
                .find(|&&id| index.labels[id as usize].occupation == o)
                .unwrap_or_else(|| panic!("{label} is no label of {occupation}"));
            index.labels[*id as usize].demotion
        };
        assert_eq!(
            flag("monteur", "editor film en video"),
            Some(Demotion::Borrowed)
        );
        assert_eq!(
            flag("monteur", "installatie-ingenieur"),
            Some(Demotion::Borrowed)
        );
        assert_eq!(
            flag("monteur", "werktuigbouwkundige bosbouw"),
            Some(Demotion::Generic)
        );
        assert_eq!(
            flag("onderhoudsmonteur", "onderhoudsingenieur"),
            Some(Demotion::Borrowed)
        );
        assert_eq!(
            flag("elektricien", "monteur elektrische installaties"),
            None
        );
        assert_eq!(flag("schrijnwerker", "timmerman"), None);
        assert_eq!(flag("vorklifttruckbestuurder", "heftruckchauffeur"), None);
        assert_eq!(flag("magazijnier", "magazijnmedewerker"), None);
        // Family words: 8 or more other preferred labels use the word, this one's does not.
        assert_eq!(
            flag("onderhoudstechnicus", "technicus brandbeveiligingssystemen"),
            Some(Demotion::Generic)
        );
        assert_eq!(
            flag("vertegenwoordiger", "technisch verkoper"),
            Some(Demotion::Generic)
        );
        // Fewer users, or the own preferred label uses the word: the name of this job.
        assert_eq!(flag("animator", "recreatiebegeleider"), None);
        assert_eq!(flag("schilder", "schilder bouw"), None);
        assert_eq!(flag("tester", "software tester"), None);
        let borrowed = index
            .labels
            .iter()
            .filter(|l| l.demotion == Some(Demotion::Borrowed))
            .count();
        let generic = index
            .labels
            .iter()
            .filter(|l| l.demotion == Some(Demotion::Generic))
            .count();
        assert!((30..=80).contains(&borrowed), "{borrowed} borrowed labels");
        assert!((5..=30).contains(&generic), "{generic} generic labels");
    }

    #[test]
    fn inflected_words_share_a_stem() {
        let mut forms = Forms::default();
        for f in [
            "навантажувальних",
            "навантажити",
            "spawacz",
            "kierowca",
            "kierownik",
        ] {
            forms.intern(f);
        }
        forms.sorted = forms.ids.iter().map(|(f, &id)| (f.clone(), id)).collect();
        forms.sorted.sort_unstable();
        let found = |word: &str| -> Vec<(String, usize)> {
            let mut out: Vec<(String, usize)> = forms
                .sharing_stem(word, 64)
                .into_iter()
                .map(|(id, common, _)| {
                    let text = forms.sorted.iter().find(|(_, i)| *i == id);
                    (text.map(|(f, _)| f.clone()).unwrap_or_default(), common)
                })
                .collect();
            out.sort();
            out
        };
        // 13 letters: the first 10 must be shared; "навантажити" shares only 8.
        assert_eq!(
            found("навантажувача"),
            [("навантажувальних".to_owned(), 11)]
        );
        assert_eq!(found("spawaczem"), [("spawacz".to_owned(), 7)]);
        // Both share "kierow"; the caller weighs by the letters shared (7 against 6).
        assert_eq!(
            found("kierowcy"),
            [("kierowca".to_owned(), 7), ("kierownik".to_owned(), 6)]
        );
        // Under 5 letters kept, nothing is guessed.
        assert!(found("kasa").is_empty());
    }

    #[test]
    fn histogram_bounds_edits() {
        let a = Histogram::of("heftruckchauffeur");
        let b = Histogram::of("heftrukchauffeur");
        assert!(a.distance(&b) <= 2);
    }

    #[test]
    fn compound_split_at_a_label_word() {
        let vocabulary: FxSet<String> = ["chauffeur".to_owned()].into_iter().collect();
        let forms = word_forms("vorkliftchauffeur", &vocabulary, Language::Nl);
        assert_eq!(forms.parts.len(), 2);
        assert_eq!(forms.parts[1], stem("chauffeur"));
    }
}
