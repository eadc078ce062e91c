//! Currency codes: the money on a plan is named by an ISO 4217 code, checked against the list.

/// The ISO 4217 alphabetic codes: the active ones, the funds and precious-metal codes, and the
/// codes withdrawn since 2020 that files may still carry.
const CODES: &[&str] = &[
    "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT",
    "BGN", "BHD", "BIF", "BMD", "BND", "BOB", "BOV", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD",
    "CAD", "CDF", "CHE", "CHF", "CHW", "CLF", "CLP", "CNY", "COP", "COU", "CRC", "CUC", "CUP",
    "CVE", "CZK", "DJF", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP",
    "GEL", "GHS", "GIP", "GMD", "GNF", "GTQ", "GYD", "HKD", "HNL", "HRK", "HTG", "HUF", "IDR",
    "ILS", "INR", "IQD", "IRR", "ISK", "JMD", "JOD", "JPY", "KES", "KGS", "KHR", "KMF", "KPW",
    "KRW", "KWD", "KYD", "KZT", "LAK", "LBP", "LKR", "LRD", "LSL", "LYD", "MAD", "MDL", "MGA",
    "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR", "MWK", "MXN", "MXV", "MYR", "MZN", "NAD",
    "NGN", "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN", "PGK", "PHP", "PKR", "PLN", "PYG",
    "QAR", "RON", "RSD", "RUB", "RWF", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD", "SHP", "SLE",
    "SLL", "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL", "THB", "TJS", "TMT", "TND", "TOP",
    "TRY", "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "USN", "UYI", "UYU", "UYW", "UZS", "VED",
    "VES", "VND", "VUV", "WST", "XAF", "XAG", "XAU", "XBA", "XBB", "XBC", "XBD", "XCD", "XCG",
    "XDR", "XOF", "XPD", "XPF", "XPT", "XSU", "XTS", "XUA", "XXX", "YER", "ZAR", "ZMW", "ZWG",
    "ZWL",
];

/// `code` in capitals when it is an ISO 4217 code (any case accepted).
pub fn iso_4217(code: &str) -> Option<String> {
    let upper = code.trim().to_ascii_uppercase();
    CODES
        .binary_search(&upper.as_str())
        .is_ok()
        .then_some(upper)
}

/// The listed codes nearest to `code` (one letter different), for a hint.
pub fn near(code: &str) -> Vec<&'static str> {
    let upper = code.trim().to_ascii_uppercase();
    CODES
        .iter()
        .copied()
        .filter(|c| {
            upper.len() == 3 && c.bytes().zip(upper.bytes()).filter(|(a, b)| a != b).count() == 1
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_sorted_unique_and_three_capitals() {
        assert!(CODES.windows(2).all(|w| w[0] < w[1]));
        assert!(
            CODES
                .iter()
                .all(|c| c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase()))
        );
    }

    #[test]
    fn codes_are_found_in_any_case_and_typos_get_neighbours() {
        assert_eq!(iso_4217("eur").as_deref(), Some("EUR"));
        assert_eq!(iso_4217("CHF").as_deref(), Some("CHF"));
        assert_eq!(iso_4217("EUT"), None);
        assert_eq!(iso_4217("euro"), None);
        assert_eq!(near("EUT"), ["EUR"]);
        assert_eq!(near("euro"), Vec::<&str>::new());
    }
}
