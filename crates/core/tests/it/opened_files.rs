//! A directory file opened on a device (double-click, "open with", a
//! messenger): what it holds and who signed it is read before anything is
//! imported, and only a signature that holds for the key it names passes.

use lotse_core::bundle::export_bundle;
use lotse_core::sync::publishers::{fingerprint, BuiltInPublisher, Trust};
use lotse_core::sync::DirTransport;

use crate::support::{batch, scattered, World};

fn published_file(world: &mut World) -> std::path::PathBuf {
    world
        .publisher
        .upsert(&batch(scattered(30)))
        .expect("offers");
    world.publish();
    let file = world.dir.path().join("verzeichnis.lotse");
    export_bundle(
        &DirTransport::new(world.feed()),
        &[],
        &[world.pubkey()],
        &file,
    )
    .expect("bundle");
    file
}

#[test]
fn a_file_names_its_publisher_regions_and_offers_and_how_far_it_is_trusted() {
    let mut world = World::new();
    let file = published_file(&mut world);
    let unknown = world.client.inspect_file(&file, &[]).expect("inspect");
    assert_eq!(unknown.trust, Trust::Unknown);
    assert_eq!(unknown.offers, 30);
    assert!(!unknown.regions.is_empty());
    assert_eq!(unknown.fingerprint, fingerprint(&world.pubkey()));
    assert!(
        unknown.keys_for_import(false).is_err(),
        "an unknown key needs the user's yes"
    );
    assert_eq!(
        unknown.keys_for_import(true).expect("confirmed"),
        [world.pubkey()]
    );

    let built_in = [BuiltInPublisher {
        name: "Integrationsbüro Test".into(),
        key: world.pubkey(),
        feed: None,
        regions: vec![],
    }];
    let known = world
        .client
        .inspect_file(&file, &built_in)
        .expect("inspect");
    assert_eq!(known.trust, Trust::BuiltIn("Integrationsbüro Test".into()));
    assert_eq!(
        known.keys_for_import(false).expect("built in"),
        [world.pubkey()]
    );
    assert_eq!(known.to_dto("x.lotse").publisher, "Integrationsbüro Test");
    // The same checks in one call, as the app imports an opened file.
    assert!(world.client.keys_to_import(&file, &[], false).is_err());
    assert_eq!(
        world
            .client
            .keys_to_import(&file, &[], true)
            .expect("confirmed"),
        [world.pubkey()]
    );
    assert_eq!(
        world
            .client
            .keys_to_import(&file, &built_in, false)
            .expect("built in"),
        [world.pubkey()]
    );
    // Nothing was imported by looking.
    assert_eq!(world.client.offer_count().expect("count"), 0);
}

#[test]
fn an_altered_file_is_refused_before_anyone_is_asked() {
    let mut world = World::new();
    let file = published_file(&mut world);
    let text = std::fs::read(&file).expect("read");
    // Change the manifest's text (its publisher name) inside the archive.
    let at = text
        .windows(9)
        .position(|w| w == b"publisher")
        .expect("the manifest names its publisher");
    let mut altered = text.clone();
    altered[at + 14] ^= 0x01;
    std::fs::write(&file, altered).expect("write");
    let err = world.client.inspect_file(&file, &[]).expect_err("altered");
    let said = err.to_string();
    assert!(
        said.contains("signature") || said.contains("manifest"),
        "{said}"
    );
}
