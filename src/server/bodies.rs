//! The JSON shapes of the API that have no domain type of their own: query strings, the JSON body
//! extractor, and the answers of the catalogue, suggest and reload routes. Each derives
//! `JsonSchema`, so the OpenAPI document shows exactly what the handlers read and write.

use std::marker::PhantomData;

use aide::OperationInput;
use aide::generate::GenContext;
use aide::openapi::{Operation, RequestBody};
use aide::operation::{ParamLocation, add_parameters, parameters_from_schema};
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Query, Request};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::problem::{ErrorCode, FieldError, Problem, request_lang};
use crate::base::schema::IsoDate;
use crate::catalog::DocKind;
use crate::catalog::{
    Course, DevelopmentPath, Function, LearningRoute, Membership, PathStatus, PathStatusWord,
};
use crate::matching::MAX_ROUTES;
use crate::messages::api;
use crate::search::{MAX_LIMIT, MAX_OFFSET};
use crate::suggest::Suggestion;

/// The query string of `GET /api/v1/search`. Every value is read as text, so that a wrong one
/// is answered with a problem naming its field; the schema shows the values that are accepted.
#[derive(Debug, Default, Deserialize, JsonSchema)]
pub struct SearchParams {
    /// What to look for, any text (typo tolerant; the last word may be a prefix).
    pub q: Option<String>,
    /// Only this kind of record.
    #[schemars(with = "Option<DocKind>")]
    pub kind: Option<String>,
    /// Only this sector: `techniek`, `bouw`, `energie` or `ict`.
    pub sector: Option<String>,
    /// Only this NLQF level.
    #[schemars(with = "Option<u8>", range(min = 1, max = 8))]
    pub level: Option<String>,
    /// Only courses with this learning route (case-insensitive).
    #[schemars(with = "Option<LearningRoute>")]
    pub route: Option<String>,
    /// Only records taught in this labour-market region: its code (`AM01`) or name.
    pub region: Option<String>,
    /// Hits per page (default 10).
    #[schemars(with = "Option<usize>", range(max = MAX_LIMIT))]
    pub limit: Option<String>,
    /// Hits to skip (default 0).
    #[schemars(with = "Option<usize>", range(max = MAX_OFFSET))]
    pub offset: Option<String>,
    /// A tenant id (sent by a job centre's embed): the search counts in that job centre's
    /// anonymous insight. One of the tenants in the server's config (the config decides, not
    /// the shape): an unknown id is refused with 422.
    pub tenant: Option<String>,
    /// The language of error texts: `nl` or `en`; without it the `Accept-Language` header's
    /// choice of the two, else Dutch.
    #[schemars(with = "Option<crate::messages::Lang>")]
    pub lang: Option<String>,
}

/// The query string of `GET /api/v1/suggest`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
pub struct SuggestParams {
    /// The words typed so far; fewer than 2 characters give no suggestions. At most 500
    /// characters and 10 words, as a search's `q`.
    pub q: Option<String>,
}

/// The query string of `POST /api/v1/match`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
pub struct MatchParams {
    /// Routes to return (default 10).
    #[schemars(with = "Option<usize>", range(min = 1, max = MAX_ROUTES))]
    pub limit: Option<String>,
    /// The language of every text in the answer: `nl` (default) or `en`.
    #[schemars(with = "Option<crate::messages::Lang>")]
    pub lang: Option<String>,
    /// `summary` (default): everything a person reads; `full`: also every SLIM receipt.
    #[schemars(with = "Option<crate::matching::Detail>")]
    pub detail: Option<String>,
    /// A tenant id (sent by a job centre's embed): providers and routes in its region come
    /// first when otherwise equal. One of the tenants in the server's config (the config decides,
    /// not the shape): an unknown id is refused with 422.
    pub tenant: Option<String>,
}

/// The query string of `POST /api/v1/slim`, `GET /api/v1/fees` and `POST /api/v1/admin/reload`:
/// only a language.
#[derive(Debug, Default, Deserialize, JsonSchema)]
pub struct LangParams {
    /// The language of every text in the answer: `nl` or `en`; without it the
    /// `Accept-Language` header's choice of the two, else Dutch.
    #[schemars(with = "Option<crate::messages::Lang>")]
    pub lang: Option<String>,
}

/// The id in a record's path (`/paths/{id}`, `/functions/{id}`, `/courses/{id}`).
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(inline)]
pub struct RecordId {
    /// The record's id, as in the catalogue files.
    pub id: String,
}

/// The schema of what the API reads, as serde reads it (absent fields, defaults), with every
/// part inlined. The components of the document describe answers, as serde writes them; a type
/// that is both (a SLIM `Case` comes back in the receipt) is thus never described wrongly.
fn request_schema<T: JsonSchema>() -> Schema {
    SchemaSettings::draft07()
        .with(|s| s.inline_subschemas = true)
        .for_deserialize()
        .into_generator()
        .subschema_for::<T>()
}

/// A query string read into `T` (whose fields are all optional text), documented as query
/// parameters from `T`'s schema. A repeated parameter counts with its last value; unknown
/// parameters are ignored.
pub struct Params<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Params<T> {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Problem> {
        let lang = request_lang(&parts.uri, &parts.headers);
        let bad =
            |e: String| Problem::new(StatusCode::BAD_REQUEST, api::bad_query_string(lang, &e));
        if let Err(why) = check_percent_encoding(parts.uri.query().unwrap_or("")) {
            return Err(Problem::fields(
                StatusCode::BAD_REQUEST,
                api::bad_query_string(lang, &why),
                vec![FieldError::new("(query)", ErrorCode::InvalidValue, why)],
            ));
        }
        let Query(pairs) = Query::<Vec<(String, String)>>::from_request_parts(parts, state)
            .await
            .map_err(|e| bad(e.body_text()))?;
        // Collecting into a map keeps the last value of a repeated name.
        let fields: serde_json::Map<String, Value> = pairs
            .into_iter()
            .map(|(name, value)| (name, Value::String(value)))
            .collect();
        serde_json::from_value(Value::Object(fields))
            .map(Params)
            .map_err(|e| bad(e.to_string()))
    }
}

/// Every query value may be sent empty, and the handlers read an empty value as a parameter
/// left out (an HTML form sends its empty fields so): the document says so for each parameter
/// whose own schema does not already take `""`.
fn empty_means_absent(mut schema: Schema) -> Schema {
    crate::base::schema::empty_text_is_absent(
        &mut schema,
        |_| true,
        Some("Empty is the same as left out."),
    );
    schema
}

/// Refuses a query string whose percent-encoding is broken (a `%` without two hex digits) or
/// that does not decode to UTF-8, rather than answering for whatever a lenient decoder makes of
/// it ("%ZZ" as text, U+FFFD for bytes that are not UTF-8).
fn check_percent_encoding(query: &str) -> Result<(), String> {
    let bytes = query.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        if byte != b'%' {
            decoded.push(byte);
            at += 1;
            continue;
        }
        let hex = bytes
            .get(at + 1..at + 3)
            .filter(|h| h.iter().all(u8::is_ascii_hexdigit))
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        let Some(value) = hex else {
            return Err(format!(
                "\"%\" at position {} is not followed by two hex digits",
                at + 1
            ));
        };
        decoded.push(value);
        at += 3;
    }
    // `&`, `=` and `+` are ASCII, so one check covers every name and value.
    std::str::from_utf8(&decoded)
        .map(|_| ())
        .map_err(|_| "the percent-encoded bytes are not UTF-8 text".to_owned())
}

impl<T: JsonSchema> OperationInput for Params<T> {
    fn operation_input(ctx: &mut GenContext, operation: &mut Operation) {
        let schema = empty_means_absent(request_schema::<T>());
        let params = parameters_from_schema(ctx, schema, ParamLocation::Query);
        add_parameters(ctx, operation, params);
    }
}

/// A JSON request body, documented with the schema of `T` and read as a plain JSON value, so that
/// the domain parser (profile, SLIM case) can name every bad field at once. Answers 415 without a
/// JSON content type and 400 when the body is not JSON.
pub struct JsonBody<T> {
    pub value: Value,
    shape: PhantomData<T>,
}

impl<T, S: Send + Sync> FromRequest<S> for JsonBody<T> {
    type Rejection = Problem;

    async fn from_request(request: Request, state: &S) -> Result<Self, Problem> {
        let lang = request_lang(request.uri(), request.headers());
        let content_type = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let essence = content_type.split(';').next().unwrap_or("").trim();
        if !(essence.eq_ignore_ascii_case("application/json") || essence.ends_with("+json")) {
            return Err(Problem::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                api::send_json(lang),
            ));
        }
        let body = Bytes::from_request(request, state)
            .await
            .map_err(|e| match e.status() {
                StatusCode::PAYLOAD_TOO_LARGE => Problem::too_large(lang),
                status => Problem::new(status, api::body_unreadable(lang, &e.body_text())),
            })?;
        let value: Value = serde_json::from_slice(&body).map_err(|e| {
            Problem::fields(
                StatusCode::BAD_REQUEST,
                api::not_json(lang, &e.to_string()),
                vec![FieldError::new(
                    "(body)",
                    ErrorCode::InvalidJson,
                    e.to_string(),
                )],
            )
        })?;
        // serde_json keeps the last of a key given twice; another reader of the same body (a
        // proxy, a log) may keep the first. Refused, so that every reader sees one request.
        if let Some(field) = first_duplicate_key(&body) {
            let message = "this key is given twice in one object".to_owned();
            return Err(Problem::fields(
                StatusCode::BAD_REQUEST,
                format!("{field}: {message}"),
                vec![FieldError::new(field, ErrorCode::InvalidJson, message)],
            ));
        }
        Ok(JsonBody {
            value,
            shape: PhantomData,
        })
    }
}

/// The path (`course.cost_eur`, `skills[2].x`) of the first key that appears twice in one object
/// of `body`, which is valid JSON (read once already, so within serde_json's depth limit).
fn first_duplicate_key(body: &[u8]) -> Option<String> {
    use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

    /// Walks one JSON value under `path`; the first duplicate ends the walk as an error.
    struct Walk(String);

    impl<'de> DeserializeSeed<'de> for Walk {
        type Value = ();
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
            d.deserialize_any(self)
        }
    }

    impl<'de> Visitor<'de> for Walk {
        type Value = ();
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("JSON")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            let mut seen = std::collections::HashSet::new();
            while let Some(key) = map.next_key::<String>()? {
                let path = if self.0.is_empty() {
                    key.clone()
                } else {
                    format!("{}.{key}", self.0)
                };
                if !seen.insert(key) {
                    return Err(serde::de::Error::custom(DUPLICATE.to_owned() + &path));
                }
                map.next_value_seed(Walk(path))?;
            }
            Ok(())
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
            let mut index = 0;
            while seq
                .next_element_seed(Walk(format!("{}[{index}]", self.0)))?
                .is_some()
            {
                index += 1;
            }
            Ok(())
        }
        fn visit_bool<E>(self, _: bool) -> Result<(), E> {
            Ok(())
        }
        fn visit_i64<E>(self, _: i64) -> Result<(), E> {
            Ok(())
        }
        fn visit_u64<E>(self, _: u64) -> Result<(), E> {
            Ok(())
        }
        fn visit_f64<E>(self, _: f64) -> Result<(), E> {
            Ok(())
        }
        fn visit_str<E>(self, _: &str) -> Result<(), E> {
            Ok(())
        }
        fn visit_unit<E>(self) -> Result<(), E> {
            Ok(())
        }
    }

    const DUPLICATE: &str = "duplicate key: ";
    let mut reader = serde_json::Deserializer::from_slice(body);
    match Walk(String::new()).deserialize(&mut reader) {
        Ok(()) => None,
        Err(e) => {
            let text = e.to_string();
            let start = text.find(DUPLICATE)? + DUPLICATE.len();
            // serde_json appends " at line L column C".
            let end = text
                .rfind(" at line ")
                .filter(|&end| end >= start)
                .unwrap_or(text.len());
            Some(text[start..end].to_owned())
        }
    }
}

impl<T: JsonSchema> OperationInput for JsonBody<T> {
    fn operation_input(ctx: &mut GenContext, operation: &mut Operation) {
        let json_schema = request_schema::<T>();
        let description = json_schema
            .get("description")
            .and_then(Value::as_str)
            .map(String::from);
        aide::operation::set_body(
            ctx,
            operation,
            RequestBody {
                description,
                content: super::openapi::content("application/json", json_schema),
                required: true,
                extensions: Default::default(),
            },
        );
    }
}

/// What `GET /api/v1/suggest` answers.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Suggestions {
    /// Occupations first (at most 5), then functions; at most 10 in all.
    pub suggestions: Vec<Suggestion>,
}

/// What `GET /api/v1/postcodes` answers.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Postcodes {
    /// Every known PC4 number (the 4 digits of a Dutch postcode), ascending.
    pub pc4: Vec<u16>,
}

/// What `GET /api/v1/paths` answers.
#[derive(Debug, Serialize, JsonSchema)]
pub struct PathList {
    pub paths: Vec<PathSummary>,
}

/// One development path in the list.
#[derive(Debug, Serialize, JsonSchema)]
pub struct PathSummary {
    pub id: String,
    pub name: String,
    pub sector: String,
    /// The path's status word.
    pub status: PathStatusWord,
    /// The status with its date and sources.
    pub status_detail: PathStatus,
    pub description: String,
    /// How many functions (jobs) the path has.
    pub functions: usize,
    pub owners: Vec<String>,
    pub sources: Vec<String>,
    /// When someone last compared the record with its sources.
    #[schemars(with = "IsoDate")]
    pub checked: time::Date,
}

/// What `GET /api/v1/paths/{id}` answers.
#[derive(Debug, Serialize, JsonSchema)]
pub struct PathDetail {
    pub path: DevelopmentPath,
    /// The path's status word.
    pub status: PathStatusWord,
    #[schemars(with = "IsoDate")]
    pub checked: time::Date,
    /// The path's functions, in the path's order.
    pub functions: Vec<Function>,
}

/// What `GET /api/v1/functions/{id}` answers.
#[derive(Debug, Serialize, JsonSchema)]
pub struct FunctionDetail {
    pub function: Function,
    #[schemars(with = "IsoDate")]
    pub checked: time::Date,
}

/// What `GET /api/v1/courses/{id}` answers.
#[derive(Debug, Serialize, JsonSchema)]
pub struct CourseDetail {
    pub course: Course,
    #[schemars(with = "IsoDate")]
    pub checked: time::Date,
    /// The schools that teach the course, with their places.
    pub providers: Vec<ProviderPlaces>,
    /// The development paths the course belongs to.
    pub paths: Vec<CoursePath>,
}

/// A school and where it teaches.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ProviderPlaces {
    pub id: String,
    pub name: String,
    pub locations: Vec<Place>,
}

/// One place where a school teaches.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Place {
    pub name: String,
    /// The municipality's name; `null` when its code is not in the reference list.
    pub municipality: Option<String>,
    /// The labour-market region's name.
    pub region: Option<String>,
}

/// A development path a course belongs to.
#[derive(Debug, Serialize, JsonSchema)]
pub struct CoursePath {
    pub id: String,
    pub name: String,
    /// The path's status word.
    pub status: PathStatusWord,
    pub membership: Membership,
}

/// What `POST /api/v1/admin/reload` answers when the new catalogue serves.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Reloaded {
    pub reloaded: bool,
    /// Documents in the new index.
    pub documents: usize,
}
