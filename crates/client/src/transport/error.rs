//! [`TransportError`]: how a request to the review server failed. The server's own `{code,
//! message}` refusals are kept exactly as sent; a request that never got an answer (connection
//! refused, reset, timed out) is [`TransportError::Offline`], so callers can tell "the server said
//! no" from "the server could not be reached".

use reviewdesk_domain::wire::ErrorBody;
use reviewdesk_domain::ErrorCode;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransportError {
    /// No answer: the server is unreachable, the connection broke, or the request timed out.
    #[error("无法连接服务器（{detail}），已转为离线工作")]
    Offline { detail: String },
    /// The server's certificate was refused (unknown issuer, expired, wrong name): nothing was
    /// sent. Like [`TransportError::Offline`] no answer was received, but the cure is different.
    #[error("服务器证书不受信任（{detail}）。如服务器使用内部证书颁发机构，请由管理员设置 REVIEWDESK_EXTRA_CA 指向其根证书")]
    Untrusted { detail: String },
    /// The server answered with an error: its body as sent (`code` is the server's, unchanged).
    #[error("{}", .body.message)]
    Refused { status: u16, body: Box<ErrorBody> },
    /// The server answered something the client cannot read (not the API's JSON, a photo whose
    /// bytes do not match its SHA-256).
    #[error("服务器的答复无法识别：{detail}")]
    BadAnswer { detail: String },
    /// The server address is not a usable `http(s)://` URL.
    #[error("服务器地址无效：{url}")]
    BadUrl { url: String },
    /// Plain `http://` to a server that is not on this computer.
    #[error("服务器地址必须以 https:// 开头（本机地址除外）：{url}")]
    PlainHttp { url: String },
    /// The extra CA file to trust cannot be read or holds no PEM certificate.
    #[error("无法读取要信任的根证书文件 {path}（{detail}）")]
    BadCaFile { path: String, detail: String },
}

impl TransportError {
    /// Stable snake_case code; for a refusal, the server's own code as sent.
    pub fn code(&self) -> &str {
        let code = match self {
            TransportError::Refused { body, .. } => return &body.code,
            TransportError::Offline { .. } => ErrorCode::Offline,
            TransportError::Untrusted { .. } => ErrorCode::CertificateUntrusted,
            TransportError::BadAnswer { .. } => ErrorCode::BadAnswer,
            TransportError::BadUrl { .. } => ErrorCode::BadServerUrl,
            TransportError::PlainHttp { .. } => ErrorCode::InsecureServerUrl,
            TransportError::BadCaFile { .. } => ErrorCode::BadCaFile,
        };
        code.as_str()
    }

    /// The request never got an answer (unreachable, or its certificate refused): work goes on
    /// offline and nothing counts against a decision.
    pub fn is_offline(&self) -> bool {
        matches!(self, TransportError::Offline { .. } | TransportError::Untrusted { .. })
    }

    /// The server no longer accepts the session token (401).
    pub fn is_session_ended(&self) -> bool {
        matches!(self, TransportError::Refused { status: 401, .. })
    }

    /// A refusal with this status and code.
    pub fn is_refusal(&self, status: u16, code: &str) -> bool {
        matches!(self, TransportError::Refused { status: s, body } if *s == status && body.code == code)
    }

    /// Shorthand for a refusal, as the server would send it.
    pub fn refused(status: u16, code: &str, message: &str) -> TransportError {
        TransportError::Refused {
            status,
            body: Box::new(ErrorBody {
                code: code.to_owned(),
                message: message.to_owned(),
                field: None,
                decision: None,
                period_start: None,
                submission_id: None,
            }),
        }
    }
}
