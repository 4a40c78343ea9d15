//! `store check` and the check after a restore, the same for every backend: it reads one
//! consistent [`Snapshot`] of the store's trees and names every record that does not read or
//! breaks a rule of the store. It never changes anything.

use std::collections::{HashMap, HashSet};

use super::records::{
    AuditEntry, Client, ClientId, Org, OrgId, Plan, PlanOwner, Record, Session, Share, ShareKey,
    User, decode,
};
use super::{CheckReport, StoreError};

/// What [`Snapshot::scan`] calls with each record's key and stored bytes.
pub(super) type Visit<'a> = dyn FnMut(&[u8], &[u8]) -> Result<(), StoreError> + 'a;

/// One moment of a store, read tree by tree (the trees of [`super::TREES`]).
pub(super) trait Snapshot {
    /// Calls `each` with the key and stored bytes of every record of `tree`, in key order.
    fn scan(&self, tree: &str, each: &mut Visit<'_>) -> Result<(), StoreError>;
    /// Whether `tree` holds a record under `key`.
    fn contains(&self, tree: &str, key: &[u8]) -> Result<bool, StoreError>;
}

/// A client's key: `org/client`.
pub(super) fn client_key(org: &OrgId, id: &ClientId) -> Vec<u8> {
    format!("{org}/{id}").into_bytes()
}

/// A plan's key: `org/client/plan`, so a client's plans are one prefix.
pub(super) fn plan_key(org: &OrgId, client: &ClientId, id: &super::PlanId) -> Vec<u8> {
    format!("{org}/{client}/{id}").into_bytes()
}

/// A plan's index key: `org/plan`.
pub(super) fn plan_id_key(org: &OrgId, id: &super::PlanId) -> Vec<u8> {
    format!("{org}/{id}").into_bytes()
}

fn check_tree<R: Record>(
    snapshot: &dyn Snapshot,
    tree: &str,
    report: &mut CheckReport,
    mut rule: impl FnMut(&[u8], &R) -> Option<String>,
) -> Result<(), StoreError> {
    let mut count = 0;
    snapshot.scan(tree, &mut |key, bytes| {
        count += 1;
        let shown = String::from_utf8_lossy(key).into_owned();
        match decode::<R>(bytes) {
            Ok((record, stored)) => {
                if stored < R::VERSION {
                    report.outdated.push(format!(
                        "{tree}/{shown}: {} version {stored}, upgraded to {} when read",
                        R::KIND,
                        R::VERSION
                    ));
                }
                if let Some(problem) = rule(key, &record) {
                    report.problems.push(format!("{tree}/{shown}: {problem}"));
                }
            }
            Err(message) => report.problems.push(format!("{tree}/{shown}: {message}")),
        }
        Ok(())
    })?;
    report.records.push((tree.to_owned(), count));
    Ok(())
}

/// Reads every record of `snapshot` and reports what it finds.
pub(super) fn check(snapshot: &dyn Snapshot) -> Result<CheckReport, StoreError> {
    let mut report = CheckReport::default();
    // What later trees are checked against, held as sets of ids (not whole records, and
    // looked up without a scan), so a check of a large store stays linear.
    let mut orgs: HashSet<OrgId> = HashSet::new();
    check_tree(snapshot, "orgs", &mut report, |key, o: &Org| {
        orgs.insert(o.id.clone());
        (key != o.id.as_str().as_bytes()).then(|| "key does not match the id".to_owned())
    })?;
    let orgs = orgs;
    check_tree(snapshot, "users", &mut report, |key, u: &User| {
        if key != u.email.as_str().as_bytes() {
            Some("key does not match the e-mail".to_owned())
        } else if !orgs.contains(&u.org) {
            Some(format!("organisation {} does not exist", u.org))
        } else {
            None
        }
    })?;
    check_tree(snapshot, "sessions", &mut report, |key, s: &Session| {
        (key != s.key.as_str().as_bytes()).then(|| "key does not match".to_owned())
    })?;
    check_tree(snapshot, "clients", &mut report, |key, c: &Client| {
        if key != client_key(&c.org, &c.id).as_slice() {
            Some("key does not match the organisation and id".to_owned())
        } else if !orgs.contains(&c.org) {
            Some(format!("organisation {} does not exist", c.org))
        } else {
            None
        }
    })?;
    // Each plan by its index key (`org/plan`): its client and the key of its link.
    let mut plans: HashMap<Vec<u8>, (ClientId, Option<ShareKey>)> = HashMap::new();
    check_tree(snapshot, "plans", &mut report, |key, p: &Plan| {
        let index_key = plan_id_key(&p.org, &p.id);
        let problem = if key != plan_key(&p.org, &p.client, &p.id).as_slice() {
            Some("key does not match the organisation, client and id".to_owned())
        } else if !orgs.contains(&p.org) {
            Some(format!("organisation {} does not exist", p.org))
        } else if !snapshot
            .contains("clients", &client_key(&p.org, &p.client))
            .unwrap_or(false)
        {
            Some(format!("client {} does not exist", p.client))
        } else if !snapshot.contains("plan_ids", &index_key).unwrap_or(false) {
            Some("has no entry in plan_ids, so it cannot be found by its id".to_owned())
        } else {
            None
        };
        let share = p.share.as_ref().map(|s| s.key.clone());
        plans.insert(index_key, (p.client.clone(), share));
        problem
    })?;
    let plans = plans;
    check_tree(
        snapshot,
        "plan_ids",
        &mut report,
        |key, owner: &PlanOwner| {
            (plans.get(key).map(|(client, _)| client) != Some(&owner.client))
                .then(|| "names a plan that does not exist".to_owned())
        },
    )?;
    check_tree(snapshot, "shares", &mut report, |key, s: &Share| {
        let held = plans
            .get(&plan_id_key(&s.org, &s.plan))
            .is_some_and(|(_, share)| share.as_ref() == Some(&s.key));
        if key != s.key.as_str().as_bytes() {
            Some("key does not match".to_owned())
        } else if !held {
            Some(format!("plan {} does not hold this share link", s.plan))
        } else {
            None
        }
    })?;
    check_tree(snapshot, "audit", &mut report, |key, _: &AuditEntry| {
        let org = std::str::from_utf8(key).ok()?.split('/').next()?;
        (!OrgId::parse(org).is_ok_and(|o| orgs.contains(&o)))
            .then(|| format!("organisation {org} does not exist"))
    })?;
    Ok(report)
}
