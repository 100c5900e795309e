//! Calendar dates as spreadsheets store them.

/// A date and time of day read from an Excel serial number.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct SerialDate {
    pub year: i64,
    pub month: i64,
    pub day: i64,
    /// Seconds after midnight (0 for a date alone).
    pub seconds: i64,
}

/// An Excel serial date of the 1900 date system (day 1 is 1900-01-01; Excel counts a
/// 1900-02-29 that did not exist). `None` outside 1900-01-01 ..= 9999-12-31.
///
/// Written out rather than taken from calamine: its conversion needs chrono, a dependency for
/// one small calculation (Howard Hinnant's civil-from-days algorithm).
pub fn from_excel_serial(serial: f64) -> Option<SerialDate> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let mut days = serial.floor() as i64;
    let seconds = ((serial - serial.floor()) * 86_400.0).round() as i64;
    if days >= 60 {
        days -= 1;
    }
    // Days since 1970-01-01, then the civil date.
    let z = days - 25_568 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    Some(SerialDate {
        year,
        month,
        day,
        seconds: seconds.min(86_399),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serial_dates() {
        let d = |s: f64| from_excel_serial(s).map(|d| (d.year, d.month, d.day, d.seconds));
        assert_eq!(d(1.0), Some((1900, 1, 1, 0)));
        assert_eq!(d(59.0), Some((1900, 2, 28, 0)));
        // Excel's 1900-02-29 (serial 60) reads as 1900-02-28 + the days after it line up.
        assert_eq!(d(61.0), Some((1900, 3, 1, 0)));
        assert_eq!(d(45_657.0), Some((2024, 12, 31, 0)));
        assert_eq!(d(45_657.5), Some((2024, 12, 31, 43_200)));
        assert_eq!(d(0.5), None);
        assert_eq!(d(3_000_000.0), None);
    }
}
