//! Account lifecycle, shared by both stores: what disabling, enabling, a password change and a
//! revocation of every session each do ([`plan`]), and the audit event each records ([`note`]).
//! The backends only read the account, write what the plan says, and append the note.

use reviewdesk_domain::audit::AuditAction;
use serde_json::json;

use crate::AuditNote;

/// One lifecycle action of an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lifecycle {
    Disable,
    Enable,
    SetPassword,
    RevokeSessions,
}

/// What an action writes, given whether the account is disabled now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plan {
    /// `Some(true)`: mark the account disabled; `Some(false)`: enabled again.
    pub set_disabled: Option<bool>,
    /// Replace the password hash.
    pub set_password: bool,
    /// Revoke the account's live sessions.
    pub revoke_sessions: bool,
    /// Whether anything is written and recorded at all.
    pub changes: bool,
}

/// The plan of `action` on an account that is `disabled` (or not).
pub fn plan(action: Lifecycle, disabled: bool) -> Plan {
    let nothing =
        Plan { set_disabled: None, set_password: false, revoke_sessions: false, changes: false };
    match action {
        Lifecycle::Disable if disabled => nothing,
        Lifecycle::Disable => {
            Plan { set_disabled: Some(true), revoke_sessions: true, changes: true, ..nothing }
        }
        Lifecycle::Enable if !disabled => nothing,
        Lifecycle::Enable => Plan { set_disabled: Some(false), changes: true, ..nothing },
        Lifecycle::SetPassword => {
            Plan { set_password: true, revoke_sessions: true, changes: true, ..nothing }
        }
        Lifecycle::RevokeSessions => Plan { revoke_sessions: true, changes: true, ..nothing },
    }
}

/// The audit event of `action` on `username`, done by the command line (`system`, as every
/// account change made there), with the number of sessions it ended.
pub fn note(action: Lifecycle, username: &str, sessions_revoked: u64) -> AuditNote<'_> {
    let action = match action {
        Lifecycle::Disable => AuditAction::UserDisabled,
        Lifecycle::Enable => AuditAction::UserEnabled,
        Lifecycle::SetPassword => AuditAction::PasswordChanged,
        Lifecycle::RevokeSessions => AuditAction::SessionsRevoked,
    };
    AuditNote {
        actor: "system",
        action,
        subject: Some(username),
        detail: json!({ "sessions_revoked": sessions_revoked }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeating_a_state_change_does_nothing_and_the_others_always_act() {
        assert!(!plan(Lifecycle::Disable, true).changes);
        assert!(!plan(Lifecycle::Enable, false).changes);
        let disable = plan(Lifecycle::Disable, false);
        assert_eq!((disable.set_disabled, disable.revoke_sessions), (Some(true), true));
        let enable = plan(Lifecycle::Enable, true);
        assert_eq!((enable.set_disabled, enable.revoke_sessions), (Some(false), false));
        for disabled in [false, true] {
            let password = plan(Lifecycle::SetPassword, disabled);
            assert!(password.set_password && password.revoke_sessions && password.changes);
            assert!(plan(Lifecycle::RevokeSessions, disabled).revoke_sessions);
        }
    }
}
