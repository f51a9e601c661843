pub mod category_chips;
pub mod offer_list;
pub mod place_picker;
