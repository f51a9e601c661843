//! What a user does with the list and the map before the memory is read.

use std::time::Duration;

use fantoccini::actions::{InputSource, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
use lotse_e2e::{AppSession, HarnessError, Locator};

/// Scroll the list, choose categories, drag and zoom the map.
pub async fn use_list_and_map(s: &AppSession) -> Result<(), HarnessError> {
    let settle = || tokio::time::sleep(Duration::from_millis(700));
    for _ in 0..3 {
        s.client
            .execute(
                "document.querySelectorAll('.results, main').forEach(e => e.scrollTop = e.scrollHeight); window.scrollTo(0, document.body.scrollHeight); return null;",
                vec![],
            )
            .await?;
        settle().await;
        s.client
            .execute("window.scrollTo(0, 0); return null;", vec![])
            .await?;
    }
    for chip in ["kita", "sprachkurs", "migrationsberatung", "arbeit", "all"] {
        s.wait_for(&format!("[data-testid=chip-{chip}]"))
            .await?
            .click()
            .await?;
        s.wait_for(&format!(
            "[data-testid=results][data-state=ready][data-category={chip}]"
        ))
        .await?;
        settle().await;
    }
    let map = s
        .wait_for("[data-testid=map-view] .leaflet-container")
        .await?;
    let drags = [
        (150.0, 0.0),
        (0.0, 120.0),
        (-200.0, 0.0),
        (0.0, -150.0),
        (180.0, 90.0),
        (-120.0, -60.0),
    ];
    for round in 0..2 {
        for (i, (x, y)) in drags.iter().enumerate() {
            let drag = MouseActions::new(format!("drag-{round}-{i}"))
                .then(PointerAction::MoveToElement {
                    element: map.clone(),
                    duration: None,
                    x: 0.0,
                    y: 0.0,
                })
                .then(PointerAction::Down {
                    button: MOUSE_BUTTON_LEFT,
                })
                .then(PointerAction::MoveBy {
                    duration: Some(Duration::from_millis(250)),
                    x: *x,
                    y: *y,
                })
                .then(PointerAction::Up {
                    button: MOUSE_BUTTON_LEFT,
                });
            s.client.perform_actions(drag).await?;
            settle().await;
        }
        for zoom in [
            ".leaflet-control-zoom-out",
            ".leaflet-control-zoom-out",
            ".leaflet-control-zoom-in",
            ".leaflet-control-zoom-in",
            ".leaflet-control-zoom-in",
        ] {
            if let Ok(button) = s.client.find(Locator::Css(zoom)).await {
                button.click().await?;
                settle().await;
            }
        }
    }
    s.wait_for("[data-testid=results][data-state=ready]")
        .await?;
    tokio::time::sleep(Duration::from_secs(2)).await;
    Ok(())
}
