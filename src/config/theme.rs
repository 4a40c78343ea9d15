//! A tenant's look: NL Design System token names with values that are checked one by one, so a
//! theme can only ever produce the CSS padvinder writes itself (no free text reaches a style
//! sheet), and whose text/background pairs meet WCAG 2.1 AA contrast.
//!
//! The token names are those of the NL Design System packages
//! (`@nl-design-system-candidate/{button,link,paragraph,heading,focus}-tokens` and the Utrecht
//! "document" component that community themes set), written as CSS custom properties without the
//! leading `--`. Each one sets one of padvinder's own style variables (`web/style.css`).

use std::collections::BTreeMap;
use std::fmt::Write as _;

/// What kind of value a token takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// `#rgb` or `#rrggbb`.
    Color,
    /// A list of font family names and generic families.
    FontFamily,
    /// `0`, or a number with `px`, `rem` or `em`.
    Length,
}

/// A token padvinder understands: its NL Design System name, its kind, the padvinder style
/// variable it sets, and what it is for (docs/embed.md lists these).
pub struct Token {
    pub name: &'static str,
    pub kind: TokenKind,
    pub variable: &'static str,
    pub purpose: &'static str,
}

/// Every token a theme may set.
pub const TOKENS: &[Token] = &[
    Token {
        name: "utrecht-document-background-color",
        kind: TokenKind::Color,
        variable: "--bg",
        purpose: "page background",
    },
    Token {
        name: "utrecht-document-color",
        kind: TokenKind::Color,
        variable: "--fg",
        purpose: "body text",
    },
    Token {
        name: "nl-paragraph-font-family",
        kind: TokenKind::FontFamily,
        variable: "--font-body",
        purpose: "body text font",
    },
    Token {
        name: "nl-heading-level-1-font-family",
        kind: TokenKind::FontFamily,
        variable: "--font-heading",
        purpose: "heading font (all levels)",
    },
    Token {
        name: "nl-button-primary-background-color",
        kind: TokenKind::Color,
        variable: "--primary",
        purpose: "primary buttons, accents, outlined buttons' text",
    },
    Token {
        name: "nl-button-primary-hover-background-color",
        kind: TokenKind::Color,
        variable: "--primary-dark",
        purpose: "primary buttons on hover, text on tinted badges",
    },
    Token {
        name: "nl-button-border-radius",
        kind: TokenKind::Length,
        variable: "--radius",
        purpose: "corner radius of buttons, fields and cards",
    },
    Token {
        name: "nl-link-color",
        kind: TokenKind::Color,
        variable: "--link",
        purpose: "links",
    },
    Token {
        name: "nl-link-hover-color",
        kind: TokenKind::Color,
        variable: "--link-hover",
        purpose: "links on hover",
    },
    Token {
        name: "nl-focus-ring-outline-color",
        kind: TokenKind::Color,
        variable: "--focus",
        purpose: "keyboard focus ring",
    },
    Token {
        name: "nl-focus-ring-outline-width",
        kind: TokenKind::Length,
        variable: "--focus-width",
        purpose: "keyboard focus ring width",
    },
];

/// padvinder's own colours (`web/style.css`) where a theme leaves a token out.
const DEFAULT_BG: Rgb = Rgb(0xff, 0xff, 0xff);
const DEFAULT_FG: Rgb = Rgb(0x1b, 0x1b, 0x1b);
const DEFAULT_PRIMARY: Rgb = Rgb(0x0b, 0x4f, 0x8a);
const DEFAULT_PRIMARY_DARK: Rgb = Rgb(0x08, 0x3a, 0x66);
const SURFACE: Rgb = Rgb(0xf3, 0xf5, 0xf8);
const MUTED: Rgb = Rgb(0x4d, 0x56, 0x61);
const ERROR: Rgb = Rgb(0xa4, 0x16, 0x1a);
const WARN: Rgb = Rgb(0x8a, 0x4b, 0x00);
const OK: Rgb = Rgb(0x1b, 0x5e, 0x34);
const WHITE: Rgb = Rgb(0xff, 0xff, 0xff);

/// WCAG 2.1 AA: 4.5:1 for text (1.4.3), 3:1 for a focus indicator (1.4.11).
const TEXT_MIN: f64 = 4.5;
const NON_TEXT_MIN: f64 = 3.0;

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#rgb` or `#rrggbb`, any case; nothing else.
    pub fn parse(text: &str) -> Option<Rgb> {
        let hex = text.strip_prefix('#')?;
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let digit = |i: usize| u8::from_str_radix(&hex[i..=i], 16).ok();
        let pair = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        match hex.len() {
            3 => Some(Rgb(digit(0)? * 17, digit(1)? * 17, digit(2)? * 17)),
            6 => Some(Rgb(pair(0)?, pair(2)?, pair(4)?)),
            _ => None,
        }
    }

    /// `#rrggbb`.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// Relative luminance (WCAG 2.1).
    fn luminance(self) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.040_45 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(self.0) + 0.7152 * channel(self.1) + 0.0722 * channel(self.2)
    }

    /// `share` of this colour over `base` (as CSS `color-mix(in srgb, …)`).
    fn mix(self, base: Rgb, share: f64) -> Rgb {
        let m = |a: u8, b: u8| (f64::from(a) * share + f64::from(b) * (1.0 - share)).round() as u8;
        Rgb(m(self.0, base.0), m(self.1, base.1), m(self.2, base.2))
    }
}

/// The WCAG contrast ratio of two colours (1 to 21).
pub fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (a.luminance(), b.luminance());
    let (hi, lo) = if la >= lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// A checked token value, ready to be written into CSS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Color(Rgb),
    /// Already in CSS form: quoted family names and bare generic families.
    FontFamily(String),
    /// Already in CSS form (`4px`, `0.25rem`).
    Length(String),
}

/// A tenant's theme: token name → checked value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Theme {
    values: BTreeMap<&'static str, Value>,
}

/// Why a theme value or token was refused (the caller adds file, line and key).
#[derive(Debug, PartialEq, Eq)]
pub struct ThemeError {
    /// The token the problem is about (the first of a failing pair).
    pub token: String,
    pub message: String,
}

const GENERIC_FAMILIES: &[&str] = &[
    "serif",
    "sans-serif",
    "monospace",
    "cursive",
    "fantasy",
    "system-ui",
    "ui-serif",
    "ui-sans-serif",
    "ui-monospace",
    "ui-rounded",
    "math",
];

fn parse_font_family(text: &str) -> Result<String, String> {
    let parts: Vec<&str> = text.split(',').map(str::trim).collect();
    if parts.len() > 8 {
        return Err("at most 8 font families".to_owned());
    }
    let mut css = Vec::new();
    for part in parts {
        let name = part
            .strip_prefix('"')
            .and_then(|p| p.strip_suffix('"'))
            .or_else(|| part.strip_prefix('\'').and_then(|p| p.strip_suffix('\'')))
            .unwrap_or(part)
            .trim();
        if GENERIC_FAMILIES.contains(&name) && name == part {
            css.push(name.to_owned());
            continue;
        }
        let ok = !name.is_empty()
            && name.chars().count() <= 60
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '-' | '_'));
        if !ok {
            return Err(format!(
                "\"{part}\" is not a font family name (letters, digits, spaces, - and _; up to 60) or a generic family ({})",
                GENERIC_FAMILIES.join(", ")
            ));
        }
        css.push(format!("\"{name}\""));
    }
    Ok(css.join(", "))
}

fn parse_length(text: &str) -> Result<String, String> {
    let text = text.trim();
    if text == "0" {
        return Ok("0".to_owned());
    }
    let bad = || {
        format!("\"{text}\" is not a length like 4px, 0.25rem or 0 (px up to 64, rem/em up to 4)")
    };
    let (number, unit) = ["px", "rem", "em"]
        .iter()
        .find_map(|u| text.strip_suffix(u).map(|n| (n, *u)))
        .ok_or_else(bad)?;
    let well_formed = !number.is_empty()
        && number.len() <= 8
        && number.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && number.bytes().filter(|b| *b == b'.').count() <= 1
        && !number.starts_with('.')
        && !number.ends_with('.');
    let value: f64 = number.parse().map_err(|_| bad())?;
    let max = if unit == "px" { 64.0 } else { 4.0 };
    if !well_formed || value > max {
        return Err(bad());
    }
    Ok(format!("{number}{unit}"))
}

impl Theme {
    /// Checks every token and value, then the contrast of every text/background pair the theme
    /// changes. `entries` are (token as written, value).
    pub fn parse<'a>(
        entries: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Theme, ThemeError> {
        let mut values = BTreeMap::new();
        for (written, value) in entries {
            let name = written.strip_prefix("--").unwrap_or(written);
            let Some(token) = TOKENS.iter().find(|t| t.name == name) else {
                return Err(ThemeError {
                    token: written.to_owned(),
                    message: format!(
                        "unknown token \"{written}\"; known: {}",
                        TOKENS.iter().map(|t| t.name).collect::<Vec<_>>().join(", ")
                    ),
                });
            };
            let parsed = match token.kind {
                TokenKind::Color => Rgb::parse(value.trim())
                    .map(Value::Color)
                    .ok_or_else(|| format!("\"{value}\" is not a colour like #00689e or #069")),
                TokenKind::FontFamily => parse_font_family(value).map(Value::FontFamily),
                TokenKind::Length => parse_length(value).map(Value::Length),
            };
            let parsed = parsed.map_err(|message| ThemeError {
                token: token.name.to_owned(),
                message,
            })?;
            values.insert(token.name, parsed);
        }
        let theme = Theme { values };
        theme.check_contrast()?;
        Ok(theme)
    }

    fn color(&self, token: &str) -> Option<Rgb> {
        match self.values.get(token) {
            Some(Value::Color(c)) => Some(*c),
            _ => None,
        }
    }

    /// The tint padvinder puts behind badges and selected items: 10 % of the primary colour
    /// over the background (only when the theme sets either).
    fn primary_soft(&self) -> Option<Rgb> {
        let primary = self.color("nl-button-primary-background-color");
        let bg = self.color("utrecht-document-background-color");
        (primary.is_some() || bg.is_some()).then(|| {
            primary
                .unwrap_or(DEFAULT_PRIMARY)
                .mix(bg.unwrap_or(DEFAULT_BG), 0.1)
        })
    }

    /// Every pair of colours padvinder shows together, with the theme over padvinder's own
    /// colours; each must meet AA. A pair is named by its tokens (or padvinder's own colour).
    fn check_contrast(&self) -> Result<(), ThemeError> {
        let get = |token: &'static str, default: Rgb| (token, self.color(token).unwrap_or(default));
        let bg = get("utrecht-document-background-color", DEFAULT_BG);
        let fg = get("utrecht-document-color", DEFAULT_FG);
        let primary = get("nl-button-primary-background-color", DEFAULT_PRIMARY);
        let primary_dark = get(
            "nl-button-primary-hover-background-color",
            DEFAULT_PRIMARY_DARK,
        );
        let link = (
            "nl-link-color",
            self.color("nl-link-color").unwrap_or(primary.1),
        );
        let link_hover = (
            "nl-link-hover-color",
            self.color("nl-link-hover-color").unwrap_or(primary_dark.1),
        );
        let focus = (
            "nl-focus-ring-outline-color",
            self.color("nl-focus-ring-outline-color")
                .unwrap_or(primary.1),
        );
        let soft = (
            "the tint of nl-button-primary-background-color",
            self.primary_soft().unwrap_or(Rgb(0xe6, 0xee, 0xf8)),
        );
        let surface = ("padvinder's card background #f3f5f8", SURFACE);
        let white = ("padvinder's button text #ffffff", WHITE);
        let pairs = [
            (fg, bg, TEXT_MIN),
            (fg, surface, TEXT_MIN),
            (("padvinder's secondary text #4d5661", MUTED), bg, TEXT_MIN),
            (("padvinder's error text #a4161a", ERROR), bg, TEXT_MIN),
            (("padvinder's warning text #8a4b00", WARN), bg, TEXT_MIN),
            (("padvinder's confirmation text #1b5e34", OK), bg, TEXT_MIN),
            (primary, bg, TEXT_MIN),
            (white, primary, TEXT_MIN),
            (white, primary_dark, TEXT_MIN),
            (primary_dark, soft, TEXT_MIN),
            (link, bg, TEXT_MIN),
            (link, surface, TEXT_MIN),
            (link_hover, bg, TEXT_MIN),
            (focus, bg, NON_TEXT_MIN),
        ];
        for ((text_name, text), (bg_name, background), min) in pairs {
            let ratio = contrast(text, background);
            if ratio < min {
                return Err(ThemeError {
                    token: text_name.to_owned(),
                    message: format!(
                        "{text_name} {} on {bg_name} {} has contrast {:.2}:1; WCAG AA needs at least {min}:1",
                        text.hex(),
                        background.hex(),
                        (ratio * 100.0).floor() / 100.0
                    ),
                });
            }
        }
        Ok(())
    }

    /// True when the theme sets nothing.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The value of a token, when the theme sets it.
    pub fn get(&self, token: &str) -> Option<&Value> {
        self.values.get(token)
    }

    /// The style sheet that applies the theme: padvinder's variables on `:root`, and the NL
    /// Design System tokens themselves so the host's names also work inside. Every value was
    /// checked when parsed, so nothing here can break out of its declaration.
    pub fn css(&self) -> String {
        let mut css = String::from(":root {\n");
        for token in TOKENS {
            let Some(value) = self.values.get(token.name) else {
                continue;
            };
            let value = match value {
                Value::Color(c) => c.hex(),
                Value::FontFamily(v) | Value::Length(v) => v.clone(),
            };
            let _ = writeln!(css, "  {}: {value};", token.variable);
            let _ = writeln!(css, "  --{}: {value};", token.name);
        }
        if let Some(soft) = self.primary_soft() {
            let _ = writeln!(css, "  --primary-soft: {};", soft.hex());
        }
        css.push_str("}\n");
        css
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn theme(entries: &[(&str, &str)]) -> Result<Theme, ThemeError> {
        Theme::parse(entries.iter().copied())
    }

    #[test]
    fn contrast_matches_known_ratios() {
        let ratio = contrast(Rgb(0, 0, 0), Rgb(255, 255, 255));
        assert!((ratio - 21.0).abs() < 0.01, "{ratio}");
        // #767676 on white is the classic 4.54:1.
        let ratio = contrast(Rgb::parse("#767676").unwrap(), WHITE);
        assert!((4.5..4.6).contains(&ratio), "{ratio}");
    }

    #[test]
    fn padvinders_own_colours_pass() {
        assert_eq!(theme(&[]), Ok(Theme::default()));
    }

    #[test]
    fn a_pale_primary_is_refused_naming_the_pair_and_ratio() {
        let e = theme(&[("nl-button-primary-background-color", "#7fb8e0")]).unwrap_err();
        assert_eq!(e.token, "nl-button-primary-background-color");
        assert!(
            e.message
                .contains("on utrecht-document-background-color #ffffff has contrast 2.1"),
            "{}",
            e.message
        );
        assert!(e.message.contains("4.5:1"), "{}", e.message);
    }

    #[test]
    fn a_faint_focus_ring_needs_three_to_one() {
        let e = theme(&[("nl-focus-ring-outline-color", "#cccccc")]).unwrap_err();
        assert!(e.message.contains("3:1"), "{}", e.message);
        assert!(theme(&[("nl-focus-ring-outline-color", "#949494")]).is_ok());
    }

    #[test]
    fn values_that_could_inject_css_are_refused() {
        for (token, value) in [
            (
                "nl-button-primary-background-color",
                "red; } body { display:none",
            ),
            ("nl-button-primary-background-color", "#00689e}"),
            ("nl-paragraph-font-family", "Arial; } * { color: red"),
            ("nl-paragraph-font-family", "\"Ari\\\"al\""),
            ("nl-paragraph-font-family", "url(x)"),
            ("nl-button-border-radius", "4px; color: red"),
            ("nl-button-border-radius", "expression(1)"),
            ("nl-button-border-radius", "1e3px"),
            ("nl-button-border-radius", "900px"),
        ] {
            assert!(theme(&[(token, value)]).is_err(), "{token} = {value}");
        }
    }

    #[test]
    fn good_values_become_css() {
        let t = theme(&[
            ("nl-button-primary-background-color", "#00689E"),
            (
                "--nl-paragraph-font-family",
                "Bolder Sans, 'Open Sans', sans-serif",
            ),
            ("nl-button-border-radius", "0.25rem"),
        ])
        .unwrap();
        let css = t.css();
        assert!(css.contains("--primary: #00689e;"), "{css}");
        assert!(
            css.contains("--nl-button-primary-background-color: #00689e;"),
            "{css}"
        );
        assert!(
            css.contains("--font-body: \"Bolder Sans\", \"Open Sans\", sans-serif;"),
            "{css}"
        );
        assert!(css.contains("--radius: 0.25rem;"), "{css}");
        assert!(css.contains("--primary-soft: #e6f0f5;"), "{css}");
    }

    #[test]
    fn unknown_tokens_are_named() {
        let e = theme(&[("nl-color-primary", "#00689e")]).unwrap_err();
        assert_eq!(e.token, "nl-color-primary");
        assert!(e.message.contains("nl-button-primary-background-color"));
    }
}
