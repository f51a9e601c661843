pub mod category_chips;
pub mod favourite_note;
pub mod frame;
pub mod offer_list;
pub mod place_picker;
pub mod qr_code;
pub mod report_form;
pub mod topbar;
