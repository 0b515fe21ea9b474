//! Where the server reads the time: the domain's [`Clock`], passed in so tests can move time, and
//! the conversion to the calendar date in Beijing time that every rule uses.

pub use reviewdesk_domain::calendar::china_date;
pub use reviewdesk_domain::clock::{Clock, SystemClock};
