//! The sync commands end to end: keygen, publish, sync (--json, failures),
//! bundle export and import.

use crate::support::{fails, lotse, ok};

#[test]
fn publish_sync_and_a_bundle_round_trip_through_the_cli() {
    let home = tempfile::tempdir().expect("home");
    let h = home.path();
    let p = |name: &str| h.join(name).display().to_string();
    ok(lotse(h)
        .args(["--db", &p("pub.sqlite"), "demo"])
        .output()
        .expect("demo"));
    let pubkey = ok(lotse(h)
        .args(["keygen", "--out", &p("pub.key")])
        .output()
        .expect("keygen"));
    let pubkey = pubkey.trim();
    assert_eq!(pubkey.len(), 44);
    // The key file is never overwritten.
    assert!(fails(h, &["keygen", "--out", &p("pub.key")]).contains("pub.key"));
    let out = ok(lotse(h)
        .args([
            "--db",
            &p("pub.sqlite"),
            "publish",
            "--out",
            &p("feed"),
            "--key",
            &p("pub.key"),
        ])
        .output()
        .expect("publish"));
    assert!(out.contains("published sequence 1"), "{out}");
    let again = ok(lotse(h)
        .args([
            "--db",
            &p("pub.sqlite"),
            "publish",
            "--out",
            &p("feed"),
            "--key",
            &p("pub.key"),
        ])
        .output()
        .expect("publish"));
    assert!(again.contains("nothing changed"), "{again}");

    let json = ok(lotse(h)
        .args([
            "--db",
            &p("a.sqlite"),
            "sync",
            "--feed",
            &p("feed"),
            "--pubkey",
            pubkey,
            "--json",
        ])
        .output()
        .expect("sync"));
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(v["ok"], true);
    assert_eq!(v["report"]["regions"][0]["via"], "snapshot");
    assert_eq!(v["report"]["regions"][0]["upserted"], 25);

    // A wrong key: non-zero exit, a clear message, and JSON saying why.
    let other = ok(lotse(h)
        .args(["keygen", "--out", &p("other.key")])
        .output()
        .expect("keygen"));
    let out = lotse(h)
        .args([
            "--db",
            &p("b.sqlite"),
            "sync",
            "--feed",
            &p("feed"),
            "--pubkey",
            other.trim(),
            "--json",
        ])
        .output()
        .expect("sync");
    assert!(!out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["ok"], false);
    assert!(v["error"]
        .as_str()
        .expect("error")
        .contains("not a trusted publisher key"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("lotse: error:"));

    ok(lotse(h)
        .args([
            "bundle",
            "export",
            "--feed",
            &p("feed"),
            "--pubkey",
            pubkey,
            "-o",
            &p("de.lotse"),
        ])
        .output()
        .expect("bundle export"));
    let out = ok(lotse(h)
        .args([
            "--db",
            &p("c.sqlite"),
            "bundle",
            "import",
            &p("de.lotse"),
            "--pubkey",
            pubkey,
        ])
        .output()
        .expect("bundle import"));
    assert!(out.contains("by snapshot: 25 updated"), "{out}");
    let a = ok(lotse(h)
        .args(["--db", &p("a.sqlite"), "export", "--format", "hsds-json"])
        .output()
        .expect("export a"));
    let c = ok(lotse(h)
        .args(["--db", &p("c.sqlite"), "export", "--format", "hsds-json"])
        .output()
        .expect("export c"));
    assert_eq!(a, c);
    // A truncated bundle is refused with the reason, and changes nothing.
    let bytes = std::fs::read(h.join("de.lotse")).expect("read");
    std::fs::write(h.join("cut.lotse"), &bytes[..bytes.len() / 2]).expect("write");
    let err = fails(
        h,
        &[
            "--db",
            &p("d.sqlite"),
            "bundle",
            "import",
            &p("cut.lotse"),
            "--pubkey",
            pubkey,
        ],
    );
    assert!(err.contains("cut.lotse"), "{err}");
}

#[test]
fn syncing_another_offices_feed_with_its_key_starts_afresh() {
    let home = tempfile::tempdir().expect("home");
    let h = home.path();
    let p = |name: &str| h.join(name).display().to_string();
    // Two offices, each with its own key and feed.
    let mut keys = Vec::new();
    for office in ["amt-a", "amt-b"] {
        ok(lotse(h)
            .args(["--db", &p(&format!("{office}.sqlite")), "demo"])
            .output()
            .expect("demo"));
        let key = ok(lotse(h)
            .args(["keygen", "--out", &p(&format!("{office}.key"))])
            .output()
            .expect("keygen"));
        keys.push(key.trim().to_owned());
        ok(lotse(h)
            .args([
                "--db",
                &p(&format!("{office}.sqlite")),
                "publish",
                "--out",
                &p(&format!("{office}-feed")),
                "--key",
                &p(&format!("{office}.key")),
            ])
            .output()
            .expect("publish"));
    }
    let sync = |office: &str, key: &str| {
        let json = ok(lotse(h)
            .args([
                "--db",
                &p("phone.sqlite"),
                "sync",
                "--feed",
                &p(&format!("{office}-feed")),
                "--pubkey",
                key,
                "--json",
            ])
            .output()
            .expect("sync"));
        serde_json::from_str::<serde_json::Value>(&json).expect("json")
    };
    let first = sync("amt-a", &keys[0]);
    assert_eq!(first["report"]["new_publisher"], false);
    // Office B's version 1 is not "unchanged" beside office A's version 1:
    // another publisher's versions are not comparable, so it starts afresh.
    let second = sync("amt-b", &keys[1]);
    assert_eq!(second["report"]["new_publisher"], true, "{second}");
    assert_eq!(
        second["report"]["regions"][0]["via"], "snapshot",
        "{second}"
    );
    // In words too, and office A's key is no longer trusted.
    let out = ok(lotse(h)
        .args([
            "--db",
            &p("phone.sqlite"),
            "sync",
            "--feed",
            &p("amt-a-feed"),
            "--pubkey",
            &keys[0],
        ])
        .output()
        .expect("sync back"));
    assert!(out.contains("another publisher's feed"), "{out}");
    let err = fails(
        h,
        &[
            "--db",
            &p("phone.sqlite"),
            "sync",
            "--feed",
            &p("amt-b-feed"),
        ],
    );
    assert!(err.contains("not a trusted publisher key"), "{err}");
}
