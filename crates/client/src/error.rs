//! [`ClientError`]: every failure the desktop can get from the client, with a stable snake_case
//! `code()` and a Chinese message a reviewer can read (the desktop passes both on as `AppError`).

use reviewdesk_domain::reasons::ReasonError;

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
    #[error("“通过”不能附带不通过原因")]
    ApproveWithReasons,
    #[error("备注过长：{chars} 个字符，最多 {max} 个")]
    NoteTooLong { chars: usize, max: usize },
    #[error("还有 {pending} 项决定尚未同步到服务器，现在退出登录会丢失它们")]
    UnsentDecisions { pending: u32 },
    #[error("离线领取数量须为 1 到 {max} 件")]
    BadCheckoutCount { max: u32 },
    #[error("离线领取时长须为 1 到 {max} 小时")]
    BadCheckoutHours { max: i64 },
    #[error("请填写理由")]
    NoteRequired,
    #[error("每页条数须为 1 到 {max}")]
    BadPageSize { max: u32 },
    #[error("开始日期不能晚于结束日期")]
    BadDateRange,
    #[error("日期范围最长 {max} 天")]
    RangeTooLong { max: i64 },
    #[error("导出文件无法保存：{0}")]
    ExportFile(String),
    #[error("督导账号不领取审核任务")]
    ReviewersOnly,
    #[error("本地账号文件读写失败：{0}")]
    AccountFile(String),
    /// The synced working-day calendar does not parse.
    #[error("同步的节假日安排无法读取：{message}")]
    Calendar { message: String },
}

impl ClientError {
    /// Stable snake_case code; a server refusal keeps the server's code.
    pub fn code(&self) -> &str {
        match self {
            ClientError::Transport(error) => error.code(),
            ClientError::Cache(error) => error.code(),
            ClientError::Secret(error) => error.code(),
            ClientError::Reasons(error) => error.code(),
            ClientError::NotSignedIn => "not_signed_in",
            ClientError::OtherAccount { .. } => "other_account_signed_in",
            ClientError::CacheKeyMissing => "cache_key_missing",
            ClientError::UnknownSubmission => "unknown_submission",
            ClientError::AlreadyDecided => "already_decided",
            ClientError::LeaseExpired => "lease_expired",
            ClientError::ApproveWithReasons => "approve_with_reasons",
            ClientError::NoteTooLong { .. } => "note_too_long",
            ClientError::UnsentDecisions { .. } => "unsent_decisions",
            ClientError::BadCheckoutCount { .. } => "bad_checkout_count",
            ClientError::BadCheckoutHours { .. } => "bad_checkout_hours",
            ClientError::NoteRequired => "note_required",
            ClientError::Calendar { .. } => "calendar_unreadable",
            ClientError::BadPageSize { .. } => "bad_page_size",
            ClientError::BadDateRange => "bad_date_range",
            ClientError::RangeTooLong { .. } => "range_too_long",
            ClientError::ExportFile(_) => "export_file",
            ClientError::ReviewersOnly => "reviewers_only",
            ClientError::AccountFile(_) => "account_file",
        }
    }

    /// The Chinese message.
    pub fn message(&self) -> String {
        self.to_string()
    }
}
