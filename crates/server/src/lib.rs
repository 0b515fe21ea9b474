//! ReviewDesk's review server as a library (being written).
