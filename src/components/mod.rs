pub mod category_chips;
pub mod map_view;
pub mod offer_list;
pub mod place_picker;
