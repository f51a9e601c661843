//! The device position for "where I am": on a phone through the geolocation
//! plugin (its permission asked while the app is in use, never in the
//! background), elsewhere through the webview's geolocation. It is used on
//! this device only: passed to the local shell, never logged or sent.

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::{invoke, NoArgs};

/// The device position (lat, lon), asked once with a timeout.
pub async fn device_position() -> Result<(f64, f64), PositionError> {
    match phone_position().await {
        Some(answer) => answer,
        None => webview_position().await,
    }
}

/// What the plugin says of the location permission: `granted`, `denied`,
/// `prompt` or `prompt-with-rationale`.
#[derive(Deserialize)]
struct PermissionStatus {
    location: String,
}

#[derive(Serialize)]
struct PermissionsArg {
    permissions: [&'static str; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PositionOptions {
    enable_high_accuracy: bool,
    timeout: u32,
    maximum_age: u32,
}

#[derive(Serialize)]
struct OptionsArg {
    options: PositionOptions,
}

#[derive(Deserialize)]
struct Coordinates {
    latitude: f64,
    longitude: f64,
}

#[derive(Deserialize)]
struct Position {
    coords: Coordinates,
}

/// Through the geolocation plugin; `None` where the shell has none (a
/// desktop: the permission check itself is refused). Written against the
/// plugin's commands (tauri-plugin-geolocation 2.5); it has not run on a
/// phone (docs/mobile.md).
async fn phone_position() -> Option<Result<(f64, f64), PositionError>> {
    let mut status: PermissionStatus = invoke("plugin:geolocation|check_permissions", &NoArgs {})
        .await
        .ok()?;
    if status.location.starts_with("prompt") {
        let ask = PermissionsArg {
            permissions: ["location"],
        };
        match invoke("plugin:geolocation|request_permissions", &ask).await {
            Ok(answer) => status = answer,
            Err(_) => return Some(Err(PositionError::Unavailable)),
        }
    }
    if status.location != "granted" {
        return Some(Err(PositionError::Denied));
    }
    let options = OptionsArg {
        options: PositionOptions {
            enable_high_accuracy: false,
            timeout: 10_000,
            maximum_age: 300_000,
        },
    };
    let position: Result<Position, _> =
        invoke("plugin:geolocation|get_current_position", &options).await;
    Some(match position {
        Ok(Position { coords: c }) if c.latitude.is_finite() && c.longitude.is_finite() => {
            Ok((c.latitude, c.longitude))
        }
        _ => Err(PositionError::Unavailable),
    })
}

/// Why the device position is not available.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PositionError {
    Unsupported,
    Denied,
    Unavailable,
}

/// The webview's geolocation, asked once with a timeout.
async fn webview_position() -> Result<(f64, f64), PositionError> {
    let geolocation = web_sys::window()
        .and_then(|w| w.navigator().geolocation().ok())
        .ok_or(PositionError::Unsupported)?;
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        let options = web_sys::PositionOptions::new();
        options.set_timeout(10_000);
        options.set_maximum_age(300_000);
        if let Err(e) = geolocation.get_current_position_with_error_callback_and_options(
            &resolve,
            Some(&reject),
            &options,
        ) {
            let _ = reject.call1(&JsValue::NULL, &e);
        }
    });
    // Read by property: WebKit names the classes GeolocationPosition(Error),
    // older engines Position(Error).
    let number = |object: &JsValue, key: &str| {
        js_sys::Reflect::get(object, &JsValue::from_str(key))
            .ok()
            .and_then(|v| v.as_f64())
    };
    let value = JsFuture::from(promise).await.map_err(|e| {
        // PositionError.PERMISSION_DENIED is 1.
        if number(&e, "code") == Some(1.0) {
            PositionError::Denied
        } else {
            PositionError::Unavailable
        }
    })?;
    let coords = js_sys::Reflect::get(&value, &JsValue::from_str("coords"))
        .map_err(|_| PositionError::Unavailable)?;
    match (number(&coords, "latitude"), number(&coords, "longitude")) {
        (Some(lat), Some(lon)) if lat.is_finite() && lon.is_finite() => Ok((lat, lon)),
        _ => Err(PositionError::Unavailable),
    }
}
