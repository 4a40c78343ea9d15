//! The languages of the ESCO labels and how each one's words are analysed for resolving.
//!
//! Dutch goes through [`crate::text`] (the analysis shared with the search index: Dutch stop
//! words, Snowball Dutch with corrections, the Dutch compound parts). The other languages get
//! their own, lighter analysis: the same folding (case, accents and other combining marks), a few
//! script rules (apostrophes inside Ukrainian words, Latin look-alike letters in Cyrillic words,
//! Arabic letter variants and the tatweel, Polish `ł`), a short stop list of the words that join
//! the parts of a job name ("operator *of* forklift trucks"), and a Snowball stemmer where one
//! exists for the language (English, German, Portuguese, Spanish, Arabic). Polish and Ukrainian
//! have no Snowball stemmer; their forms meet through the typo tier and, in the word-part tier,
//! by their shared start ([`Language::has_stemmer`]). The Dutch compound parts are
//! never applied to another language; a compound is only cut at a label word of its own
//! language ("Gabelstaplerfahrer" → "gabelstapler" + "fahrer").

use std::sync::OnceLock;

use crate::text;

/// A language padvinder has ESCO occupation labels for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Language {
    Nl,
    En,
    Pl,
    Uk,
    Ar,
    De,
    Pt,
    Es,
}

/// The languages besides Dutch, in the order their label files are read.
pub const FOREIGN: [Language; 7] = [
    Language::En,
    Language::Pl,
    Language::Uk,
    Language::Ar,
    Language::De,
    Language::Pt,
    Language::Es,
];

/// The writing system of a text or a language; a query is only compared with labels in its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Script {
    Latin,
    Cyrillic,
    Arabic,
}

impl Language {
    /// ISO 639-1 code, as in the file names (`occupations_en.csv`) and the API (`"en"`).
    pub fn code(self) -> &'static str {
        match self {
            Language::Nl => "nl",
            Language::En => "en",
            Language::Pl => "pl",
            Language::Uk => "uk",
            Language::Ar => "ar",
            Language::De => "de",
            Language::Pt => "pt",
            Language::Es => "es",
        }
    }

    pub(super) fn script(self) -> Script {
        match self {
            Language::Uk => Script::Cyrillic,
            Language::Ar => Script::Arabic,
            _ => Script::Latin,
        }
    }

    /// The text as folded words, the way labels of this language are read.
    pub fn words(self, text: &str) -> Vec<String> {
        if self == Language::Nl {
            return text::words(text);
        }
        // Apostrophes join, they do not separate: "зв’язків" is one word, typed "звязків" too.
        let joined: String = text
            .chars()
            .filter(|c| !matches!(c, '\'' | '’' | 'ʼ' | '‘' | '`' | 'ـ'))
            .collect();
        text::words(&joined)
            .into_iter()
            .map(|w| self.normalise_word(w))
            .collect()
    }

    /// Script rules for one folded word of this language.
    fn normalise_word(self, word: String) -> String {
        match self {
            Language::Ar => word
                .chars()
                .map(|c| match c {
                    'ة' => 'ه',
                    'ى' => 'ي',
                    'ٱ' => 'ا',
                    _ => c,
                })
                .collect(),
            Language::Uk if word.chars().any(is_cyrillic) => word
                .chars()
                .map(|c| match c {
                    // Latin letters that look like Cyrillic ones, as in ESCO's "cекретар".
                    'a' => 'а',
                    'c' => 'с',
                    'e' => 'е',
                    'i' => 'і',
                    'o' => 'о',
                    'p' => 'р',
                    'x' => 'х',
                    'y' => 'у',
                    _ => c,
                })
                .collect(),
            Language::Pl if word.contains('ł') => word.replace('ł', "l"),
            _ => word,
        }
    }

    /// True when `word` (folded) only joins the words of a job name in this language.
    pub(super) fn is_stop_word(self, word: &str) -> bool {
        let list: &[&str] = match self {
            Language::Nl => return text::is_stop_word(word),
            Language::En => &["of", "and", "the", "in", "for", "a", "an", "on", "at", "to"],
            Language::Pl => &["i", "w", "z", "ze", "do", "na", "oraz", "dla"],
            Language::Uk => &["і", "и", "в", "у", "з", "та", "для", "на"],
            Language::Ar => &["و", "في", "من", "على", "او"],
            Language::De => &[
                "und", "der", "die", "das", "des", "den", "von", "fur", "im", "in", "fuer",
            ],
            Language::Pt => &["de", "da", "do", "das", "dos", "e", "em", "para", "a", "o"],
            Language::Es => &[
                "de", "del", "la", "el", "las", "los", "y", "e", "en", "para", "a",
            ],
        };
        list.contains(&word)
    }

    /// Stems one folded word of this language (Dutch: [`text::stem`]).
    pub(super) fn stem(self, word: &str) -> String {
        static STEMMERS: OnceLock<[Option<rust_stemmers::Stemmer>; 5]> = OnceLock::new();
        use rust_stemmers::Algorithm;
        let slot = match self {
            Language::Nl => return text::stem(word),
            Language::Pl | Language::Uk => return word.to_owned(),
            Language::En => 0,
            Language::De => 1,
            Language::Pt => 2,
            Language::Es => 3,
            Language::Ar => 4,
        };
        // Short words and codes ("cnc", "ict") stay as they are, as in Dutch.
        if word.chars().count() <= 3 || word.chars().any(|c| c.is_ascii_digit()) {
            return word.to_owned();
        }
        let stemmers = STEMMERS.get_or_init(|| {
            [
                Algorithm::English,
                Algorithm::German,
                Algorithm::Portuguese,
                Algorithm::Spanish,
                Algorithm::Arabic,
            ]
            .map(|a| Some(rust_stemmers::Stemmer::create(a)))
        });
        match &stemmers[slot] {
            Some(stemmer) => stemmer.stem(word).into_owned(),
            None => word.to_owned(),
        }
    }

    /// True when [`Language::stem`] has a stemmer for this language; Polish and Ukrainian
    /// words meet their other inflections by their shared start instead.
    pub(super) fn has_stemmer(self) -> bool {
        !matches!(self, Language::Pl | Language::Uk)
    }

    /// Splits a folded compound into known parts; only Dutch has a table of parts.
    pub(super) fn split_compound(self, word: &str) -> Vec<String> {
        match self {
            Language::Nl => text::split_compound(word),
            _ => Vec::new(),
        }
    }
}

fn is_cyrillic(c: char) -> bool {
    ('\u{0400}'..='\u{04FF}').contains(&c)
}

fn is_arabic(c: char) -> bool {
    ('\u{0600}'..='\u{06FF}').contains(&c) || ('\u{0750}'..='\u{077F}').contains(&c)
}

/// The scripts a text is written in (a text may mix them).
pub(super) fn scripts_of(text: &str) -> [bool; 3] {
    let mut found = [false; 3];
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        let at = if is_cyrillic(c) {
            1
        } else if is_arabic(c) {
            2
        } else {
            0
        };
        found[at] = true;
    }
    found
}

impl Script {
    pub(super) fn slot(self) -> usize {
        match self {
            Script::Latin => 0,
            Script::Cyrillic => 1,
            Script::Arabic => 2,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_are_normalised() {
        assert_eq!(Language::Uk.words("зв’язків"), vec!["звязків"]);
        // A Latin "c" in a Cyrillic word becomes Cyrillic.
        assert_eq!(
            Language::Uk.words("cекретар"),
            Language::Uk.words("секретар")
        );
        // Arabic: hamza forms of alef and vowel marks fold away; ta marbuta meets ha.
        assert_eq!(Language::Ar.words("أمينة"), Language::Ar.words("امينه"));
        assert_eq!(Language::Ar.words("لَحّام"), Language::Ar.words("لحام"));
        assert_eq!(
            Language::Pl.words("Spawacz Łukowy"),
            vec!["spawacz", "lukowy"]
        );
        assert_eq!(Language::De.words("Schweißer"), vec!["schweisser"]);
    }

    #[test]
    fn stemmers_per_language() {
        assert_eq!(Language::En.stem("drivers"), Language::En.stem("driver"));
        assert_eq!(Language::Es.stem("cajeros"), Language::Es.stem("cajero"));
        assert_eq!(Language::Pl.stem("spawacze"), "spawacze");
        assert!(Language::En.split_compound("forklift").is_empty());
    }
}
