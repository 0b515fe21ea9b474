//! A request body with a deadline for the whole of it ([`DeadlineBody`]): a client that sends a
//! byte now and then never finishes a request. When the deadline passes before the body's end,
//! the next read fails and the body remembers it ([`Expired`]), so the request is answered
//! 408 `request_timeout` whatever the handler made of the failed read.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::Bytes;
use http_body::{Body, Frame, SizeHint};
use tokio::time::{Instant, Sleep};

/// The body did not arrive in time.
#[derive(Debug, thiserror::Error)]
#[error("the request body did not arrive within {0:?}")]
pub struct BodyTimedOut(pub Duration);

/// Whether a request's [`DeadlineBody`] ran out of time; shared with whoever answers it.
#[derive(Debug, Clone, Default)]
pub struct Expired(Arc<AtomicBool>);

impl Expired {
    pub fn get(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }

    fn set(&self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// `inner`, failing with [`BodyTimedOut`] once `limit` has passed since it was made and it has
/// not ended. The timer is set only when the body is first waited for: a request whose body
/// is already in (or empty) costs none.
pub struct DeadlineBody<B> {
    inner: B,
    deadline: Instant,
    limit: Duration,
    timer: Option<Pin<Box<Sleep>>>,
    expired: Expired,
}

impl<B> DeadlineBody<B> {
    pub fn new(inner: B, limit: Duration, expired: Expired) -> DeadlineBody<B> {
        DeadlineBody { inner, deadline: Instant::now() + limit, limit, timer: None, expired }
    }
}

impl<B> Body for DeadlineBody<B>
where
    B: Body<Data = Bytes> + Unpin,
    B::Error: Into<axum::BoxError>,
{
    type Data = Bytes;
    type Error = axum::BoxError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::BoxError>>> {
        let this = &mut *self;
        if this.expired.get() {
            return Poll::Ready(Some(Err(BodyTimedOut(this.limit).into())));
        }
        match Pin::new(&mut this.inner).poll_frame(cx) {
            Poll::Ready(frame) => Poll::Ready(frame.map(|frame| frame.map_err(Into::into))),
            Poll::Pending => {
                let deadline = this.deadline;
                let timer =
                    this.timer.get_or_insert_with(|| Box::pin(tokio::time::sleep_until(deadline)));
                match timer.as_mut().poll(cx) {
                    Poll::Ready(()) => {
                        this.expired.set();
                        Poll::Ready(Some(Err(BodyTimedOut(this.limit).into())))
                    }
                    Poll::Pending => Poll::Pending,
                }
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body as AxumBody;

    #[tokio::test]
    async fn a_body_that_stalls_past_its_deadline_fails_and_says_so() {
        let (mut sender, body) = stalled_body();
        sender.push(Bytes::from_static(b"a"));
        let expired = Expired::default();
        let body = DeadlineBody::new(body, Duration::from_millis(50), expired.clone());
        let read = axum::body::to_bytes(AxumBody::new(body), usize::MAX).await;
        let error = read.expect_err("cut off");
        assert!(format!("{error:?}").contains("BodyTimedOut"), "{error:?}");
        assert!(expired.get());
    }

    #[tokio::test]
    async fn a_body_that_arrives_in_time_is_read_whole() {
        let expired = Expired::default();
        let body =
            DeadlineBody::new(AxumBody::from("whole"), Duration::from_millis(50), expired.clone());
        let read = axum::body::to_bytes(AxumBody::new(body), usize::MAX).await.expect("read");
        assert_eq!(&read[..], b"whole");
        assert!(!expired.get());
    }

    /// A body that yields what was pushed, then waits for ever.
    fn stalled_body() -> (Pushed, StalledBody) {
        let chunks = Arc::new(std::sync::Mutex::new(Vec::new()));
        (Pushed(Arc::clone(&chunks)), StalledBody(chunks))
    }

    struct Pushed(Arc<std::sync::Mutex<Vec<Bytes>>>);

    impl Pushed {
        fn push(&mut self, chunk: Bytes) {
            self.0.lock().expect("lock").push(chunk);
        }
    }

    struct StalledBody(Arc<std::sync::Mutex<Vec<Bytes>>>);

    impl Body for StalledBody {
        type Data = Bytes;
        type Error = std::convert::Infallible;

        fn poll_frame(
            self: Pin<&mut Self>,
            _cx: &mut Context<'_>,
        ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
            match self.0.lock().expect("lock").pop() {
                Some(chunk) => Poll::Ready(Some(Ok(Frame::data(chunk)))),
                None => Poll::Pending,
            }
        }
    }
}
