//! Who is calling: [`Staff`] (a bearer session token from login; [`Supervisor`] when it must be a
//! supervisor's) or [`IntakeClient`] (an
//! `X-Api-Key` of the applicant-facing system). Each extractor refuses with 401 when the
//! credential is missing or dead, and with 403 when the caller holds the other kind.

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};
use reviewdesk_domain::ErrorCode;
use std::net::{IpAddr, SocketAddr};

use super::blocking::with_store;
use super::error::ApiError;
use super::rate_limit::CredentialLookup;
use super::state::AppState;
use crate::auth::secret_hash;
use crate::store::{IntakeKey, User};
use reviewdesk_domain::review::Role;

/// The header carrying an intake key.
pub const API_KEY_HEADER: &str = "x-api-key";

/// A logged-in staff member.
#[derive(Debug, Clone)]
pub struct Staff {
    pub user: User,
    /// The hash of the session token used (for logout).
    pub token_hash: String,
}

impl Staff {
    /// Refuses users without a province (admins): only provincial staff work the queue.
    pub fn province(&self) -> Result<&str, ApiError> {
        self.user.province.as_deref().ok_or_else(|| {
            ApiError::forbidden(ErrorCode::NoProvince, "只有所属省份的审核人员可以领取和审核任务")
        })
    }
}

impl Staff {
    /// Refuses staff who do not take first-stage review work: anyone without a province
    /// (`no_province`), admins, and supervisors unless `supervisors_claim_first_stage` lets them
    /// (`reviewers_only`: supervisors audit the reviewers' decisions, they do not make them).
    pub fn first_stage_reviewer(
        &self,
        settings: &crate::settings::Settings,
    ) -> Result<&str, ApiError> {
        let province = self.province()?;
        match self.user.role {
            Role::Reviewer => Ok(province),
            Role::Supervisor if settings.supervisors_claim_first_stage => Ok(province),
            Role::Supervisor | Role::Admin => Err(ApiError::forbidden(
                ErrorCode::ReviewersOnly,
                "一审任务由审核员领取和审核，审核主管不领取",
            )),
        }
    }
}

/// A logged-in supervisor: anyone else is refused with 403 `supervisors_only`.
#[derive(Debug, Clone)]
pub struct Supervisor(pub Staff);

impl FromRequestParts<AppState> for Supervisor {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let staff = Staff::from_request_parts(parts, state).await?;
        if staff.user.role != Role::Supervisor {
            return Err(ApiError::forbidden(ErrorCode::SupervisorsOnly, "该功能仅供审核主管使用"));
        }
        Ok(Supervisor(staff))
    }
}

/// The applicant-facing system, by its intake key.
#[derive(Debug, Clone)]
pub struct IntakeClient {
    pub key: IntakeKey,
}

pub(super) fn bearer(headers: &HeaderMap) -> Option<Result<String, ApiError>> {
    let value = headers.get(header::AUTHORIZATION)?;
    let token = value
        .to_str()
        .ok()
        .and_then(|text| text.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|token| !token.is_empty());
    Some(token.map(str::to_owned).ok_or_else(|| {
        ApiError::unauthorized(ErrorCode::InvalidToken, "登录凭证格式有误，请重新登录")
    }))
}

pub(super) fn api_key(headers: &HeaderMap) -> Option<String> {
    headers.get(API_KEY_HEADER).map(|value| value.to_str().unwrap_or_default().trim().to_owned())
}

/// The caller's address, for the login throttle, request rates and the audit log ("unknown"
/// in-process): the peer's, or — when the peer is one of `trusted_proxies` — the nearest address
/// in `X-Forwarded-For` that is not a trusted proxy (what the outermost trusted proxy saw).
/// Anyone else's `X-Forwarded-For` is ignored: a client cannot choose its own address.
pub fn client_address(
    headers: &HeaderMap,
    extensions: &axum::http::Extensions,
    trusted_proxies: &[IpAddr],
) -> String {
    let Some(ConnectInfo(peer)) = extensions.get::<ConnectInfo<SocketAddr>>() else {
        return "unknown".to_owned();
    };
    let mut address = peer.ip();
    if trusted_proxies.contains(&address) {
        let hops: Vec<&str> = headers
            .get_all(FORWARDED_FOR)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .map(str::trim)
            .collect();
        for hop in hops.into_iter().rev() {
            // Anything unreadable ends the trust: the last proxy's word stands.
            let Ok(hop) = hop.parse::<IpAddr>() else { break };
            address = hop;
            if !trusted_proxies.contains(&hop) {
                break;
            }
        }
    }
    address.to_string()
}

/// The header proxies name the client in.
const FORWARDED_FOR: &str = "x-forwarded-for";

impl FromRequestParts<AppState> for Staff {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = match bearer(&parts.headers) {
            Some(token) => token?,
            None if api_key(&parts.headers).is_some() => {
                return Err(ApiError::forbidden(ErrorCode::StaffOnly, "该接口仅供审核人员使用"));
            }
            None => return Err(ApiError::unauthorized(ErrorCode::MissingToken, "请先登录")),
        };
        let token_hash = secret_hash(&token);
        let session = match parts.extensions.get::<CredentialLookup>() {
            // The rate limiter looked this very token up already.
            Some(CredentialLookup::Session { token_hash: looked_up, session })
                if *looked_up == token_hash =>
            {
                session.clone()
            }
            _ => {
                let lookup = token_hash.clone();
                with_store(&state.store, move |store| store.session(&lookup)).await?
            }
        };
        let now = state.clock.now();
        match session {
            None => {
                Err(ApiError::unauthorized(ErrorCode::InvalidToken, "登录凭证无效，请重新登录"))
            }
            Some(session) if session.revoked_at.is_some() => {
                Err(ApiError::unauthorized(ErrorCode::SessionRevoked, "已退出登录，请重新登录"))
            }
            Some(session) if !session.is_live(now) => {
                Err(ApiError::unauthorized(ErrorCode::SessionExpired, "登录已过期，请重新登录"))
            }
            Some(session) => Ok(Staff { user: session.user, token_hash }),
        }
    }
}

impl FromRequestParts<AppState> for IntakeClient {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let key = match api_key(&parts.headers) {
            Some(key) if !key.is_empty() => key,
            _ if parts.headers.contains_key(header::AUTHORIZATION) => {
                return Err(ApiError::forbidden(
                    ErrorCode::IntakeOnly,
                    "该接口仅供申请受理系统调用",
                ));
            }
            _ => {
                return Err(ApiError::unauthorized(
                    ErrorCode::MissingApiKey,
                    "缺少接口密钥（X-Api-Key）",
                ))
            }
        };
        let hash = secret_hash(&key);
        let found = match parts.extensions.get::<CredentialLookup>() {
            Some(CredentialLookup::IntakeKey { key_hash, key }) if *key_hash == hash => key.clone(),
            _ => with_store(&state.store, move |store| store.intake_key(&hash)).await?,
        };
        match found {
            Some(key) if key.revoked_at.is_none() => Ok(IntakeClient { key }),
            _ => Err(ApiError::unauthorized(ErrorCode::InvalidApiKey, "接口密钥无效")),
        }
    }
}
