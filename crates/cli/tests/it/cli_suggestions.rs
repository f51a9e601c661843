//! `lotse suggestions token`: issuing a token, and revoking it by name or
//! by id so that the server refuses it.

use lotse_server::SuggestionStore;

use crate::support::{fails, lotse, ok};

#[test]
fn a_token_revoked_by_name_or_id_no_longer_authenticates() {
    let home = tempfile::tempdir().expect("home");
    let h = home.path();
    let db = h.join("suggestions.sqlite").display().to_string();
    let issue = |name: &str| {
        let out = lotse(h)
            .args([
                "suggestions",
                "--suggestions-db",
                &db,
                "token",
                "--name",
                name,
            ])
            .output()
            .expect("issue");
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        (ok(out).trim().to_owned(), stderr)
    };
    let (anna, said) = issue("Anna");
    assert!(said.contains("token 1 for \"Anna\""), "{said}");
    let (ben, _) = issue("Ben");
    let revoke = |who: &str| {
        ok(lotse(h)
            .args([
                "suggestions",
                "--suggestions-db",
                &db,
                "token",
                "revoke",
                who,
            ])
            .output()
            .expect("revoke"))
    };
    assert!(revoke("Anna").contains("revoked 1 token"));
    assert!(revoke("2").contains("revoked 1 token"));
    let store = SuggestionStore::open(h.join("suggestions.sqlite").as_path()).expect("store");
    assert_eq!(store.authenticate(&anna).expect("auth"), None);
    assert_eq!(store.authenticate(&ben).expect("auth"), None);
    drop(store);
    let again = fails(
        h,
        &[
            "suggestions",
            "--suggestions-db",
            &db,
            "token",
            "revoke",
            "Anna",
        ],
    );
    assert!(again.contains("no active token"), "{again}");
    // Issuing still needs a name.
    let bare = fails(h, &["suggestions", "--suggestions-db", &db, "token"]);
    assert!(bare.contains("--name"), "{bare}");
}
