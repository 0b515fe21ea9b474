//! [`ClientError`]: every failure the desktop can get from the client, with a stable snake_case
//! `code()` (an [`ErrorCode`], or a newer server's own) and a Chinese message a reviewer can read
//! (the desktop passes both on as `AppError`).

use reviewdesk_domain::decision_rules::RuleError;
use reviewdesk_domain::reasons::ReasonError;
use reviewdesk_domain::ErrorCode;

use crate::cache::CacheError;
use crate::secrets::SecretError;
use crate::transport::TransportError;

#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    #[error(transparent)]
    Transport(#[from] TransportError),
    #[error(transparent)]
    Cache(#[from] CacheError),
    #[error(transparent)]
    Secret(#[from] SecretError),
    /// The reject reasons do not make a valid applicant text.
    #[error(transparent)]
    Reasons(#[from] ReasonError),
    /// A decision, a verdict or a request refused by the domain's rules.
    #[error(transparent)]
    Rule(#[from] RuleError),
    #[error("尚未登录")]
    NotSignedIn,
    #[error("已登录账号 {username}，请先退出登录")]
    OtherAccount { username: String },
    /// The cache exists but its key is gone from the keyring: it can never be read again.
    #[error("系统密钥环中找不到本地缓存的密钥，缓存无法读取，请重新登录")]
    CacheKeyMissing,
    #[error("本地缓存中没有该审核任务（可能已过期或已同步）")]
    UnknownSubmission,
    #[error("该任务已作出决定，正在等待同步")]
    AlreadyDecided,
    #[error("该任务的租约已过期，已退回队列，不能再作决定")]
    LeaseExpired,
    #[error("该决定已超过撤回时限，已是最终决定；如需更改，请联系审核主管")]
    RecallTooLate,
    #[error("还有 {pending} 项决定尚未同步到服务器，现在退出登录会丢失它们")]
    UnsentDecisions { pending: u32 },
    #[error("导出文件无法保存：{0}")]
    ExportFile(String),
    #[error("审核主管账号不领取审核任务")]
    ReviewersOnly,
    #[error("本地账号文件读写失败：{0}")]
    AccountFile(String),
    /// The synced working-day calendar does not parse.
    #[error("同步的节假日安排无法读取：{message}")]
    Calendar { message: String },
}

impl ClientError {
    /// Stable snake_case code: an [`ErrorCode`], except that a server refusal keeps the server's
    /// code as sent (a newer server may send one this build does not know).
    pub fn code(&self) -> &str {
        let code = match self {
            ClientError::Transport(error) => return error.code(),
            ClientError::Cache(error) => error.code(),
            ClientError::Secret(error) => error.code(),
            ClientError::Reasons(error) => error.code(),
            ClientError::Rule(error) => error.code(),
            ClientError::NotSignedIn => ErrorCode::NotSignedIn,
            ClientError::OtherAccount { .. } => ErrorCode::OtherAccountSignedIn,
            ClientError::CacheKeyMissing => ErrorCode::CacheKeyMissing,
            ClientError::UnknownSubmission => ErrorCode::UnknownSubmission,
            ClientError::AlreadyDecided => ErrorCode::AlreadyDecided,
            ClientError::LeaseExpired => ErrorCode::LeaseExpired,
            ClientError::RecallTooLate => ErrorCode::RecallTooLate,
            ClientError::UnsentDecisions { .. } => ErrorCode::UnsentDecisions,
            ClientError::Calendar { .. } => ErrorCode::CalendarUnreadable,
            ClientError::ExportFile(_) => ErrorCode::ExportFile,
            ClientError::ReviewersOnly => ErrorCode::ReviewersOnly,
            ClientError::AccountFile(_) => ErrorCode::AccountFile,
        };
        code.as_str()
    }

    /// The Chinese message.
    pub fn message(&self) -> String {
        self.to_string()
    }
}
