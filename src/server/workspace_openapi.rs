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
    )
    .description(
        "The client, their plans, what changed since each plan was saved (`plan_changes`) and \
         the audit entries about them: every one (`audit`), and the same folded into lines to \
         read (`audit_lines`, as the audit log folds them). Texts are in `lang` (`nl` or `en`; \
         without it the `Accept-Language` header's choice, else Dutch); a plan saved before \
         padvinder kept a route in both languages has its route's texts in one, which its \
         `snapshot.lang` names. The export is recorded in the audit log.",
    );
    problems(
        op,
        &[BAD_QUERY, NOT_LOGGED_IN, NO_CLIENT, BAD_LANG, NO_WORKSPACE],
    )
}

pub fn audit(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = workspace(
        op,
        "The organisation's audit log, newest first (admins only)",
    )
    .description(
        "Every stored entry, read `limit` at a time. Entries of one user doing the same thing to \
         the same client, plan or user, each within 15 minutes of the next, are one line with \
         `count` and `first_at`; a client that still exists is named (`client_name`), an erased \
         one only by its id. Each page is folded on its own: a run that goes on past a page's \
         last entry is counted partly in a line of that page and partly in one of the next.",
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

const ADMINS_ONLY: (u16, &str) = (
    403,
    "Only an admin of the organisation may do this, or the `X-CSRF-Token` header is missing or wrong.",
);

pub fn users(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = workspace(op, "The organisation's users, by name (admins only)")
        .description("E-mail, name, role and when each was added; never a password or its hash.");
    problems(
        op,
        &[
            (400, "The query string cannot be read."),
            NOT_LOGGED_IN,
            (403, "Only an admin of the organisation may list its users."),
            BAD_LANG,
            NO_WORKSPACE,
        ],
    )
}

pub fn add_user(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = workspace(
        op,
        "Add a counsellor or admin to the organisation (admins only)",
    )
    .description(
        "With the first password the admin types (12 to 256 characters), stored as an Argon2id \
         hash as `padvinder users add` does; tell it to the user yourself. The audit log names \
         who added whom, never the password.",
    );
    problems(
        op,
        &[
            (400, "The body is not JSON."),
            NOT_LOGGED_IN,
            ADMINS_ONLY,
            (
                409,
                "A user with this e-mail address exists (in any organisation).",
            ),
            (
                422,
                "A field is wrong (`name`, `email`, `role` or `password`); `errors` names every one.",
            ),
            (
                503,
                "This server has no counsellor workspace, or it is busy hashing passwords.",
            ),
        ],
    )
}

pub fn change_role(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = workspace(
        op,
        "Give a user of the organisation another role (admins only)",
    )
    .description(
        "`{\"role\": \"admin\"}` or `{\"role\": \"counsellor\"}`; answers the user as they are now. \
         Their sessions have the new role from their next request. A change is audited as \
         `change_role` (who changed whom); giving the role the user has changes nothing.",
    );
    problems(
        op,
        &[
            (400, "The body is not JSON."),
            NOT_LOGGED_IN,
            ADMINS_ONLY,
            (
                404,
                "Your organisation has no user with this e-mail address (another organisation's users do not exist for you).",
            ),
            (
                409,
                "This is the organisation's last admin: make someone else admin first.",
            ),
            (
                422,
                "`role` is missing or not `counsellor` or `admin`, or another field is given; `errors` names it.",
            ),
            NO_WORKSPACE,
        ],
    )
}

pub fn remove_user(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = workspace(
        op,
        "Remove a user of the organisation; their sessions end at once (admins only)",
    );
    problems(
        op,
        &[
            NOT_LOGGED_IN,
            ADMINS_ONLY,
            (
                404,
                "Your organisation has no user with this e-mail address (another organisation's users do not exist for you).",
            ),
            (
                409,
                "This is the organisation's last admin: add another admin first.",
            ),
            NO_WORKSPACE,
        ],
    )
}

const NO_PLAN: (u16, &str) = (
    404,
    "Your organisation has no plan with this id (another organisation's plans do not exist for you).",
);
const BAD_BODY: (u16, &str) = (400, "The body is not JSON.");
const BAD_BODY_OR_QUERY: (u16, &str) = (
    400,
    "The body is not JSON, or the query string cannot be read.",
);

pub fn create_plan(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = workspace(
        op,
        "Save a plan for a client: the route to a function, recomputed",
    )
    .description(
        "The server computes the route to `target` for the client's stored profile, checks that \
         every chosen course is a step (or an alternative of a step) still to take on it, and \
         stores a snapshot: the route as computed with its SLIM receipts, the catalogue's content \
         hash and the SLIM rules version. `?lang` sets the language of the route's texts.",
    );
    problems(
        op,
        &[
            BAD_BODY_OR_QUERY,
            NOT_LOGGED_IN,
            NO_CSRF,
            NO_CLIENT,
            (409, "The client has the most plans one may have (50)."),
            (
                422,
                "A field is wrong: an unknown function, no route to it for this profile, or a \
                 course that is not on the route (`errors` names `courses[i]`).",
            ),
            (
                503,
                "This server has no counsellor workspace, or it is busy (`Retry-After`).",
            ),
        ],
    )
}

pub fn client_plans(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = workspace(op, "A client's plans, last changed first");
    problems(op, &[NOT_LOGGED_IN, NO_CLIENT, NO_WORKSPACE])
}

/// How a saved plan's texts are chosen, for the routes that answer one.
const SNAPSHOT_LANG: &str = "A plan keeps its route with padvinder's texts (why, flags, SLIM) in \
     Dutch and English, computed once when it was saved; the answer has them in `lang` (`nl` or \
     `en`; without it the `Accept-Language` header's choice, else Dutch) and says which in \
     `snapshot.lang`. A plan saved before padvinder kept both has only the language it was saved \
     in.";

pub fn plan(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = workspace(
        op,
        "One plan with its snapshot (the view is recorded in the audit log)",
    )
    .description(SNAPSHOT_LANG);
    problems(op, &[NOT_LOGGED_IN, NO_PLAN, BAD_LANG, NO_WORKSPACE])
}

pub fn update_plan(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = workspace(op, "Change a plan's courses, notes, status or review date").description(
        "The route is not recomputed: new courses must be on the saved route. Answers the \
             plan like `GET /api/v1/plans/{id}`.",
    );
    problems(
        op,
        &[
            BAD_BODY,
            NOT_LOGGED_IN,
            NO_CSRF,
            NO_PLAN,
            (422, "A field is wrong; `errors` names every one."),
            NO_WORKSPACE,
        ],
    )
}

pub fn delete_plan(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = workspace(op, "Delete a plan and its share link");
    problems(op, &[NOT_LOGGED_IN, NO_CSRF, NO_PLAN, NO_WORKSPACE])
}

pub fn plan_changes(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = workspace(
        op,
        "What changed since the plan was saved: catalogue, fees, SLIM rules (newest first)",
    )
    .description(
        "padvinder compares every saved plan with the catalogue at start, once a day and after \
         every reload: a course removed or renamed, a step's cost, duration, provider or SLIM \
         outcome, the path's status, the SLIM rules, an application window passed. Each change \
         is stored once, with plain words in `lang`; `unseen` is the badge. The view is \
         recorded in the audit log.",
    );
    problems(
        op,
        &[BAD_QUERY, NOT_LOGGED_IN, NO_PLAN, BAD_LANG, NO_WORKSPACE],
    )
}

const BAD_QUERY: (u16, &str) = (400, "The query string cannot be read.");

pub fn see_changes(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = workspace(op, "Mark every change of a plan seen")
        .description("Answers the changes, all seen. Recorded in the audit log.");
    problems(
        op,
        &[
            BAD_QUERY,
            NOT_LOGGED_IN,
            NO_CSRF,
            NO_PLAN,
            BAD_LANG,
            NO_WORKSPACE,
        ],
    )
}

pub fn share_plan(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = workspace(op, "Make a read-only link to a plan, for 1 to 90 days").description(
        "The link's token (256 bits) is in the answer only; the store keeps its hash. `url` is \
         the read-only page to hand out (`/werkplek/#/gedeeld/{token}`), `api_url` the same plan \
         as JSON (`GET /api/v1/shared/{token}`). A new link replaces the plan's earlier one. The shared plan holds no private notes, \
         no name and no consent.",
    );
    problems(
        op,
        &[
            BAD_BODY,
            NOT_LOGGED_IN,
            NO_CSRF,
            NO_PLAN,
            (422, "`expires_in_days` is not 1 to 90."),
            NO_WORKSPACE,
        ],
    )
}

pub fn unshare_plan(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = workspace(
        op,
        "Revoke a plan's share link (the link answers 404 from now on)",
    );
    problems(op, &[NOT_LOGGED_IN, NO_CSRF, NO_PLAN, NO_WORKSPACE])
}

pub fn shared_plan(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = workspace(op, "A shared plan, for anyone with the link").description(
        "No session: the token is the key. The plan without private notes, the client's name \
         or consent; its route's texts in `lang` as `GET /api/v1/plans/{id}` answers them.",
    );
    problems(
        op,
        &[
            (400, "The query string cannot be read."),
            (
                404,
                "No such link, or it was revoked or has expired (the same answer for each).",
            ),
            BAD_LANG,
            NO_WORKSPACE,
        ],
    )
}

pub fn compare(op: TransformOperation<'_>) -> TransformOperation<'_> {
    let op = workspace(op, "Compare up to three routes side by side").description(
        "For a `profile` (no session, nothing stored) or a `client` of your organisation \
         (session and `X-CSRF-Token`): duration, cost and net cost, hours, distance, level, \
         SLIM status, flags and demand of the route to each target.",
    );
    problems(
        op,
        &[
            BAD_BODY_OR_QUERY,
            (401, "`client` was given without a live session."),
            (
                403,
                "`client` was given without the session's `X-CSRF-Token`.",
            ),
            NO_CLIENT,
            (
                422,
                "A field is wrong: not 1 to 3 targets, an unknown function, no route to it, or \
                 not exactly one of `profile` and `client`; `errors` names every one.",
            ),
            (
                503,
                "The server is busy (`Retry-After`), or `client` was given to a server without a workspace.",
            ),
        ],
    )
}
