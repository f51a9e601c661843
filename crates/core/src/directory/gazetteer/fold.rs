//! Search keys: one folding for the stored names and the typed query, so that
//! "muenchen", "München", "MUNCHEN" and "Munchen" meet, and so do Arabic and
//! Persian spellings of one letter.
//!
//! The folding works left to right and looks back by one character only, so the
//! key of a prefix of a name is a prefix of the name's key: prefix search on
//! keys is prefix search on names.

/// The search key of `text`: lower case, without diacritics, German umlaut
/// spellings (ae/oe/ue) merged into the plain vowel, ß as ss, every run of
/// punctuation or white space as one space, trimmed.
pub(crate) fn fold(text: &str) -> String {
    let mut base = String::with_capacity(text.len());
    for upper in text.chars() {
        for c in upper.to_lowercase() {
            push_base(c, &mut base);
        }
    }
    let mut key = String::with_capacity(base.len());
    let mut last: Option<char> = None;
    let mut dropped_e = false;
    for c in base.chars() {
        if c == ' ' {
            if last.is_some_and(|l| l != ' ') {
                key.push(' ');
                last = Some(' ');
            }
            dropped_e = false;
            continue;
        }
        // "ue" is how "ü" is written without the key: fold it like "ü".
        if c == 'e' && !dropped_e && matches!(last, Some('a' | 'o' | 'u')) {
            dropped_e = true;
            continue;
        }
        dropped_e = false;
        key.push(c);
        last = Some(c);
    }
    if key.ends_with(' ') {
        key.pop();
    }
    key
}

/// Append the base form of one lower-case character.
fn push_base(c: char, out: &mut String) {
    if c.is_ascii_alphanumeric() {
        out.push(c);
    } else if is_mark(c) {
        // dropped: accents, Arabic vowel signs, Hebrew points, tatweel
    } else if let Some(base) = base_of(c) {
        out.push_str(base);
    } else if c.is_alphanumeric() {
        out.push(c);
    } else {
        out.push(' ');
    }
}

fn is_mark(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'   // combining diacritical marks
        | '\u{0483}'..='\u{0489}' // Cyrillic combining marks
        | '\u{0591}'..='\u{05BD}' // Hebrew points and accents
        | '\u{05BF}' | '\u{05C1}' | '\u{05C2}' | '\u{05C4}' | '\u{05C5}' | '\u{05C7}'
        | '\u{0610}'..='\u{061A}' // Arabic signs
        | '\u{0640}'              // Arabic tatweel
        | '\u{064B}'..='\u{065F}' // Arabic harakat
        | '\u{0670}'              // Arabic superscript alef
        | '\u{06D6}'..='\u{06ED}' // Quranic marks
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{200C}' | '\u{200D}' // zero-width (non-)joiner
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE20}'..='\u{FE2F}')
}

/// The base letters of a lower-case precomposed letter, where it has one.
fn base_of(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' | 'ǎ' | 'ǟ' | 'ǡ' | 'ǻ' | 'ȁ' | 'ȃ'
        | 'ȧ' | 'ạ' | 'ả' | 'ấ' | 'ầ' | 'ẩ' | 'ẫ' | 'ậ' | 'ắ' | 'ằ' | 'ẳ' | 'ẵ' | 'ặ' => {
            "a"
        }
        'æ' | 'ǽ' | 'ǣ' => "ae",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' | 'ȅ' | 'ȇ' | 'ȩ' | 'ẹ' | 'ẻ' | 'ẽ'
        | 'ế' | 'ề' | 'ể' | 'ễ' | 'ệ' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' | 'ǧ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' | 'ǐ' | 'ȉ' | 'ȋ' | 'ỉ' | 'ị' => {
            "i"
        }
        'ĵ' => "j",
        'ķ' | 'ǩ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' | 'ŉ' | 'ǹ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' | 'ơ' | 'ǒ' | 'ǫ' | 'ȍ' | 'ȏ' | 'ȫ'
        | 'ȭ' | 'ȯ' | 'ȱ' | 'ọ' | 'ỏ' | 'ố' | 'ồ' | 'ổ' | 'ỗ' | 'ộ' | 'ớ' | 'ờ' | 'ở' | 'ỡ'
        | 'ợ' => "o",
        'œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => "s",
        'ß' => "ss",
        'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
        'þ' => "th",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' | 'ư' | 'ǔ' | 'ǖ' | 'ǘ' | 'ǚ'
        | 'ǜ' | 'ȕ' | 'ȗ' | 'ụ' | 'ủ' | 'ứ' | 'ừ' | 'ử' | 'ữ' | 'ự' => "u",
        'ŵ' | 'ẁ' | 'ẃ' | 'ẅ' => "w",
        'ý' | 'ÿ' | 'ŷ' | 'ỳ' | 'ỵ' | 'ỷ' | 'ỹ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        // Greek: accents and the final sigma
        'ά' => "α",
        'έ' => "ε",
        'ή' => "η",
        'ί' | 'ϊ' | 'ΐ' => "ι",
        'ό' => "ο",
        'ύ' | 'ϋ' | 'ΰ' => "υ",
        'ώ' => "ω",
        'ς' => "σ",
        // Cyrillic
        'ё' => "е",
        // Arabic and Persian forms of one letter
        'أ' | 'إ' | 'آ' | 'ٱ' => "ا",
        'ى' | 'ی' | 'ئ' => "ي",
        'ک' => "ك",
        'ة' | 'ۀ' | 'ە' => "ه",
        'ؤ' => "و",
        _ => return None,
    })
}
