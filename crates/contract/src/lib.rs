//! The contract between the Lotse UI and the shell: plain data, no I/O.
//!
//! Everything here compiles for `wasm32-unknown-unknown` and the host. The shell
//! serialises these types across the Tauri IPC boundary; the UI deserialises them.

pub mod display;
mod error;
mod field;
pub mod languages;
pub mod links;
mod map;
mod nearby;
mod offer;
mod opened;
mod sync;

pub use error::{ApiError, ErrorCode};
pub use field::{FavouriteDto, ReportDraft, ReportDto, REPORT_FIELDS};
pub use languages::{Lang, UnknownLang};
pub use map::{MapPackDto, OfferedPackDto};
pub use nearby::{
    AppInfo, CategoryDto, ChangeAt, NearbyAnswerDto, NearbyOfferDto, NearbyQuery, OpenNow,
    DEFAULT_K, MAX_K,
};
pub use offer::{
    ContactCodeDto, ContactCodesQuery, DateBasis, DayHoursDto, LanguageDto, LatLon, OfferDetailDto,
    OfferQuery, PhoneDto, PlaceDto, QrDto, SearchRequest, SearchResultsDto, ShareKind,
    ShareRequest,
};
pub use opened::{FeedLinkDto, FileTrust, OpenedFileDto, PublisherDto, OPENED_FILE_EVENT};
pub use sync::{
    FeedRegionDto, FeedSetupDto, RegionDto, StorageDto, SyncChangesDto, SyncProblemCode,
    SyncProblemDto, SyncProgressDto, SyncStatusDto, SyncStep,
};

/// The names of the shell's commands, so both sides spell them the same way.
pub mod commands {
    pub const APP_INFO: &str = "app_info";
    pub const LIST_CATEGORIES: &str = "list_categories";
    pub const NEAREST: &str = "nearest";
    pub const OFFER_DETAIL: &str = "offer_detail";
    pub const SEARCH: &str = "search";
    pub const FIND_PLACE: &str = "find_place";
    pub const REPORT_CHANGE: &str = "report_change";
    pub const LIST_REPORTS: &str = "list_reports";
    pub const WITHDRAW_REPORT: &str = "withdraw_report";
    pub const LIST_FAVOURITES: &str = "list_favourites";
    pub const SAVE_FAVOURITE: &str = "save_favourite";
    pub const REMOVE_FAVOURITE: &str = "remove_favourite";
    pub const LIST_MAP_PACKS: &str = "list_map_packs";
    pub const OFFERED_MAP_PACKS: &str = "offered_map_packs";
    pub const DOWNLOAD_MAP_PACK: &str = "download_map_pack";
    pub const DELETE_MAP_PACK: &str = "delete_map_pack";
    pub const SYNC_STATUS: &str = "sync_status";
    pub const START_SYNC: &str = "start_sync";
    pub const WAIT_FOR_UPDATE: &str = "wait_for_update";
    pub const SET_FEED: &str = "set_feed";
    pub const KEEP_REGION: &str = "keep_region";
    pub const IMPORT_BUNDLE: &str = "import_bundle_file";
    pub const EXPORT_BUNDLE: &str = "export_bundle_file";
    pub const EXPORT_FAVOURITES: &str = "export_favourites";
    pub const IMPORT_FAVOURITES: &str = "import_favourites";
    pub const STORAGE_INFO: &str = "storage_info";
    pub const DELETE_ALL_DATA: &str = "delete_all_data";
    pub const OPEN_LINK: &str = "open_link";
    pub const SHARE_OFFER: &str = "share_offer";
    pub const OPENED_FILE: &str = "opened_file";
    pub const IMPORT_OPENED_FILE: &str = "import_opened_file";
    pub const DISMISS_OPENED_FILE: &str = "dismiss_opened_file";
    pub const BUILT_IN_PUBLISHERS: &str = "built_in_publishers";
    pub const OPENED_LINK: &str = "opened_link";
    pub const SAVE_PDF: &str = "save_pdf";
    pub const CONTACT_CODES: &str = "contact_codes";
    pub const PREVIEW_PUBLISHER_FEED: &str = "preview_publisher_feed";
    pub const FOLLOW_PUBLISHER: &str = "follow_publisher";
}
