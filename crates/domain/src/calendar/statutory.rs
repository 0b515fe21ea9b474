//! The statutory public holidays (法定节假日) of mainland China for a Gregorian year, computed
//! from the rules rather than read from a dataset. Pure: no IO, no clock.
//!
//! Source: 《全国年节及纪念日放假办法》 (National Regulations on Holidays for Festivals and
//! Memorial Days), article 2 (全体公民放假的节日), as amended by the State Council's decree
//! No. 795 (国务院令第795号, 2024-11-10, in force 2025-01-01). The holidays for all citizens are
//! 13 days a year:
//!
//! | holiday                            | days | when                                             |
//! |------------------------------------|------|--------------------------------------------------|
//! | 元旦 New Year's Day                | 1    | 1 January                                        |
//! | 春节 Spring Festival               | 4    | 除夕 (the day before 正月初一) to 正月初三 (lunar) |
//! | 清明 Qingming (Tomb-sweeping Day)  | 1    | the day of the solar term 清明 (Beijing time)     |
//! | 劳动节 Labour Day                  | 2    | 1–2 May                                          |
//! | 端午 Dragon Boat Festival          | 1    | 五月初五 (lunar)                                  |
//! | 中秋 Mid-autumn Festival           | 1    | 八月十五 (lunar)                                  |
//! | 国庆节 National Day                | 3    | 1–3 October                                      |
//!
//! The lunar calendar and the solar terms come from the `tyme4rs` crate (寿星万年历 algorithms,
//! Beijing time). Only its `Result`-returning constructors are called, never the `from_*` ones
//! that unwrap. Those constructors still unwrap inside on some invalid arguments (an unknown
//! solar-term name, a lunar month outside ±1..=12, a lunar year before -1), so the arguments
//! here are constants and years of [`SUPPORTED_YEARS`] ± 1; the tests run every supported year.
//!
//! What this module does **not** do:
//! - It applies the rules in force since 2025 to every supported year. It is not a historical
//!   record: before 2025 the Spring Festival was 3 days (without 除夕) and Labour Day 1 day, and
//!   before 2008 清明, 端午 and 中秋 were not public holidays.
//! - It knows nothing of the yearly arrangement (调休) the General Office of the State Council
//!   publishes: days off moved next to a holiday, make-up working days on weekends, or a
//!   statutory day on a weekend compensated on a weekday. Those come from the calendar dataset.
//!
//! The holiday names are those of the bundled calendar `assets/calendar/cn-workdays.tsv`.

use std::ops::RangeInclusive;

use chrono::{Datelike, NaiveDate};
use tyme4rs::tyme::lunar::LunarDay;
use tyme4rs::tyme::solar::{SolarDay, SolarTerm};

use super::HolidayName;

/// The first and last years the statutory computation supports.
pub const SUPPORTED_YEARS: std::ops::RangeInclusive<i32> = 1901..=2099;

/// One statutory day off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatutoryDay {
    pub date: chrono::NaiveDate,
    pub name: super::HolidayName,
}

/// Every statutory holiday day of `year` in date order (weekends included: a statutory day
/// that falls on a Saturday or Sunday is still listed). Err(year) when `year` is outside
/// SUPPORTED_YEARS.
///
/// Always 13 days for a supported year. When two holidays fall on the same date (中秋 on 1, 2
/// or 3 October, e.g. 2020-10-01), that date is listed once for each holiday, 中秋 first (the
/// order of the regulations), so the dates are ascending but not always strictly.
///
/// Also `Err(year)` should the lunar-calendar library reject a conversion within a supported
/// year; the tests check that it never does.
pub fn statutory_days(year: i32) -> Result<Vec<StatutoryDay>, i32> {
    if !SUPPORTED_YEARS.contains(&year) {
        return Err(year);
    }
    compute(year).map_err(|_detail| year)
}

/// The holidays of article 2, in the order the regulations list them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Holiday {
    NewYear,
    SpringFestival,
    Qingming,
    Labour,
    DragonBoat,
    MidAutumn,
    National,
}

impl Holiday {
    /// The name, spelled as in `assets/calendar/cn-workdays.tsv`.
    fn name(self) -> HolidayName {
        let (zh, en) = match self {
            Holiday::NewYear => ("元旦", "New Year's Day"),
            Holiday::SpringFestival => ("春节", "Spring Festival"),
            Holiday::Qingming => ("清明", "Tomb-sweeping Day"),
            Holiday::Labour => ("劳动节", "Labour Day"),
            Holiday::DragonBoat => ("端午", "Dragon Boat Festival"),
            Holiday::MidAutumn => ("中秋", "Mid-autumn Festival"),
            Holiday::National => ("国庆节", "National Day"),
        };
        HolidayName { zh: zh.to_owned(), en: en.to_owned() }
    }
}

/// Lunar month and day of 端午 (五月初五) and 中秋 (八月十五).
const DRAGON_BOAT: (isize, usize) = (5, 5);
const MID_AUTUMN: (isize, usize) = (8, 15);

/// The Spring Festival's length: 除夕 and 正月初一 to 初三.
const SPRING_FESTIVAL_DAYS: u64 = 4;

/// The solar term of the Qingming Festival, as `tyme4rs` names it.
const QINGMING_TERM: &str = "清明";

/// The statutory days of a supported year; the error describes a conversion the library
/// rejected.
fn compute(year: i32) -> Result<Vec<StatutoryDay>, String> {
    let mut days: Vec<(NaiveDate, Holiday)> = Vec::with_capacity(13);
    days.push((gregorian(year, 1, 1)?, Holiday::NewYear));
    for date in spring_festival_days(year)? {
        days.push((date, Holiday::SpringFestival));
    }
    days.push((qingming(year)?, Holiday::Qingming));
    for day in 1..=2 {
        days.push((gregorian(year, 5, day)?, Holiday::Labour));
    }
    for date in lunar_dates_in(year, DRAGON_BOAT)? {
        days.push((date, Holiday::DragonBoat));
    }
    for date in lunar_dates_in(year, MID_AUTUMN)? {
        days.push((date, Holiday::MidAutumn));
    }
    for day in 1..=3 {
        days.push((gregorian(year, 10, day)?, Holiday::National));
    }
    // Stable: a date shared by two holidays keeps the regulations' order.
    days.sort_by_key(|&(date, _)| date);
    Ok(days
        .into_iter()
        .map(|(date, holiday)| StatutoryDay { date, name: holiday.name() })
        .collect())
}

/// The lunar years whose festivals can have a day in Gregorian `year`: a lunar year starts
/// between late January and late February, so only the neighbours need looking at.
fn neighbouring_lunar_years(year: i32) -> RangeInclusive<i32> {
    year - 1..=year + 1
}

/// The Spring Festival days (除夕 to 正月初三) that fall in Gregorian `year`, from whichever
/// lunar year's festival they belong to.
fn spring_festival_days(year: i32) -> Result<Vec<NaiveDate>, String> {
    let mut dates = Vec::with_capacity(SPRING_FESTIVAL_DAYS as usize);
    for lunar_year in neighbouring_lunar_years(year) {
        let first_day = lunar_to_gregorian(lunar_year, 1, 1)?;
        // 除夕 is the last day of the twelfth month, whether it has 29 or 30 days (or is a leap
        // twelfth month): always the day before 正月初一.
        let eve = first_day
            .pred_opt()
            .ok_or_else(|| format!("no day before {first_day} (正月初一 of lunar {lunar_year})"))?;
        dates.extend(
            eve.iter_days().take(SPRING_FESTIVAL_DAYS as usize).filter(|d| d.year() == year),
        );
    }
    Ok(dates)
}

/// The dates in Gregorian `year` of the lunar month and day `(month, day)` (not a leap month).
fn lunar_dates_in(year: i32, (month, day): (isize, usize)) -> Result<Vec<NaiveDate>, String> {
    let mut dates = Vec::with_capacity(1);
    for lunar_year in neighbouring_lunar_years(year) {
        let date = lunar_to_gregorian(lunar_year, month, day)?;
        if date.year() == year {
            dates.push(date);
        }
    }
    Ok(dates)
}

/// The Gregorian date of a lunar date (`month` negative for a leap month, as in `tyme4rs`).
fn lunar_to_gregorian(lunar_year: i32, month: isize, day: usize) -> Result<NaiveDate, String> {
    let lunar = LunarDay::new(lunar_year as isize, month, day)
        .map_err(|err| format!("lunar {lunar_year}-{month}-{day}: {err}"))?;
    to_naive(&lunar.get_solar_day())
}

/// The day of the solar term 清明 in `year`, in Beijing time: the civil date of the instant the
/// sun reaches ecliptic longitude 15°.
fn qingming(year: i32) -> Result<NaiveDate, String> {
    // `SolarTerm::new(year, …)` counts the terms from the winter solstice (冬至) that ends
    // Gregorian year - 1, so its 清明 is in April of `year`; checked below all the same.
    let term = SolarTerm::new(year as isize, QINGMING_TERM)
        .map_err(|err| format!("solar term {QINGMING_TERM} of {year}: {err}"))?;
    let date = to_naive(&term.get_julian_day().get_solar_day())?;
    if date.year() == year && date.month() == 4 {
        Ok(date)
    } else {
        Err(format!("solar term {QINGMING_TERM} of {year} computed as {date}, not in April {year}"))
    }
}

/// A `tyme4rs` Gregorian day as a `NaiveDate`.
fn to_naive(day: &SolarDay) -> Result<NaiveDate, String> {
    let (year, month, dom) = (day.get_year(), day.get_month(), day.get_day());
    i32::try_from(year)
        .ok()
        .zip(u32::try_from(month).ok())
        .zip(u32::try_from(dom).ok())
        .and_then(|((y, m), d)| NaiveDate::from_ymd_opt(y, m, d))
        .ok_or_else(|| format!("not a date: {year}-{month}-{dom}"))
}

/// A fixed Gregorian date of `year`.
fn gregorian(year: i32, month: u32, day: u32) -> Result<NaiveDate, String> {
    NaiveDate::from_ymd_opt(year, month, day)
        .ok_or_else(|| format!("not a date: {year}-{month}-{day}"))
}

#[cfg(test)]
mod tests {
    use chrono::Weekday;
    use tyme4rs::tyme::lunar::{LunarMonth, LunarYear};

    use super::*;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    /// The dates `statutory_days(year)` lists for the holiday named `zh`.
    fn dates_of(year: i32, zh: &str) -> Vec<NaiveDate> {
        statutory_days(year)
            .unwrap()
            .into_iter()
            .filter(|d| d.name.zh == zh)
            .map(|d| d.date)
            .collect()
    }

    #[test]
    fn years_outside_the_supported_range_are_errors() {
        assert_eq!(statutory_days(1900), Err(1900));
        assert_eq!(statutory_days(2100), Err(2100));
        assert_eq!(statutory_days(i32::MIN), Err(i32::MIN));
        assert_eq!(statutory_days(i32::MAX), Err(i32::MAX));
        assert!(statutory_days(*SUPPORTED_YEARS.start()).is_ok());
        assert!(statutory_days(*SUPPORTED_YEARS.end()).is_ok());
    }

    #[test]
    fn spring_festival_first_day_is_known_lunar_new_year() {
        for (year, first_day) in [
            (1901, "1901-02-19"),
            (2023, "2023-01-22"),
            (2024, "2024-02-10"),
            (2025, "2025-01-29"),
            (2026, "2026-02-17"),
            (2027, "2027-02-06"),
            (2099, "2099-01-21"),
        ] {
            let first_day = date(first_day);
            let eve = first_day.pred_opt().unwrap();
            let expected: Vec<NaiveDate> = eve.iter_days().take(4).collect();
            assert_eq!(dates_of(year, "春节"), expected, "春节 {year}");
        }
    }

    #[test]
    fn spring_festival_starts_on_new_years_eve() {
        assert_eq!(dates_of(2025, "春节")[0], date("2025-01-28"));
        assert_eq!(dates_of(2026, "春节")[0], date("2026-02-16"));
    }

    /// 除夕 computed as the day before 正月初一 is the last day of the previous lunar year's
    /// twelfth month (the leap twelfth month when there is one), counted with its own length.
    #[test]
    fn new_years_eve_is_the_last_day_of_the_twelfth_month() {
        for lunar_year in 1901..=2100 {
            let previous = lunar_year as isize - 1;
            let twelfth =
                if LunarYear::new(previous).unwrap().get_leap_month() == 12 { -12 } else { 12 };
            let length = LunarMonth::new(previous, twelfth).unwrap().get_day_count();
            assert!(
                length == 29 || length == 30,
                "lunar {previous} month {twelfth} has {length} days"
            );
            let last_day = lunar_to_gregorian(previous as i32, twelfth, length).unwrap();
            let first_day = lunar_to_gregorian(lunar_year, 1, 1).unwrap();
            assert_eq!(last_day.succ_opt().unwrap(), first_day, "除夕 of lunar {lunar_year}");
        }
    }

    #[test]
    fn qingming_is_the_day_of_the_solar_term() {
        for expected in
            ["2008-04-04", "2019-04-05", "2024-04-04", "2025-04-04", "2026-04-05", "2027-04-05"]
        {
            let expected = date(expected);
            assert_eq!(dates_of(expected.year(), "清明"), vec![expected]);
        }
    }

    #[test]
    fn lunar_festivals_fall_on_known_dates() {
        assert_eq!(dates_of(2025, "端午"), vec![date("2025-05-31")]);
        assert_eq!(dates_of(2026, "端午"), vec![date("2026-06-19")]);
        assert_eq!(dates_of(2024, "中秋"), vec![date("2024-09-17")]);
        assert_eq!(dates_of(2025, "中秋"), vec![date("2025-10-06")]);
        assert_eq!(dates_of(2026, "中秋"), vec![date("2026-09-25")]);
    }

    #[test]
    fn year_2026_lists_exactly_its_thirteen_days() {
        let expected: Vec<StatutoryDay> = [
            ("2026-01-01", "元旦", "New Year's Day"),
            ("2026-02-16", "春节", "Spring Festival"),
            ("2026-02-17", "春节", "Spring Festival"),
            ("2026-02-18", "春节", "Spring Festival"),
            ("2026-02-19", "春节", "Spring Festival"),
            ("2026-04-05", "清明", "Tomb-sweeping Day"),
            ("2026-05-01", "劳动节", "Labour Day"),
            ("2026-05-02", "劳动节", "Labour Day"),
            ("2026-06-19", "端午", "Dragon Boat Festival"),
            ("2026-09-25", "中秋", "Mid-autumn Festival"),
            ("2026-10-01", "国庆节", "National Day"),
            ("2026-10-02", "国庆节", "National Day"),
            ("2026-10-03", "国庆节", "National Day"),
        ]
        .into_iter()
        .map(|(d, zh, en)| StatutoryDay {
            date: date(d),
            name: HolidayName { zh: zh.to_owned(), en: en.to_owned() },
        })
        .collect();
        assert_eq!(statutory_days(2026).unwrap(), expected);
    }

    #[test]
    fn every_supported_year_has_thirteen_days_in_order_and_in_the_year() {
        for year in SUPPORTED_YEARS {
            let days = statutory_days(year).unwrap_or_else(|y| panic!("{y}: {:?}", compute(y)));
            assert_eq!(days.len(), 13, "{year}: {days:?}");
            assert!(days.iter().all(|d| d.date.year() == year), "{year}: {days:?}");
            for pair in days.windows(2) {
                assert!(pair[0].date <= pair[1].date, "{year}: {pair:?}");
                if pair[0].date == pair[1].date {
                    // Only 中秋 can share a date with another holiday: 国庆节.
                    assert_eq!(
                        (pair[0].name.zh.as_str(), pair[1].name.zh.as_str()),
                        ("中秋", "国庆节")
                    );
                }
            }
            let count = |zh: &str| days.iter().filter(|d| d.name.zh == zh).count();
            let counts: Vec<usize> =
                ["元旦", "春节", "清明", "劳动节", "端午", "中秋", "国庆节"].map(count).to_vec();
            assert_eq!(counts, vec![1, 4, 1, 2, 1, 1, 3], "{year}");
            // The 4 Spring Festival days are consecutive (never split across two years).
            let spring: Vec<NaiveDate> =
                days.iter().filter(|d| d.name.zh == "春节").map(|d| d.date).collect();
            assert_eq!(spring[3] - spring[0], chrono::Duration::days(3), "{year}");
        }
    }

    #[test]
    fn shared_dates_are_listed_once_per_holiday() {
        // 2020: 中秋 (八月十五) was on 1 October, National Day.
        let days = statutory_days(2020).unwrap();
        let on_october_first: Vec<&str> = days
            .iter()
            .filter(|d| d.date == date("2020-10-01"))
            .map(|d| d.name.zh.as_str())
            .collect();
        assert_eq!(on_october_first, vec!["中秋", "国庆节"]);
    }

    /// The bundled calendar follows the same rules from 2025: every statutory day on a
    /// Monday–Friday is listed there as a holiday with the same name (which also checks the
    /// spelling of the names).
    #[test]
    fn weekday_statutory_days_are_holidays_in_the_bundled_calendar() {
        const TSV: &str = include_str!("../../../../assets/calendar/cn-workdays.tsv");
        let listed: Vec<(NaiveDate, &str, &str, &str)> = TSV
            .lines()
            .filter_map(|line| {
                let fields: Vec<&str> = line.split('\t').collect();
                match fields.as_slice() {
                    [d, kind, zh, en] => {
                        NaiveDate::parse_from_str(d, "%Y-%m-%d").ok().map(|d| (d, *kind, *zh, *en))
                    }
                    _ => None,
                }
            })
            .collect();
        for year in 2025..=2026 {
            for day in statutory_days(year).unwrap() {
                if matches!(day.date.weekday(), Weekday::Sat | Weekday::Sun) {
                    continue;
                }
                let entry = listed.iter().find(|(d, ..)| *d == day.date);
                assert_eq!(
                    entry,
                    Some(&(day.date, "holiday", day.name.zh.as_str(), day.name.en.as_str())),
                    "{day:?}"
                );
            }
        }
    }
}
