//! The engine: [`Client`], what the desktop calls. It owns the signed-in account, its cache and
//! its transport, and runs the sync loop step ([`Client::sync_once`]): plan → transport → absorb
//! → cache, so every decision about what to do stays in the pure [`crate::sync`] step.
//!
//! Everything the reviewer does is local and instant (next submission, decide, status); only
//! sync, login, logout and offline checkout and release use the network, and an unreachable server only
//! means "offline": the cache keeps serving and decisions wait in the outbox.
//!
//! Locks: the cache is behind a `std` mutex held for single cache calls, never across an
//! `.await`; one async mutex serialises sync rounds (and checkout, logout) so two rounds never
//! claim twice.

mod account;
mod calendar;
mod face_calibration;
mod identity_board;
mod offline;
mod photo_hints;
mod review;
mod run;
mod status;
mod supervision;

use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use reviewdesk_domain::decision_rules::{check_claim_size, check_lease_length};
use reviewdesk_domain::wire::{ClaimRequest, ReleaseRequest};

pub use account::Account;
pub use calendar::SyncedCalendar;
pub use offline::Released;
pub use review::MAX_NOTE_CHARS;
pub use status::{Checkout, DecisionInput, Saved, Status};
pub use supervision::{claims_from_queue, export_file_name, CaseSheet, VerdictInput};

use crate::cache::{Cache, CacheKey};
use crate::error::ClientError;
use crate::secrets::SecretStore;
use crate::settings::Settings;
use crate::sync::{absorb, plan, Answer, CacheChange, Operation};
use crate::transport::Transport;
use reviewdesk_domain::clock::Clock;

/// Plan → run → absorb rounds in one [`Client::sync_once`]: the first claims (and checks the
/// calendar), the next fetches what was claimed (and the bodies a newer calendar made stale).
const MAX_ROUNDS: usize = 3;
/// Largest offline checkout: the claim limit.
pub use reviewdesk_domain::decision_rules::MAX_CLAIM as MAX_CHECKOUT;

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The signed-in account and what belongs to it.
struct Active {
    account: Account,
    slot: String,
    /// Without a token; [`Active::transport`] adds it.
    transport: Transport,
    token: Mutex<Option<String>>,
    cache: Mutex<Cache>,
    /// The synced calendar, parsed once per version.
    calendar: Mutex<Option<Arc<SyncedCalendar>>>,
}

impl Active {
    fn cache(&self) -> MutexGuard<'_, Cache> {
        lock(&self.cache)
    }

    /// The transport with the session token, if one is held.
    fn transport(&self) -> Option<Transport> {
        lock(&self.token).clone().map(|token| self.transport.with_token(Some(token)))
    }

    fn signed_in(&self) -> bool {
        lock(&self.token).is_some()
    }
}

/// The desktop's client: one per app, shared (`&self` everywhere).
pub struct Client {
    data_dir: PathBuf,
    settings: Settings,
    secrets: Arc<dyn SecretStore>,
    clock: Arc<dyn Clock>,
    active: Mutex<Option<Arc<Active>>>,
    sync_lock: tokio::sync::Mutex<()>,
}

impl Client {
    /// A client keeping its files in `data_dir` (the account file and the caches) and its secrets
    /// in `secrets`. No IO until [`Client::resume`] or [`Client::login`].
    pub fn new(
        data_dir: impl Into<PathBuf>,
        settings: Settings,
        secrets: Arc<dyn SecretStore>,
        clock: Arc<dyn Clock>,
    ) -> Client {
        Client {
            data_dir: data_dir.into(),
            settings,
            secrets,
            clock,
            active: Mutex::new(None),
            sync_lock: tokio::sync::Mutex::new(()),
        }
    }

    /// How long a new decision waits in the outbox, recallable, before it is sent.
    pub fn undo_window(&self) -> chrono::Duration {
        self.settings.undo_window
    }

    fn active(&self) -> Result<Arc<Active>, ClientError> {
        lock(&self.active).clone().ok_or(ClientError::NotSignedIn)
    }

    /// At start-up: reopens the last account's cache with its key from the keyring, and its
    /// session if the token is still there. No network. `None` when nobody was signed in.
    pub fn resume(&self) -> Result<Option<Account>, ClientError> {
        let Some(account) = account::load(&self.data_dir)? else { return Ok(None) };
        let slot = account::slot(&account.server_url, &account.username);
        let key = self
            .secrets
            .get(&account::cache_key_secret(&slot))?
            .ok_or(ClientError::CacheKeyMissing)?;
        let key = CacheKey::from_hex(&key).ok_or_else(|| {
            crate::secrets::SecretError::BadValue { name: account::cache_key_secret(&slot) }
        })?;
        let token = self.secrets.get(&account::session_secret(&slot))?;
        let transport = Transport::new(&account.server_url, &self.settings)?;
        let mut cache =
            Cache::open(&account::cache_path(&self.data_dir, &slot), &key, self.clock.now())?;
        cache.purge_older_than(self.clock.now() - self.settings.retention)?;
        // A new start asks for the calendar on its first sync, whatever the interval says.
        cache.calendar_check_due()?;
        let active = Active {
            account: account.clone(),
            slot,
            transport,
            token: Mutex::new(token),
            cache: Mutex::new(cache),
            calendar: Mutex::new(None),
        };
        *lock(&self.active) = Some(Arc::new(active));
        Ok(Some(account))
    }

    /// Signs in to `server_url`. The token and the cache key go to the keyring; the cache of this
    /// server and username is reopened (so an outbox left by an ended session carries on) or
    /// created. Refused while another account is signed in.
    pub async fn login(
        &self,
        server_url: &str,
        username: &str,
        password: &str,
    ) -> Result<Account, ClientError> {
        let transport = Transport::new(server_url, &self.settings)?;
        let server_url = transport.server_url().trim_end_matches('/').to_owned();
        let slot = account::slot(&server_url, username);
        let current = lock(&self.active).clone();
        if let Some(current) = current.as_ref().filter(|current| current.slot != slot) {
            return Err(ClientError::OtherAccount { username: current.account.username.clone() });
        }
        let response = transport.login(username, password).await?;
        let account = Account { server_url, username: username.to_owned(), user: response.user };

        self.secrets.set(&account::session_secret(&slot), &response.token)?;
        if let Some(current) = current {
            *lock(&current.token) = Some(response.token);
            return Ok(account);
        }
        let key = self.cache_key(&slot)?;
        let cache =
            Cache::open(&account::cache_path(&self.data_dir, &slot), &key, self.clock.now())?;
        account::save(&self.data_dir, &account)?;
        let active = Active {
            account: account.clone(),
            slot,
            transport,
            token: Mutex::new(Some(response.token)),
            cache: Mutex::new(cache),
            calendar: Mutex::new(None),
        };
        *lock(&self.active) = Some(Arc::new(active));
        Ok(account)
    }

    /// The account's cache key from the keyring, or a new one (and a fresh cache: a cache whose
    /// key is gone can never be read, so its files are removed).
    fn cache_key(&self, slot: &str) -> Result<CacheKey, ClientError> {
        let name = account::cache_key_secret(slot);
        if let Some(stored) = self.secrets.get(&name)? {
            return CacheKey::from_hex(&stored)
                .ok_or(ClientError::Secret(crate::secrets::SecretError::BadValue { name }));
        }
        let path = account::cache_path(&self.data_dir, slot);
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
        let key = CacheKey::generate()?;
        self.secrets.set(&name, &key.to_hex())?;
        Ok(key)
    }

    /// Signs out: gives back undecided leases, ends the session on the server (both best effort),
    /// deletes the cache and removes the token and the cache key from the keyring. Decisions
    /// inside their undo window become final at once. Refused with `unsent_decisions` while
    /// decisions wait in the outbox (one sync is tried first).
    pub async fn logout(&self) -> Result<(), ClientError> {
        // Decisions still inside their undo window become final and are sent now.
        self.active()?.cache().close_undo_windows(self.clock.now())?;
        let pending = self.status()?.outbox_pending;
        if pending > 0 {
            let pending = self.sync_once().await?.outbox_pending;
            if pending > 0 {
                return Err(ClientError::UnsentDecisions { pending });
            }
        }
        self.sign_out().await
    }

    /// Signs out even with decisions still in the outbox: they are lost. For an explicit choice
    /// of the reviewer after `unsent_decisions`.
    pub async fn logout_discarding_unsent(&self) -> Result<(), ClientError> {
        self.sign_out().await
    }

    async fn sign_out(&self) -> Result<(), ClientError> {
        let _round = self.sync_lock.lock().await;
        let active = self.active()?;
        if let Some(transport) = active.transport() {
            let leases = active.cache().live_leases(self.clock.now())?;
            for (submission_id, lease_token) in leases {
                let _ = transport.release(&ReleaseRequest { submission_id, lease_token }).await;
            }
            let _ = transport.logout().await;
        }
        active.cache().purge_all()?;
        let slot = active.slot.clone();
        lock(&self.active).take();
        if let Ok(active) = Arc::try_unwrap(active) {
            let cache = active.cache.into_inner().unwrap_or_else(PoisonError::into_inner);
            cache.destroy()?;
        }
        self.secrets.delete(&account::session_secret(&slot))?;
        self.secrets.delete(&account::cache_key_secret(&slot))?;
        account::remove(&self.data_dir)
    }

    /// Forgets the session token after the server refused it (401); the cache and outbox stay.
    fn end_session(&self, active: &Active) -> Result<(), ClientError> {
        lock(&active.token).take();
        self.secrets.delete(&account::session_secret(&active.slot))?;
        Ok(())
    }

    /// One sync step, for the desktop's timer: first the retention rule
    /// ([`Settings::retention`]), then up to [`MAX_ROUNDS`] rounds of plan → transport → absorb →
    /// cache. Sends due outbox decisions in order, renews leases near expiry, keeps
    /// `prefetch` submissions claimed and downloaded (a reviewer's session only: supervisors never
    /// claim), forgets expired ones, and asks again for the bodies of held submissions whose
    /// photo checks are not settled (a changed one moves `status.submissions_updated`, so the
    /// desktop tells the window). Stops at the first network failure (the server is backed off)
    /// or a 401; a refused refresh of one body is logged and skipped. Returns the status
    /// afterwards.
    pub async fn sync_once(&self) -> Result<Status, ClientError> {
        let _round = self.sync_lock.lock().await;
        let active = self.active()?;
        active.cache().purge_older_than(self.clock.now() - self.settings.retention)?;
        // Supervisors (and admins) never take work from the review queue: nothing is prefetched.
        let settings = if claims_from_queue(active.account.user.role) {
            self.settings.clone()
        } else {
            Settings { prefetch: 0, ..self.settings.clone() }
        };
        for _ in 0..MAX_ROUNDS {
            let now = self.clock.now();
            let mut state = active.cache().local_state(active.signed_in())?;
            let mut operations = plan(&state, now, &settings);
            // Local work first, then a fresh snapshot and plan: answers are absorbed against the
            // state their operations were planned from.
            let forgets: Vec<CacheChange> = operations
                .iter()
                .filter_map(|operation| match operation {
                    Operation::Forget { submission_id, why } => Some(CacheChange::Forget {
                        submission_id: submission_id.clone(),
                        why: *why,
                    }),
                    _ => None,
                })
                .collect();
            if !forgets.is_empty() {
                active.cache().apply(&forgets, now)?;
                state = active.cache().local_state(active.signed_in())?;
                operations = plan(&state, now, &settings);
            }
            let Some(transport) = active.transport() else { break };
            // The server's metrics learn how long decisions wait on desktops.
            let lag = active
                .cache()
                .outbox_oldest()?
                .map(|queued| u64::try_from((now - queued).num_seconds()).unwrap_or(0));
            let transport = transport.with_outbox_lag(lag);
            // A claim, or a newer calendar (bodies to fetch again), needs another round.
            let mut more = false;
            let mut contacted = false;
            for operation in operations {
                let Some(answer) = run::execute(&active, &transport, operation).await? else {
                    continue;
                };
                contacted = true;
                more |= matches!(&answer, Answer::Claimed { leases, .. } if !leases.is_empty());
                let changes = absorb(&state, answer, self.clock.now(), &settings);
                more |= changes.iter().any(|c| matches!(c, CacheChange::StoreCalendar { .. }));
                active.cache().apply(&changes, self.clock.now())?;
                if changes.contains(&CacheChange::SessionEnded) {
                    self.end_session(&active)?;
                    return self.status();
                }
                if changes.iter().any(|change| matches!(change, CacheChange::Offline { .. })) {
                    return self.status();
                }
            }
            if contacted {
                active.cache().record_sync(self.clock.now())?;
            }
            if !more {
                break;
            }
        }
        self.status()
    }

    /// Claims `count` submissions on a lease of `hours` (at most 8) for offline work, downloads
    /// them, and says when the batch expires. Needs the server.
    pub async fn checkout_offline(&self, count: u32, hours: i64) -> Result<Checkout, ClientError> {
        check_claim_size(count)?;
        check_lease_length(chrono::Duration::hours(hours))?;
        let active = self.active()?;
        if !claims_from_queue(active.account.user.role) {
            return Err(ClientError::ReviewersOnly);
        }
        let leases = {
            let _round = self.sync_lock.lock().await;
            let transport = active.transport().ok_or(ClientError::NotSignedIn)?;
            let lease_seconds = hours * 3600;
            let request = ClaimRequest { max: count, lease_seconds: Some(lease_seconds) };
            let claimed = transport.claim(&request).await?;
            let state = active.cache().local_state(true)?;
            let answer =
                Answer::Claimed { leases: claimed.leases.clone(), lease_seconds, offline: true };
            let now = self.clock.now();
            active.cache().apply(&absorb(&state, answer, now, &self.settings), now)?;
            claimed.leases
        };
        self.sync_once().await?;
        let state = active.cache().local_state(true)?;
        let ready = leases
            .iter()
            .filter(|lease| state.item(&lease.submission_id).is_some_and(|item| item.is_complete()))
            .count();
        Ok(Checkout {
            claimed: u32::try_from(leases.len()).unwrap_or(u32::MAX),
            ready: u32::try_from(ready).unwrap_or(u32::MAX),
            expires_at: leases.iter().map(|lease| lease.expires_at).min(),
        })
    }

    /// The always-visible line: online or not, outbox, conflicts, lease expiry, last sync.
    pub fn status(&self) -> Result<Status, ClientError> {
        let Some(active) = lock(&self.active).clone() else { return Ok(Status::default()) };
        let progress = active.cache().progress(self.clock.now())?;
        Ok(Status {
            account: Some(active.account.clone()),
            signed_in: active.signed_in(),
            progress,
        })
    }
}
