//! `POST /api/v1/auth/login` and `POST /api/v1/auth/logout`: staff sessions. A login is refused
//! with the same 401 whether the username or the password was wrong or the account is disabled
//! (and takes the same time);
//! repeated failures are throttled per username and per address (429 with `Retry-After`).

use axum::extract::State;
use axum::http::{Extensions, HeaderMap, StatusCode};
use reviewdesk_domain::wire::{ErrorBody, LoginRequest, LoginResponse};
use reviewdesk_domain::ErrorCode;

use super::blocking::{run, with_store};
use super::error::ApiError;
use super::extract::ApiJson;
use super::principal::{client_address, Staff};
use super::state::AppState;
use crate::auth::{IssuedSecret, SecretKind};
use crate::store::{LoginFailure, StoreError};

/// Longest username, in characters.
const MAX_USERNAME_CHARS: usize = 64;
/// Longest password, in characters: enough for any passphrase, short of making Argon2id hash
/// a whole request body.
const MAX_PASSWORD_CHARS: usize = 1024;

fn invalid_credentials() -> ApiError {
    ApiError::unauthorized(ErrorCode::InvalidCredentials, "用户名或密码错误")
}

/// Logs in and returns a bearer token.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth", request_body = LoginRequest,
    responses(
        (status = 200, body = LoginResponse),
        (status = 401, body = ErrorBody, description = "`invalid_credentials`"),
        (status = 422, body = ErrorBody, description = "`invalid_request`"),
        (status = 429, body = ErrorBody, description = "`too_many_attempts`, with Retry-After"),
    ))]
pub async fn login(
    State(state): State<AppState>,
    headers: HeaderMap,
    extensions: Extensions,
    ApiJson(request): ApiJson<LoginRequest>,
) -> Result<axum::Json<LoginResponse>, ApiError> {
    let LoginRequest { username, password } = request;
    if username.trim().is_empty() || username.chars().count() > MAX_USERNAME_CHARS {
        return Err(ApiError::unprocessable(
            ErrorCode::InvalidRequest,
            format!("用户名须为 1 到 {MAX_USERNAME_CHARS} 个字符"),
        )
        .with("field", "username"));
    }
    if password.chars().count() > MAX_PASSWORD_CHARS {
        return Err(ApiError::unprocessable(
            ErrorCode::InvalidRequest,
            format!("密码不能超过 {MAX_PASSWORD_CHARS} 个字符"),
        )
        .with("field", "password"));
    }
    let address = client_address(&headers, &extensions, &state.settings.trusted_proxies);
    let now = state.clock.now();
    if let Err(seconds) = state.throttle.reserve(&username, &address, now) {
        let minutes = seconds.div_ceil(60);
        let mut error = ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::TooManyAttempts,
            format!("登录失败次数过多，请 {minutes} 分钟后再试"),
        );
        error.retry_after = Some(seconds);
        return Err(error);
    }

    let lookup = username.clone();
    let found = with_store(&state.store, move |store| store.user_for_login(&lookup)).await?;
    let passwords = std::sync::Arc::clone(&state.passwords);
    let (user, failure) = run(move || {
        Ok(match found {
            None => {
                let _ = passwords.verify_decoy(&password);
                (None, Some(LoginFailure::UnknownUser))
            }
            Some((user, hash)) if passwords.verify(&password, &hash) => (Some(user), None),
            Some(_) => (None, Some(LoginFailure::WrongPassword)),
        })
    })
    .await?;
    let user = match (user, failure) {
        (Some(user), None) => user,
        (_, failure) => {
            // The failure was counted when the attempt was reserved.
            let failure = failure.unwrap_or(LoginFailure::WrongPassword);
            let typed = username.clone();
            with_store(&state.store, move |store| {
                store.login_failed(&typed, &address, failure, now)
            })
            .await?;
            return Err(invalid_credentials());
        }
    };

    let issued = IssuedSecret::new(SecretKind::Session).map_err(ApiError::internal)?;
    let expires_at = now + state.settings.session_lifetime;
    let session_user = user.clone();
    let hash = issued.hash.clone();
    let session_address = address.clone();
    let store = std::sync::Arc::clone(&state.store);
    run(move || {
        match store.start_session(&session_user, &hash, &session_address, expires_at, now) {
            // Disabled while its password was being checked: as if the password were wrong.
            Err(StoreError::NotFound { what: "user" }) => Err(invalid_credentials()),
            other => other.map_err(ApiError::from),
        }
    })
    .await?;
    state.throttle.succeeded(&username, &address, now);
    Ok(axum::Json(LoginResponse {
        token: issued.secret,
        token_type: "Bearer".to_owned(),
        expires_at,
        user,
    }))
}

/// Ends the session of the token used.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth",
    responses((status = 204), (status = 401, body = ErrorBody, description = "no live session")),
    security(("bearer" = [])))]
pub async fn logout(State(state): State<AppState>, staff: Staff) -> Result<StatusCode, ApiError> {
    let now = state.clock.now();
    match with_store(&state.store, move |store| store.end_session(&staff.token_hash, now)).await {
        Ok(()) => Ok(StatusCode::NO_CONTENT),
        // Another logout with the same token ended the session after this one's was checked.
        Err(error) if error.code == ErrorCode::NotFound => {
            Err(ApiError::unauthorized(ErrorCode::SessionRevoked, "已退出登录，请重新登录"))
        }
        Err(error) => Err(error),
    }
}
