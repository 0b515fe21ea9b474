//! A connection's socket with its own clock ([`TimedIo`]): while no request is being served it
//! must not idle longer than the idle timeout before a request's first byte, nor take longer than
//! the header timeout from that byte to the request's head being read; past either, the next read
//! fails with `TimedOut` and the connection closes. [`Activity`] is what the socket and the
//! service share: the service marks a request begun when it is handed the head and ended when its
//! answer has been sent, and the socket's clock runs only in between. Ending a request wakes the
//! connection's reader, so the idle clock starts even when no byte comes.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll, Waker};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::{Instant, Sleep};

use crate::settings::ConnectionLimits;

/// Where a connection is between requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// No request being served and none of the next one read: closed at `until`.
    Idle { until: Instant },
    /// The next request's first byte came: its head must be read by `until`.
    Head { until: Instant },
    /// `n` requests are being served (handed to the service, answer not yet sent).
    Busy(usize),
}

/// What a connection's socket and its service share.
#[derive(Debug)]
pub struct Activity {
    phase: Mutex<Phase>,
    /// The task last waiting to read: woken when the clock starts again.
    reader: Mutex<Option<Waker>>,
    limits: ConnectionLimits,
}

impl Activity {
    /// A new connection: idle from now.
    pub fn new(limits: ConnectionLimits) -> Arc<Activity> {
        let until = Instant::now() + limits.idle_timeout;
        Arc::new(Activity {
            phase: Mutex::new(Phase::Idle { until }),
            reader: Mutex::new(None),
            limits,
        })
    }

    fn phase(&self) -> std::sync::MutexGuard<'_, Phase> {
        self.phase.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A request's head was read and handed to the service: the clock stops until the returned
    /// guard is dropped (its answer sent, or abandoned).
    pub fn begin(self: &Arc<Self>) -> Serving {
        let mut phase = self.phase();
        *phase = match *phase {
            Phase::Busy(n) => Phase::Busy(n + 1),
            Phase::Idle { .. } | Phase::Head { .. } => Phase::Busy(1),
        };
        Serving(Arc::clone(self))
    }

    /// Bytes were read: the first of a request starts its header clock.
    fn read_some(&self) {
        let mut phase = self.phase();
        if let Phase::Idle { .. } = *phase {
            *phase = Phase::Head { until: Instant::now() + self.limits.header_timeout };
        }
    }

    /// Remembers the task waiting to read.
    fn waiting(&self, cx: &Context<'_>) {
        let mut reader = self.reader.lock().unwrap_or_else(PoisonError::into_inner);
        if !reader.as_ref().is_some_and(|waker| waker.will_wake(cx.waker())) {
            *reader = Some(cx.waker().clone());
        }
    }

    /// When the connection must next have made progress, if it must.
    fn deadline(&self) -> Option<Instant> {
        match *self.phase() {
            Phase::Idle { until } | Phase::Head { until } => Some(until),
            Phase::Busy(_) => None,
        }
    }
}

/// A request being served; dropping it ends it.
#[derive(Debug)]
pub struct Serving(Arc<Activity>);

impl Drop for Serving {
    fn drop(&mut self) {
        let idle = {
            let mut phase = self.0.phase();
            *phase = match *phase {
                Phase::Busy(n) if n > 1 => Phase::Busy(n - 1),
                _ => Phase::Idle { until: Instant::now() + self.0.limits.idle_timeout },
            };
            matches!(*phase, Phase::Idle { .. })
        };
        if idle {
            let reader = self.0.reader.lock().unwrap_or_else(PoisonError::into_inner).take();
            if let Some(reader) = reader {
                reader.wake();
            }
        }
    }
}

/// `inner` whose reads fail with `TimedOut` once the [`Activity`]'s deadline has passed.
pub struct TimedIo<T> {
    inner: T,
    activity: Arc<Activity>,
    /// The timer and the deadline it is set for.
    timer: Option<(Pin<Box<Sleep>>, Instant)>,
}

impl<T> TimedIo<T> {
    pub fn new(inner: T, activity: Arc<Activity>) -> TimedIo<T> {
        TimedIo { inner, activity, timer: None }
    }

    /// Ready once `deadline` has passed; otherwise the task is woken then.
    fn expired(&mut self, deadline: Instant, cx: &mut Context<'_>) -> bool {
        match &mut self.timer {
            Some((timer, set_for)) => {
                if *set_for != deadline {
                    timer.as_mut().reset(deadline);
                    *set_for = deadline;
                }
                timer.as_mut().poll(cx).is_ready()
            }
            None => {
                let mut timer = Box::pin(tokio::time::sleep_until(deadline));
                let ready = timer.as_mut().poll(cx).is_ready();
                self.timer = Some((timer, deadline));
                ready
            }
        }
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for TimedIo<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = &mut *self;
        let before = buf.filled().len();
        match Pin::new(&mut this.inner).poll_read(cx, buf) {
            Poll::Ready(Ok(())) => {
                if buf.filled().len() > before {
                    this.activity.read_some();
                }
                Poll::Ready(Ok(()))
            }
            Poll::Ready(Err(error)) => Poll::Ready(Err(error)),
            Poll::Pending => match this.activity.deadline() {
                Some(deadline) if this.expired(deadline, cx) => Poll::Ready(Err(io::Error::new(
                    io::ErrorKind::TimedOut,
                    "the connection was idle, or sent a request's head too slowly",
                ))),
                _ => {
                    this.activity.waiting(cx);
                    Poll::Pending
                }
            },
        }
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for TimedIo<T> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }
}
