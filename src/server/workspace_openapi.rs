//! The OpenAPI descriptions of the workspace routes: a summary each, and the problems each can
//! answer (see [`super::openapi`]).

use aide::transform::TransformOperation;

use super::openapi::problems;

const NOT_LOGGED_IN: (u16, &str) = (401, "No live session: log in first (the session cookie).");
const NO_CSRF: (u16, &str) = (
    403,
    "The `X-CSRF-Token` header with the session's token is missing or wrong.",
);
const NO_WORKSPACE: (u16, &str) = (503, "This server has no counsellor workspace.");
const BAD_LANG: (u16, &str) = (422, "A field is wrong; `errors` names every one.");
const NO_CLIENT: (u16, &str) = (
    404,
    "Your organisation has no client with this id (another organisation's clients do not exist for you).",
);

fn workspace<'t>(op: TransformOperation<'t>, summary: &str) -> TransformOperation<'t> {
    op.summary(summary).tag("workspace")
}

pub fn login(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = workspace(op, "Log in as a counsellor or admin").description(
        "Sets the session cookie (HttpOnly, SameSite=Strict; `__Host-` and Secure behind HTTPS). \
         Send the answer's `csrf_token` as `X-CSRF-Token` with every request that changes \
         something. A session ends after 8 hours without a request.",
    );
    problems(
        op,
        &[
            (400, "The body is not JSON."),
            (
                401,
                "The e-mail address or password is wrong (the same answer for both).",
            ),
            (422, "`email` or `password` is missing."),
            (
                429,
                "10 failed logins for this account within 15 minutes; `Retry-After` says when to try again.",
            ),
            (
                503,
                "This server has no counsellor workspace, or every place for checking a password is taken (`server.max_login_jobs`; nothing was done, ask again after `Retry-After` seconds).",
            ),
        ],
    )
}

pub fn current_session(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = workspace(op, "Who is logged in, with the session's CSRF token");
    problems(op, &[NOT_LOGGED_IN, NO_WORKSPACE])
}

pub fn logout(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = workspace(op, "Log out: ends the session and removes the cookie");
    problems(op, &[NOT_LOGGED_IN, NO_CSRF, NO_WORKSPACE])
}

pub fn create_client(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = workspace(op, "Add a client, with their recorded consent").description(
        "Only a display name, the profile and the consent are kept: no citizen service number, \
         no date of birth.",
    );
    problems(
        op,
        &[
            (400, "The body is not JSON."),
            NOT_LOGGED_IN,
            NO_CSRF,
            (
                409,
                "The organisation holds the most clients it may (10 000).",
            ),
            (
                422,
                "A field is wrong or missing (consent is required); `errors` names every one.",
            ),
            NO_WORKSPACE,
        ],
    )
}

pub fn caseload(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = workspace(
        op,
        "The caseload: the organisation's clients, filtered and sorted",
    );
    problems(
        op,
        &[
            (400, "The query string cannot be read."),
            NOT_LOGGED_IN,
            BAD_LANG,
            NO_WORKSPACE,
        ],
    )
}

pub fn client(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = workspace(op, "One client (the view is recorded in the audit log)");
    problems(op, &[NOT_LOGGED_IN, NO_CLIENT, NO_WORKSPACE])
}

pub fn update_client(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = workspace(
        op,
        "Change a client's name, profile, consent, status or review date",
    );
    problems(
        op,
        &[
            (400, "The body is not JSON."),
            NOT_LOGGED_IN,
            NO_CSRF,
            NO_CLIENT,
            (422, "A field is wrong; `errors` names every one."),
            NO_WORKSPACE,
        ],
    )
}

pub fn erase_client(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = workspace(op, "Erase a client and everything held about them").description(
        "The audit log keeps that an erasure happened (who, when, the client id), not the data.",
    );
    problems(op, &[NOT_LOGGED_IN, NO_CSRF, NO_CLIENT, NO_WORKSPACE])
}

pub fn export_client(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = workspace(
        op,
        "Everything held about a client, as JSON (for an access request under the AVG)",
    );
    problems(op, &[NOT_LOGGED_IN, NO_CLIENT, NO_WORKSPACE])
}

pub fn audit(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = workspace(
        op,
        "The organisation's audit log, newest first (admins only)",
    );
    problems(
        op,
        &[
            (400, "The query string cannot be read."),
            NOT_LOGGED_IN,
            (
                403,
                "Only an admin of the organisation may read its audit log.",
            ),
            (422, "`limit` or `before` is wrong; `errors` names it."),
            NO_WORKSPACE,
        ],
    )
}
