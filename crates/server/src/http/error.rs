//! [`ApiError`]: the one error shape the HTTP API answers with, `{code, message}` JSON (plus
//! details such as `field` or `decision` where they help) under the right 4xx status. Store
//! errors map onto statuses here; the store's own failures become a generic 500 `internal` whose
//! detail goes only to the server log.

use axum::extract::multipart::{MultipartError, MultipartRejection};
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use reviewdesk_domain::decision_rules::RuleError;
use reviewdesk_domain::quota::Period;
use reviewdesk_domain::ErrorCode;
use serde_json::{json, Map, Value};

use crate::store::StoreError;

#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: ErrorCode,
    pub message: String,
    /// Further members of the JSON body (`field`, `decision`, …).
    pub details: Map<String, Value>,
    /// Seconds for a `Retry-After` header.
    pub retry_after: Option<u64>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: ErrorCode, message: impl Into<String>) -> ApiError {
        ApiError { status, code, message: message.into(), details: Map::new(), retry_after: None }
    }

    /// Adds a member to the body.
    pub fn with(mut self, key: &str, value: impl Into<Value>) -> ApiError {
        self.details.insert(key.to_owned(), value.into());
        self
    }

    pub fn bad_request(code: ErrorCode, message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, code, message)
    }

    pub fn unprocessable(code: ErrorCode, message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, code, message)
    }

    pub fn unauthorized(code: ErrorCode, message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::UNAUTHORIZED, code, message)
    }

    pub fn forbidden(code: ErrorCode, message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::FORBIDDEN, code, message)
    }

    pub fn not_found(code: ErrorCode, message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, code, message)
    }

    /// A failure of the server itself: logged in full, answered with a generic message.
    pub fn internal(detail: impl std::fmt::Display) -> ApiError {
        tracing::error!("internal error: {detail}");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::Internal,
            "服务器内部错误，请稍后重试",
        )
    }

    /// 422 `invalid_request`: the JSON does not fit the request (`detail` names the field).
    pub fn invalid_fields(detail: &str) -> ApiError {
        ApiError::unprocessable(
            ErrorCode::InvalidRequest,
            format!("请求内容的字段不符合要求（{detail}）"),
        )
    }

    /// [`ApiError::invalid_fields`] for a JSON value that did not deserialize.
    pub fn invalid_json_fields(error: &serde_path_to_error::Error<serde_json::Error>) -> ApiError {
        ApiError::invalid_fields(&error.to_string())
    }

    pub fn body_too_large() -> ApiError {
        ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::BodyTooLarge, "请求内容过大")
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut body = Map::new();
        body.insert("code".to_owned(), json!(self.code.as_str()));
        body.insert("message".to_owned(), json!(self.message));
        body.extend(self.details);
        let mut response = (self.status, axum::Json(Value::Object(body))).into_response();
        if let Some(seconds) = self.retry_after {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        if self.status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

fn thing_zh(what: &str) -> &'static str {
    match what {
        "submission" => "该审核申请",
        "session" => "该登录会话",
        "username" => "该用户名",
        "intake key" => "该接口密钥",
        "submission id" => "该申请编号",
        "view" => "该视图",
        _ => "该记录",
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> ApiError {
        let code = error.code();
        match error {
            StoreError::NotFound { what } => {
                ApiError::not_found(code, format!("{}不存在", thing_zh(what)))
            }
            StoreError::AlreadyExists { what } => {
                ApiError::new(StatusCode::CONFLICT, code, format!("{}已存在", thing_zh(what)))
            }
            StoreError::QuotaExhausted { period_start, used } => ApiError::new(
                StatusCode::CONFLICT,
                code,
                format!(
                    "本审核周期（{}）的人工审核次数已用完（已提交 {used} 次）",
                    Period::containing(period_start).label_zh()
                ),
            )
            .with("period_start", period_start.to_string()),
            StoreError::AlreadyPending { submission_id } => ApiError::new(
                StatusCode::CONFLICT,
                code,
                "已有一次人工审核正在进行，请等待审核结果后再提交",
            )
            .with("submission_id", submission_id),
            StoreError::Conflict { decision } => {
                let message = format!("该申请已由 {} 先行作出决定", decision.username);
                match serde_json::to_value(&*decision) {
                    Ok(value) => {
                        ApiError::new(StatusCode::CONFLICT, code, message).with("decision", value)
                    }
                    Err(error) => ApiError::internal(error),
                }
            }
            StoreError::NotOpen { .. } => {
                ApiError::new(StatusCode::CONFLICT, code, "该申请已审结，不能再处理")
            }
            StoreError::LeaseInvalid => ApiError::new(
                StatusCode::CONFLICT,
                code,
                "租约无效：该任务不是由你领取的，或已被他人重新领取",
            ),
            StoreError::LeaseExpired => {
                ApiError::new(StatusCode::CONFLICT, code, "租约已过期，请重新领取该任务")
            }
            StoreError::LeaseReleased => ApiError::new(
                StatusCode::CONFLICT,
                code,
                "该任务已退回队列（由你退回或由审核主管收回），不能再对它作出决定",
            ),
            StoreError::NotLeased => {
                ApiError::new(StatusCode::CONFLICT, code, "该案件现在没有人领取，无需收回")
            }
            StoreError::OwnDecision => ApiError::forbidden(code, "不能复核自己作出的决定"),
            StoreError::IdempotencyMismatch { .. } => {
                ApiError::new(StatusCode::CONFLICT, code, "该决定编号已用于另一项内容不同的决定")
            }
            StoreError::Invalid { code, message } => ApiError::unprocessable(code, message),
            StoreError::Purged => {
                ApiError::new(StatusCode::GONE, code, "该申请已过保存期限，个人信息和照片已删除")
            }
            StoreError::CalendarChanged => ApiError::new(
                StatusCode::CONFLICT,
                code,
                "节假日安排正在更新，办结期限未能确定，请稍后重新提交",
            ),
            error @ (StoreError::MigrationEdited { .. }
            | StoreError::Corrupt { .. }
            | StoreError::Backend { .. }) => ApiError::internal(error),
        }
    }
}

impl From<RuleError> for ApiError {
    fn from(error: RuleError) -> ApiError {
        ApiError::unprocessable(error.code(), error.message_zh())
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> ApiError {
        match rejection {
            JsonRejection::MissingJsonContentType(_) => ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                ErrorCode::UnsupportedMediaType,
                "请求内容须为 JSON（Content-Type: application/json）",
            ),
            JsonRejection::JsonSyntaxError(_) => {
                ApiError::bad_request(ErrorCode::MalformedJson, "请求内容不是有效的 JSON")
            }
            JsonRejection::JsonDataError(error) => {
                let detail = std::error::Error::source(&error)
                    .map_or_else(|| error.body_text(), |source| source.to_string());
                ApiError::invalid_fields(&detail)
            }
            JsonRejection::BytesRejection(error)
                if error.status() == StatusCode::PAYLOAD_TOO_LARGE =>
            {
                ApiError::body_too_large()
            }
            other => {
                ApiError::bad_request(ErrorCode::BadRequest, format!("无法读取请求内容：{other}"))
            }
        }
    }
}

impl From<PathRejection> for ApiError {
    fn from(_: PathRejection) -> ApiError {
        ApiError::bad_request(ErrorCode::BadPath, "网址中的参数有误")
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> ApiError {
        let detail = std::error::Error::source(&rejection)
            .map_or_else(|| rejection.body_text(), |source| source.to_string());
        ApiError::bad_request(ErrorCode::BadQuery, format!("查询参数有误（{detail}）"))
    }
}

impl From<MultipartRejection> for ApiError {
    fn from(rejection: MultipartRejection) -> ApiError {
        match rejection {
            MultipartRejection::InvalidBoundary(_) => ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                ErrorCode::NotMultipart,
                "请求须为 multipart/form-data 格式",
            ),
            other => {
                ApiError::bad_request(ErrorCode::BadMultipart, format!("无法读取请求：{other}"))
            }
        }
    }
}

impl From<MultipartError> for ApiError {
    fn from(error: MultipartError) -> ApiError {
        if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::body_too_large()
        } else {
            ApiError::bad_request(ErrorCode::BadMultipart, "multipart 请求格式有误")
        }
    }
}
