//! [`Tx`]: one open transaction on a pooled connection, the only way the store's modules talk to
//! PostgreSQL. Statements go through the connection's prepared-statement cache. A failure that
//! PostgreSQL asks the client to retry (serialization failure, deadlock) is remembered, so the
//! store can run the whole transaction again.

use std::collections::HashMap;

use postgres::error::SqlState;
use postgres::types::ToSql;
use postgres::{Client, Row, Statement};

use crate::StoreError;

pub(super) type Params<'p> = &'p [&'p (dyn ToSql + Sync)];

pub(super) struct Tx<'c> {
    client: &'c mut Client,
    statements: &'c mut HashMap<String, Statement>,
    retryable: bool,
}

impl<'c> Tx<'c> {
    pub(super) fn new(
        client: &'c mut Client,
        statements: &'c mut HashMap<String, Statement>,
    ) -> Tx<'c> {
        Tx { client, statements, retryable: false }
    }

    /// Whether a statement of this transaction failed in a way a retry may cure.
    pub(super) fn retryable(&self) -> bool {
        self.retryable
    }

    fn failed(&mut self, error: postgres::Error) -> StoreError {
        if matches!(
            error.code(),
            Some(&SqlState::T_R_SERIALIZATION_FAILURE) | Some(&SqlState::T_R_DEADLOCK_DETECTED)
        ) {
            self.retryable = true;
        }
        error.into()
    }

    fn statement(&mut self, sql: &str) -> Result<Statement, StoreError> {
        if let Some(statement) = self.statements.get(sql) {
            return Ok(statement.clone());
        }
        let prepared = self.client.prepare(sql).map_err(|e| self.failed(e))?;
        self.statements.insert(sql.to_owned(), prepared.clone());
        Ok(prepared)
    }

    pub(super) fn execute(&mut self, sql: &str, params: Params<'_>) -> Result<u64, StoreError> {
        let statement = self.statement(sql)?;
        self.client.execute(&statement, params).map_err(|e| self.failed(e))
    }

    pub(super) fn query(&mut self, sql: &str, params: Params<'_>) -> Result<Vec<Row>, StoreError> {
        let statement = self.statement(sql)?;
        self.client.query(&statement, params).map_err(|e| self.failed(e))
    }

    pub(super) fn query_opt(
        &mut self,
        sql: &str,
        params: Params<'_>,
    ) -> Result<Option<Row>, StoreError> {
        let statement = self.statement(sql)?;
        self.client.query_opt(&statement, params).map_err(|e| self.failed(e))
    }

    pub(super) fn query_one(&mut self, sql: &str, params: Params<'_>) -> Result<Row, StoreError> {
        let statement = self.statement(sql)?;
        self.client.query_one(&statement, params).map_err(|e| self.failed(e))
    }
}
