//! Passwords: Argon2id with the `argon2` crate's default parameters (OWASP's minimum: 19 MiB,
//! 2 passes), stored as PHC strings; a random 16-byte salt per password.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

use super::WorkspaceError;

/// The PHC string of `password`.
pub fn hash(password: &str) -> Result<String, WorkspaceError> {
    let salt_bytes = super::random_bytes::<16>()?;
    let salt =
        SaltString::encode_b64(&salt_bytes).map_err(|e| WorkspaceError::Internal(e.to_string()))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| WorkspaceError::Internal(e.to_string()))
}

/// True when `password` matches the stored PHC string.
pub fn verify(stored: &str, password: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// Verifies against a fixed hash, so a login for an unknown e-mail takes as long as one for a
/// known e-mail with a wrong password, and the time does not tell which e-mails exist.
pub fn verify_nothing(password: &str) {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let stored = DUMMY.get_or_init(|| hash("not a password of anyone").unwrap_or_default());
    let _ = verify(stored, password);
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_hash_verifies_its_password_only_and_is_argon2id() {
        let h = super::hash("correct horse battery").expect("hash");
        assert!(h.starts_with("$argon2id$"), "{h}");
        assert!(super::verify(&h, "correct horse battery"));
        assert!(!super::verify(&h, "correct horse batterz"));
        assert!(!super::verify("not a hash", "x"));
        assert_ne!(
            h,
            super::hash("correct horse battery").expect("hash"),
            "salted"
        );
    }
}
