//! The matching tiers run for one query, from the strongest to the weakest.

use super::index::FxMap;
use super::index::{
    FormId, Histogram, Index, LabelId, LabelKind, LabelWord, WordForms, head_start, set_hash,
    word_forms, word_set_keys,
};
use super::lang::{Language, scripts_of};
use super::{Candidate, MatchKind, MatchedLabel, Occupation};
use crate::base::cancel;
use crate::text::analyse;

/// Only the start of a long text is read: no job title is longer, and it bounds the work.
const MAX_QUERY_BYTES: usize = 512;
/// At most this many words are used; the longest ESCO label has fewer.
const MAX_QUERY_WORDS: usize = 24;
/// At most this many word forms take part in the word-part tier.
const MAX_QUERY_FORMS: usize = 48;
/// A typo is only looked for in short texts: a sentence is not a misspelt label.
const MAX_TYPO_WORDS: usize = 6;
/// Lookups of longer forms that start or end with an unknown one stop after this many.
const MAX_AFFIX_FORMS: usize = 64;
/// How much of an unknown word counts as found at the end of a longer one: the end of a Dutch
/// compound is its head, so "thuiszorgmedewerker" is a kind of "zorgmedewerker".
const ENDING_COVER: f32 = 0.95;
/// How much of an unknown part counts as found at the start of a longer one ("vorklift" in
/// "vorklifttruck"): weaker, the start is only a modifier.
const PREFIX_COVER: f32 = 0.8;
/// How much of a query word counts as found when only its compound parts are, spread over
/// the label: a label with the word itself ranks above one that has its parts in other words.
const PARTS_ONLY_COVER: f32 = 0.85;
/// Quality of a match through a synonymous head ("heftruckrijder" as "heftruckchauffeur").
const VARIANT_WEIGHT: f32 = 0.9;
/// At most this many texts with a swapped head are tried.
const MAX_VARIANT_QUERIES: usize = 8;
/// Quality of a match in another language than Dutch, relative to the same match in Dutch: a
/// Dutch word that is also a foreign label ("operator") keeps its Dutch reading first.
const FOREIGN_WEIGHT: f32 = 0.95;
/// BM25 parameters (the usual defaults).
const BM25_K1: f32 = 1.2;
const BM25_B: f32 = 0.75;

/// Which label of which language's table gave a match.
type Via = Option<(usize, LabelId)>;

/// The best match found so far per occupation, with the label that gave it.
#[derive(Default)]
struct Best {
    found: FxMap<u32, (f32, MatchKind, Via)>,
    /// The table whose tier runs now (its position among the tables) and its weight.
    table: usize,
    weight: f32,
    /// The text runs with a swapped head: a label match counts as a hidden label.
    variant: bool,
}

impl Best {
    fn len(&self) -> usize {
        self.found.len()
    }

    fn offer(&mut self, occupation: u32, kind: MatchKind, quality: f32, label: Option<LabelId>) {
        let kind = if self.variant && kind < MatchKind::HiddenLabel {
            MatchKind::HiddenLabel
        } else {
            kind
        };
        let score = kind.score(quality * self.weight);
        let via = label.map(|l| (self.table, l));
        let entry = self.found.entry(occupation).or_insert((score, kind, via));
        if score > entry.0 {
            *entry = (score, kind, via);
        }
    }
}

/// A query after analysis.
struct Query {
    /// Folded words, at most [`MAX_QUERY_WORDS`].
    folded: Vec<String>,
    /// The words that are not stop words: folded, and analysed like label words.
    content: Vec<(String, WordForms)>,
    /// Per content word: the Dutch labels know it. Set for another language's table only: such
    /// a word was meant in Dutch, so it takes no part in that table's word-part tier.
    dutch: Vec<bool>,
}

impl Query {
    fn new(text: &str, index: &Index) -> Query {
        let mut end = text.len().min(MAX_QUERY_BYTES);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let mut folded = index.lang.words(&text[..end]);
        folded.truncate(MAX_QUERY_WORDS);
        let content = folded
            .iter()
            .filter(|w| !index.lang.is_stop_word(w))
            .map(|w| {
                let mut forms = word_forms(w, &index.vocabulary, index.lang);
                // A word the labels know whole is not cut at a label word: "medewerker" would
                // otherwise also look for every "-werker".
                if forms.split_at_label_word && index.forms.get(&forms.whole).is_some() {
                    forms.parts.clear();
                }
                (w.clone(), forms)
            })
            .collect();
        Query {
            folded,
            content,
            dutch: Vec::new(),
        }
    }

    /// True when every content word is a Dutch one (see [`Query::dutch`]).
    fn all_dutch(&self) -> bool {
        !self.dutch.is_empty() && self.dutch.iter().all(|&d| d)
    }

    /// The content words as interned label words; `None` if a whole word is unknown to the
    /// labels. Unknown parts are left out, so only the whole-word key can then match.
    fn label_words(&self, index: &Index) -> Option<Vec<LabelWord>> {
        self.content
            .iter()
            .map(|(_, wf)| {
                let parts: Option<Vec<FormId>> =
                    wf.parts.iter().map(|p| index.forms.get(p)).collect();
                Some(LabelWord::new(
                    index.forms.get(&wf.whole)?,
                    &parts.unwrap_or_default(),
                ))
            })
            .collect()
    }
}

/// Runs the tiers over the tables of the languages written in the text's script and returns
/// the best `limit` candidates.
pub(super) fn resolve(
    indexes: &[Index],
    occupations: &[Occupation],
    text: &str,
    limit: usize,
) -> Vec<Candidate> {
    if limit == 0 {
        return Vec::new();
    }
    let scripts = scripts_of(text);
    let any_letters = scripts.iter().any(|&s| s);
    let mut queries: Vec<(usize, Query)> = indexes
        .iter()
        .enumerate()
        // A text without letters (a code, digits) is read as Latin script.
        .filter(|(_, index)| {
            let slot = index.lang.script().slot();
            scripts[slot] || (!any_letters && slot == 0)
        })
        .map(|(n, index)| (n, Query::new(text, index)))
        .filter(|(_, query)| !query.folded.is_empty())
        .collect();
    if queries.is_empty() {
        return Vec::new();
    }
    mark_dutch_words(indexes, &mut queries);
    let variants = head_variants(indexes, &queries);
    let mut best = Best::default();
    let tiers: [fn(&Index, &Query, &mut Best); 5] = [
        label_tiers,
        typo_tier,
        word_order_tier,
        word_part_tier,
        full_text_tier,
    ];
    for (t, tier) in tiers.into_iter().enumerate() {
        // Each tier scores below every earlier one, so once `limit` occupations are found no
        // later tier can change the top `limit`.
        if best.len() >= limit || cancel::requested() {
            break;
        }
        for (n, query) in &queries {
            // A request that gave up stops here; what is returned then is never read.
            if cancel::requested() {
                break;
            }
            let index = &indexes[*n];
            best.table = *n;
            best.variant = false;
            best.weight = if index.lang == Language::Nl {
                1.0
            } else {
                FOREIGN_WEIGHT
            };
            tier(index, query, &mut best);
        }
        // A swapped head only counts as the same label (tiers 1-5), not for shared words.
        if t < 3 {
            for (n, query) in &variants {
                best.table = *n;
                best.variant = true;
                best.weight = VARIANT_WEIGHT;
                tier(&indexes[*n], query, &mut best);
            }
        }
    }
    // The text is some occupation's own preferred or alternative label, in any language: a job
    // name from padvinder's catalogue ("plumber" among a function's other titles) does not put
    // another occupation beside it.
    if best.found.values().any(|e| e.1 <= MatchKind::AltLabel) {
        best.found.retain(|_, e| e.1 != MatchKind::JobName);
    }
    rank(best, indexes, occupations, limit)
}

/// The Dutch text with one word's head swapped for a synonym ([`super::heads`]), for each word
/// the Dutch labels do not know: "heftruckrijder" is also read as "heftruckchauffeur".
fn head_variants(indexes: &[Index], queries: &[(usize, Query)]) -> Vec<(usize, Query)> {
    let mut out = Vec::new();
    let Some((n, query)) = queries
        .iter()
        .find(|(n, _)| indexes[*n].lang == Language::Nl)
    else {
        return out;
    };
    let index = &indexes[*n];
    let known = |word: &str| index.forms.get(&index.lang.stem(word)).is_some();
    // Words joined by a hyphen or a space are one compound to a person ("heftruck-rijder").
    if (2..=3).contains(&query.folded.len()) {
        let joined = query.folded.concat();
        if !known(&joined) {
            for variant in super::heads::variants(&joined) {
                out.push((*n, Query::new(&variant, index)));
            }
        }
    }
    for (at, word) in query.folded.iter().enumerate() {
        if index.lang.is_stop_word(word) || known(word) {
            continue;
        }
        for variant in super::heads::variants(word) {
            if out.len() >= MAX_VARIANT_QUERIES {
                return out;
            }
            let mut words = query.folded.clone();
            words[at] = variant;
            out.push((*n, Query::new(&words.join(" "), index)));
        }
    }
    out
}

/// Marks, in the queries of the other languages' tables, the words the Dutch labels know
/// (as a whole stem): "monteur" in "laadpaal-monteur" is Dutch, so the German labels with
/// "Monteur" must not outrank the Dutch ones by word parts, and "cnc bediener" is no typo of the
/// German "CAD-Bediener". Labels in every language are still looked up whole.
fn mark_dutch_words(indexes: &[Index], queries: &mut [(usize, Query)]) {
    let Some(dutch) = indexes.iter().find(|i| i.lang == Language::Nl) else {
        return;
    };
    for (n, query) in queries.iter_mut() {
        if indexes[*n].lang == Language::Nl {
            continue;
        }
        query.dutch = query
            .content
            .iter()
            .map(|(folded, _)| dutch.forms.get(&dutch.lang.stem(folded)).is_some())
            .collect();
    }
}

/// Orders by score, then label, then URI, and builds the candidates.
fn rank(best: Best, indexes: &[Index], occupations: &[Occupation], limit: usize) -> Vec<Candidate> {
    let matched = |via: Via| -> Option<MatchedLabel> {
        let (table, label) = via?;
        let index = indexes.get(table)?;
        if index.lang == Language::Nl {
            return None;
        }
        Some(MatchedLabel {
            label: index.labels.get(label as usize)?.text.to_string(),
            lang: index.lang.code(),
        })
    };
    let mut found: Vec<(&Occupation, f32, MatchKind, Via)> = best
        .found
        .into_iter()
        .filter_map(|(o, (score, kind, via))| {
            Some((occupations.get(o as usize)?, score, kind, via))
        })
        .collect();
    found.sort_by(|a, b| {
        b.1.total_cmp(&a.1)
            .then_with(|| a.0.label.cmp(&b.0.label))
            .then_with(|| a.0.esco_uri.cmp(&b.0.esco_uri))
    });
    found.truncate(limit);
    found
        .into_iter()
        .map(|(occupation, score, matched_by, via)| Candidate {
            esco_uri: occupation.esco_uri.clone(),
            isco: occupation.isco.clone(),
            label: occupation.label.clone(),
            score,
            matched_by,
            matched: matched(via),
        })
        .collect()
}

/// Lower quality for a key shared by several occupations: 1 for one, 2/3 for two, 1/2 for three.
fn specificity(occupations: usize) -> f32 {
    1.0 / (1.0 + 0.5 * occupations.saturating_sub(1) as f32)
}

/// The usable (not demoted) labels among `ids` and the number of distinct occupations they name.
fn usable(index: &Index, ids: &[LabelId]) -> (Vec<LabelId>, usize) {
    let ids: Vec<LabelId> = ids
        .iter()
        .copied()
        .filter(|&id| index.labels[id as usize].demotion.is_none())
        .collect();
    let mut occupations: Vec<u32> = ids
        .iter()
        .map(|&id| index.labels[id as usize].occupation)
        .collect();
    occupations.sort_unstable();
    occupations.dedup();
    (ids, occupations.len())
}

/// Weight of a label kind in the typo and word-order tiers.
fn kind_weight(kind: LabelKind) -> f32 {
    match kind {
        LabelKind::Preferred => 1.0,
        LabelKind::Alt => 0.9,
        LabelKind::Hidden | LabelKind::JobName => 0.8,
    }
}

/// Tiers 1–3: the text equals a preferred, alternative or hidden label.
fn label_tiers(index: &Index, query: &Query, best: &mut Best) {
    let Some(ids) = index.by_joined.get(&query.folded.concat()) else {
        return;
    };
    let (ids, occupations) = usable(index, ids);
    for id in ids {
        let label = &index.labels[id as usize];
        // Same letters and same number of words is the label as written; other spacing
        // ("heftruck chauffeur") scores a little lower.
        let spacing = if label.word_count == query.folded.len() {
            1.0
        } else {
            0.9
        };
        let kind = match label.kind {
            LabelKind::Preferred => MatchKind::ExactLabel,
            LabelKind::Alt => MatchKind::AltLabel,
            LabelKind::Hidden => MatchKind::HiddenLabel,
            LabelKind::JobName => MatchKind::JobName,
        };
        best.offer(
            label.occupation,
            kind,
            spacing * specificity(occupations),
            Some(id),
        );
    }
}

/// Tier 4: a label within Meilisearch's typo budget, first letter kept.
fn typo_tier(index: &Index, query: &Query, best: &mut Best) {
    if query.folded.len() > MAX_TYPO_WORDS || query.all_dutch() {
        return;
    }
    let joined = query.folded.concat();
    // A text that is a label as written, though one that gives no label match (a family word:
    // "vertegenwoordiger"), is no misspelling of a label a few letters away
    // ("vertegenwoordigster").
    if index.by_joined.contains_key(&joined) {
        return;
    }
    let chars = joined.chars().count();
    let budget = match chars {
        0..=4 => return,
        5..=8 => 1,
        _ => 2,
    };
    let Some(first) = joined.chars().next() else {
        return;
    };
    let Some(bucket) = index.typo_keys.get(&first) else {
        return;
    };
    let histogram = Histogram::of(&joined);
    let start = bucket.partition_point(|k| k.chars + budget < chars);
    for key in bucket[start..]
        .iter()
        .take_while(|k| k.chars <= chars + budget)
    {
        if key.histogram.distance(&histogram) > 2 * budget as u32 {
            continue;
        }
        let distance = strsim::damerau_levenshtein(&joined, &key.key);
        if distance == 0 || distance > budget {
            continue;
        }
        let Some(ids) = index.by_joined.get(&key.key) else {
            continue;
        };
        let similarity = 1.0 - distance as f32 / chars.max(key.chars) as f32;
        let (ids, occupations) = usable(index, ids);
        for id in ids {
            let label = &index.labels[id as usize];
            let quality = similarity * kind_weight(label.kind) * specificity(occupations);
            best.offer(label.occupation, MatchKind::Typo, quality, Some(id));
        }
    }
}

/// Tier 5: the same content words (stems, compounds split) in any order.
fn word_order_tier(index: &Index, query: &Query, best: &mut Best) {
    if query.all_dutch() {
        return;
    }
    let Some(words) = query.label_words(index) else {
        return;
    };
    if words.is_empty() {
        return;
    }
    let keys = word_set_keys(&words);
    let mut ids: Vec<LabelId> = Vec::new();
    for key in &keys {
        if let Some(found) = index.by_word_set.get(&set_hash(key)) {
            // Confirm: two different sets may share a hash.
            ids.extend(found.iter().copied().filter(|&id| {
                let label_keys = word_set_keys(index.words_of(&index.labels[id as usize]));
                label_keys.iter().any(|k| keys.contains(k))
            }));
        }
    }
    ids.sort_unstable();
    ids.dedup();
    let (ids, occupations) = usable(index, &ids);
    for id in ids {
        let label = &index.labels[id as usize];
        let quality = kind_weight(label.kind) * specificity(occupations);
        best.offer(label.occupation, MatchKind::WordOrder, quality, Some(id));
    }
}

/// Rarity of a form found in the labels of `occurrences` of `total` occupations.
fn idf(occurrences: u32, total: usize) -> f32 {
    (1.0 + total as f32 / (occurrences as f32 + 1.0)).ln()
}

/// One query form (a whole word or a compound part) in the word-part tier.
struct QueryForm {
    word: usize,
    whole: bool,
    /// Rarity; for a form found nowhere, that of the rarest form (missing it should cost).
    weight: f32,
    known: bool,
}

/// How a label form matches a query form.
#[derive(Clone, Copy)]
struct FormMatch {
    form: usize,
    /// How much of the query form is found: 1, or less inside a longer form.
    cover: f32,
    /// How much of the label form is covered: 1, or the share of the query form in it.
    precision: f32,
}

/// Tier 6: labels sharing words or compound parts with the text.
///
/// A label scores by how much of the text it covers (rare forms weigh more) and how much of
/// itself the text covers (rare label words weigh more, as in a TF-IDF cosine: a label's generic
/// words cost less than its specific ones); an occupation by its best label plus a little for what its labels
/// cover together ("cv-monteur": "installateur cv" and "verwarmingsmonteur"), times its fit with
/// the text's field (see [`field_weights`]).
fn word_part_tier(index: &Index, query: &Query, best: &mut Best) {
    let total = index.occupation_count();
    let mut forms: Vec<QueryForm> = Vec::new();
    let mut matched: FxMap<FormId, Vec<FormMatch>> = FxMap::default();
    for (word, (_, wf)) in query.content.iter().enumerate() {
        if query.dutch.get(word).copied().unwrap_or(false) {
            continue;
        }
        for (n, form) in wf.all().enumerate() {
            if forms.len() >= MAX_QUERY_FORMS {
                break;
            }
            let i = forms.len();
            let mut qf = QueryForm {
                word,
                whole: n == 0,
                weight: idf(0, total),
                known: false,
            };
            if let Some(id) = index.forms.get(form) {
                qf.weight = idf(index.forms.occupations[id as usize], total);
                qf.known = true;
                matched.entry(id).or_default().push(FormMatch {
                    form: i,
                    cover: 1.0,
                    precision: 1.0,
                });
            } else if form.chars().count() >= 5 {
                // An unknown whole word may end a longer one ("zorgmedewerker" →
                // "thuiszorgmedewerker": Dutch compounds end in their head); an unknown part
                // may start one ("vorklift" → "vorklifttruck").
                let len = form.chars().count();
                let (longer, cover) = if n == 0 {
                    (
                        index.forms.longer_with_ending(form, MAX_AFFIX_FORMS),
                        ENDING_COVER,
                    )
                } else {
                    (
                        index.forms.longer_with_prefix(form, MAX_AFFIX_FORMS),
                        PREFIX_COVER,
                    )
                };
                let mut most = 0u32;
                for (id, chars) in longer {
                    most = most.max(index.forms.occupations[id as usize]);
                    matched.entry(id).or_default().push(FormMatch {
                        form: i,
                        cover,
                        precision: cover * len as f32 / chars.max(1) as f32,
                    });
                }
                // Without a stemmer, an inflected word meets its label forms by their shared
                // start ("навантажувача" → "навантажувальних", "spawaczem" → "spawacz").
                if n == 0 && !index.lang.has_stemmer() {
                    for (id, common, chars) in index.forms.sharing_stem(form, MAX_AFFIX_FORMS) {
                        most = most.max(index.forms.occupations[id as usize]);
                        matched.entry(id).or_default().push(FormMatch {
                            form: i,
                            cover: common as f32 / len as f32,
                            precision: common as f32 / chars.max(1) as f32,
                        });
                    }
                }
                if most > 0 {
                    qf.weight = idf(most, total);
                    qf.known = true;
                }
            }
            forms.push(qf);
        }
    }
    if matched.is_empty() {
        return;
    }

    // Word weights: the rarest known form of each word. A word nothing matched (a company name,
    // a filler word) weighs half the average, lowering every candidate alike.
    let words = query.content.len();
    let mut word_weight = vec![0.0f32; words];
    for qf in forms.iter().filter(|qf| qf.known) {
        word_weight[qf.word] = word_weight[qf.word].max(qf.weight);
    }
    let known: Vec<f32> = word_weight.iter().copied().filter(|w| *w > 0.0).collect();
    let mean_known = known.iter().sum::<f32>() / known.len().max(1) as f32;
    for w in word_weight.iter_mut().filter(|w| **w == 0.0) {
        *w = 0.5 * mean_known;
    }
    let weight_sum: f32 = word_weight.iter().sum();
    let coverage = |cover: &[f32]| -> f32 {
        let mut sum = 0.0;
        for (word, weight) in word_weight.iter().enumerate() {
            let (mut whole, mut got, mut all) = (0.0f32, 0.0f32, 0.0f32);
            for (qf, c) in forms.iter().zip(cover).filter(|(qf, _)| qf.word == word) {
                if qf.whole {
                    whole = *c;
                } else {
                    got += qf.weight * c;
                    all += qf.weight;
                }
            }
            let parts = if all > 0.0 {
                PARTS_ONLY_COVER * got / all
            } else {
                0.0
            };
            sum += weight * whole.max(parts);
        }
        if weight_sum > 0.0 {
            sum / weight_sum
        } else {
            0.0
        }
    };

    let mut candidates: Vec<LabelId> = matched
        .keys()
        .flat_map(|&id| index.forms.labels[id as usize].iter().copied())
        .collect();
    candidates.sort_unstable();
    candidates.dedup();

    // Per occupation: the union of covers over its labels, and its best label score.
    let width = forms.len();
    let mut slots: FxMap<u32, usize> = FxMap::default();
    let mut unions: Vec<f32> = Vec::new();
    let mut best_label: Vec<(f32, LabelId)> = Vec::new();
    let mut cover = vec![0.0f32; width];
    for id in candidates {
        let label = &index.labels[id as usize];
        let label_words = index.words_of(label);
        if label_words.is_empty() {
            continue;
        }
        cover.iter_mut().for_each(|c| *c = 0.0);
        // How much of the label the text covers, each label word weighted by its rarity: a
        // generic word the text lacks ("عامل", worker) costs less than a specific one ("منسق",
        // coordinator), so "لحام" (welder) reads "عامل لحام" before "منسق اللحام".
        let (mut precision_sum, mut rarity_sum) = (0.0f32, 0.0f32);
        for word in label_words {
            let rarity = idf(index.forms.occupations[word.whole as usize], total);
            let mut whole_precision = 0.0f32;
            let mut part_precision = 0.0f32;
            for (n, form) in word.forms().enumerate() {
                let Some(found) = matched.get(&form) else {
                    continue;
                };
                let mut p = 0.0f32;
                for m in found {
                    cover[m.form] = cover[m.form].max(m.cover);
                    p = p.max(m.precision);
                }
                if n == 0 {
                    whole_precision = p;
                } else {
                    part_precision += p;
                }
            }
            if !word.parts().is_empty() {
                part_precision /= word.parts().len() as f32;
            }
            precision_sum += rarity * whole_precision.max(part_precision);
            rarity_sum += rarity;
        }
        let precision = if rarity_sum > 0.0 {
            precision_sum / rarity_sum
        } else {
            0.0
        };
        let demotion = label.demotion.map_or(1.0, |d| d.weight());
        let score = coverage(&cover) * (0.4 + 0.6 * precision) * demotion;
        let slot = *slots.entry(label.occupation).or_insert_with(|| {
            unions.resize(unions.len() + width, 0.0);
            best_label.push((0.0, id));
            best_label.len() - 1
        });
        let union = &mut unions[slot * width..(slot + 1) * width];
        for (u, c) in union.iter_mut().zip(&cover) {
            *u = u.max(c * demotion);
        }
        if score > best_label[slot].0 {
            best_label[slot] = (score, id);
        }
    }

    let field = field_weights(index, query);
    for (&occupation, &slot) in &slots {
        let union = coverage(&unions[slot * width..(slot + 1) * width]);
        let (label_score, label) = best_label[slot];
        let quality = (0.75 * label_score + 0.25 * union) * field.weight(index, occupation);
        if quality > 0.0 {
            best.offer(occupation, MatchKind::WordPart, quality, Some(label));
        }
    }
}

/// How well each ISCO major group fits the words of the text.
struct Field {
    counts: [u32; 10],
    max: u32,
}

impl Field {
    /// 1 for the best-fitting major group down to 0.85 for a group that never uses the words.
    fn weight(&self, index: &Index, occupation: u32) -> f32 {
        if self.max == 0 {
            return 1.0;
        }
        let major = index.majors.get(occupation as usize).copied().unwrap_or(0) as usize;
        let count = self.counts.get(major).copied().unwrap_or(0);
        0.85 + 0.15 * count as f32 / self.max as f32
    }
}

/// The field of the text: per ISCO major group, how many occupations use its words (or the
/// longest ending of a word that at least 3 use) in their preferred label. "monteur" is used by
/// 64 craft labels and none in group 2, so a film editor weighs less than a mechanic. Under 5
/// uses in all, the field is unknown and every group weighs 1.
fn field_weights(index: &Index, query: &Query) -> Field {
    let mut counts = [0u32; 10];
    for (folded, _) in &query.content {
        let mut users = index.users_of(folded);
        if users.len() < 3
            && let Some(at) = head_start(folded, |ending| index.users_of(ending).len() >= 3)
        {
            users = index.users_of(&folded[at..]);
        }
        for &o in users {
            let major = index.majors.get(o as usize).copied().unwrap_or(0) as usize;
            if let Some(c) = counts.get_mut(major) {
                *c += 1;
            }
        }
    }
    let total: u32 = counts.iter().sum();
    let max = if total >= 5 {
        counts.iter().copied().max().unwrap_or(0)
    } else {
        0
    };
    Field { counts, max }
}

/// Tier 7: BM25 over the descriptions, normalised by the best score the terms could reach.
fn full_text_tier(index: &Index, query: &Query, best: &mut Best) {
    let ft = &index.full_text;
    if ft.terms.is_empty() {
        return; // only the Dutch table has descriptions
    }
    let total = index.occupation_count();
    let mut terms: Vec<u32> = analyse(&query.folded.join(" "))
        .iter()
        .filter_map(|t| ft.terms.get(t).copied())
        .collect();
    terms.sort_unstable();
    terms.dedup();
    let mut scores: FxMap<u32, f32> = FxMap::default();
    let mut ceiling = 0.0f32;
    for term in terms {
        let Some(postings) = ft.postings.get(term as usize) else {
            continue;
        };
        let df = postings.len() as f32;
        // Terms in more than a third of the descriptions say nothing about the job.
        if df == 0.0 || df > total as f32 / 3.0 {
            continue;
        }
        let idf = (1.0 + (total as f32 - df + 0.5) / (df + 0.5)).ln();
        ceiling += idf * (BM25_K1 + 1.0);
        for &(occupation, tf) in postings {
            let tf = f32::from(tf);
            let len = ft.doc_len.get(occupation as usize).copied().unwrap_or(0) as f32;
            let norm = BM25_K1 * (1.0 - BM25_B + BM25_B * len / ft.avg_len);
            *scores.entry(occupation).or_default() += idf * tf * (BM25_K1 + 1.0) / (tf + norm);
        }
    }
    if ceiling <= 0.0 {
        return;
    }
    let field = field_weights(index, query);
    for (occupation, score) in scores {
        let quality = (score / ceiling) * field.weight(index, occupation);
        best.offer(occupation, MatchKind::FullText, quality, None);
    }
}
