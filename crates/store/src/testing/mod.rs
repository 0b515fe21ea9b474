//! Test support (feature `test-support`, for tests only): a throwaway PostgreSQL server
//! ([`postgres`]), a store test's data on either store ([`place`]), and [`on_both_stores!`](crate::on_both_stores)
//! to run one test body against each store.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod place;
pub mod postgres;

/// Runs each named test body once per store: `sqlite::<name>` and `postgres::<name>`, each given
/// `$fixture::sqlite()` or `$fixture::postgres()` (a type of the calling test file, or
/// [`place::Place`]).
#[macro_export]
macro_rules! on_both_stores {
    ($fixture:ident; $($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[test]
            fn $name() {
                super::$name(super::$fixture::sqlite());
            })*
        }
        mod postgres {
            $(#[test]
            fn $name() {
                super::$name(super::$fixture::postgres());
            })*
        }
    };
}
