//! [`CacheError`]: what can go wrong with the local cache, with stable codes and Chinese messages.

use reviewdesk_domain::ErrorCode;
#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    /// The key does not open this cache (another account's cache, or a replaced key).
    #[error("本地缓存无法用当前密钥解密：密钥错误，或该缓存属于其他账号")]
    WrongKey,
    /// A sealed value does not open although the key is right: damaged or tampered with.
    #[error("本地缓存中的数据已损坏或被篡改（{table} {id}），无法解密")]
    Undecryptable { table: String, id: String },
    /// A migration that was applied has been edited since.
    #[error("本地缓存的结构迁移 {version} 已被修改，拒绝打开")]
    MigrationEdited { version: u32 },
    /// The cache was written by a newer version of the app.
    #[error("本地缓存来自更新版本的审核台（结构版本 {version}），请升级")]
    TooNew { version: u32 },
    /// A stored value does not read back (a time, a JSON document).
    #[error("本地缓存中的数据格式有误：{0}")]
    Corrupt(String),
    /// The operating system gave no random bytes.
    #[error("无法生成随机数：{0}")]
    Random(String),
    #[error("本地缓存读写失败：{0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("本地缓存文件操作失败：{0}")]
    Io(#[from] std::io::Error),
}

impl CacheError {
    /// Stable snake_case code.
    pub fn code(&self) -> ErrorCode {
        match self {
            CacheError::WrongKey => ErrorCode::CacheWrongKey,
            CacheError::Undecryptable { .. } => ErrorCode::CacheTampered,
            CacheError::MigrationEdited { .. } => ErrorCode::CacheMigrationEdited,
            CacheError::TooNew { .. } => ErrorCode::CacheTooNew,
            CacheError::Corrupt(_) => ErrorCode::CacheCorrupt,
            CacheError::Random(_) => ErrorCode::NoRandomness,
            CacheError::Sqlite(_) => ErrorCode::CacheIo,
            CacheError::Io(_) => ErrorCode::CacheFile,
        }
    }
}

impl From<serde_json::Error> for CacheError {
    fn from(error: serde_json::Error) -> CacheError {
        CacheError::Corrupt(error.to_string())
    }
}
