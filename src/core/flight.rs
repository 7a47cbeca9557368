//! One run of a future that several tasks await together, each getting a clone of its output:
//! the token request that concurrent calls share.
//!
//! Written for one thread, with `Rc` and `RefCell`, in place of `futures_util`'s `Shared`,
//! whose thread-safe waker bookkeeping (an `Arc`, a `Mutex`, a slab of wakers) cost the wasm
//! about 3.5 KB. Whichever waiter is polled drives the future with its own waker; the future
//! wakes the last one that polled it, and a waiter that goes away before the output is there
//! wakes the others, so that one of them takes over. Nothing here fails or panics.

use crate::core::cell::Aborting;
use crate::core::LocalBoxFuture;
use crate::prelude::*;
use ::core::cell::RefCell;
use ::core::future::Future;
use ::core::pin::Pin;
use ::core::task::{Context, Poll, Waker};
use alloc::rc::Rc;

/// A future's single run, shared by every [`Join`] of it. Cloning shares the same run.
pub struct Flight<T>(Rc<RefCell<State<T>>>);

struct State<T> {
    /// The future until its output is there; out of the cell while a waiter polls it.
    future: Option<LocalBoxFuture<'static, T>>,
    output: Option<T>,
    /// The waker of each waiter (by its slot), so that all can be woken.
    wakers: Vec<Option<Waker>>,
}

impl<T: Clone> Flight<T> {
    /// Starts sharing `future`; nothing runs until a [`Join`] of it is polled.
    pub fn new(future: LocalBoxFuture<'static, T>) -> Self {
        Flight(Rc::new(RefCell::new(State {
            future: Some(future),
            output: None,
            wakers: Vec::new(),
        })))
    }

    /// A future resolving to a clone of the run's output; it drives the run when polled.
    pub fn join(&self) -> Join<T> {
        let slot = {
            let mut state = self.0.exclusive();
            state.wakers.push(None);
            state.wakers.len() - 1
        };
        Join {
            state: self.0.clone(),
            slot,
        }
    }

    /// Whether `a` and `b` share one run.
    pub fn ptr_eq(a: &Self, b: &Self) -> bool {
        Rc::ptr_eq(&a.0, &b.0)
    }
}

impl<T> Clone for Flight<T> {
    fn clone(&self) -> Self {
        Flight(self.0.clone())
    }
}

/// One waiter of a [`Flight`]; see [`Flight::join`].
pub struct Join<T> {
    state: Rc<RefCell<State<T>>>,
    slot: usize,
}

impl<T: Clone> Future for Join<T> {
    type Output = T;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        let this = self.get_mut();
        let mut future = {
            let mut state = this.state.exclusive();
            if let Some(output) = &state.output {
                return Poll::Ready(output.clone());
            }
            if let Some(waker) = state.wakers.get_mut(this.slot) {
                *waker = Some(cx.waker().clone());
            }
            match state.future.take() {
                Some(future) => future,
                // Only while another waiter polls it further up this stack, which the token
                // request never does; that waiter wakes this one when the output is there.
                None => return Poll::Pending,
            }
        };
        let polled = future.as_mut().poll(cx);
        let wakers = {
            let mut state = this.state.exclusive();
            match polled {
                Poll::Pending => {
                    state.future = Some(future);
                    return Poll::Pending;
                }
                Poll::Ready(ref output) => {
                    state.output = Some(output.clone());
                    ::core::mem::take(&mut state.wakers)
                }
            }
        };
        // Woken outside the borrow, in case a waker polls at once.
        drop(future);
        wake_all(wakers);
        polled
    }
}

impl<T> Drop for Join<T> {
    fn drop(&mut self) {
        let wakers = match self.state.try_borrow_mut() {
            Ok(mut state) if state.output.is_none() => {
                if let Some(waker) = state.wakers.get_mut(self.slot) {
                    *waker = None;
                }
                // This waiter may be the one the run would wake: let the others take over.
                state.wakers.clone()
            }
            _ => return,
        };
        wake_all(wakers);
    }
}

fn wake_all(wakers: Vec<Option<Waker>>) {
    for waker in wakers.into_iter().flatten() {
        waker.wake();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::testing::YieldOnce;
    use futures::executor::block_on;
    use futures::executor::LocalPool;
    use futures::future::join;
    use futures::task::LocalSpawnExt;
    use std::cell::Cell;

    fn counted_run(runs: Rc<Cell<u32>>) -> Flight<u32> {
        Flight::new(Box::pin(async move {
            runs.set(runs.get() + 1);
            YieldOnce::new().await;
            YieldOnce::new().await;
            42
        }))
    }

    #[test]
    fn concurrent_waiters_share_one_run_and_all_get_its_output() {
        let runs = Rc::new(Cell::new(0));
        let flight = counted_run(runs.clone());
        let (a, b) = block_on(join(flight.join(), flight.join()));
        assert_eq!((a, b, runs.get()), (42, 42, 1));
        // A waiter that comes after the run ended gets the same output, without a new run.
        assert_eq!(block_on(flight.join()), 42);
        assert_eq!(runs.get(), 1);
    }

    /// A run that ends once `open` is set, waking only the waker that polled it last (as a
    /// request's JS promise would).
    fn gated_run(open: Rc<Cell<bool>>, last_waker: Rc<RefCell<Option<Waker>>>) -> Flight<u32> {
        Flight::new(Box::pin(std::future::poll_fn(move |cx| {
            if open.get() {
                return Poll::Ready(7);
            }
            *last_waker.borrow_mut() = Some(cx.waker().clone());
            Poll::Pending
        })))
    }

    #[test]
    fn a_waiter_that_gives_up_mid_run_leaves_the_run_to_the_others() {
        let (open, last_waker) = (Rc::new(Cell::new(false)), Rc::new(RefCell::new(None)));
        let flight = gated_run(open.clone(), last_waker.clone());
        let got = Rc::new(Cell::new(None));
        let mut pool = LocalPool::new();
        let (stays, got_it) = (flight.join(), got.clone());
        pool.spawner()
            .spawn_local(async move { got_it.set(Some(stays.await)) })
            .unwrap();
        // Polls the run once (so the run would wake this task) and goes away, as a call that
        // timed out does.
        let mut gives_up = Some(flight.join());
        pool.spawner()
            .spawn_local(std::future::poll_fn(move |cx| {
                if let Some(mut join) = gives_up.take() {
                    let _ = Pin::new(&mut join).poll(cx);
                }
                Poll::Ready(())
            }))
            .unwrap();
        pool.run_until_stalled();
        assert_eq!(got.get(), None);
        open.set(true);
        if let Some(waker) = last_waker.borrow_mut().take() {
            waker.wake();
        }
        pool.run_until_stalled();
        assert_eq!(got.get(), Some(7));
    }

    #[test]
    fn runs_are_told_apart() {
        let (a, b) = (
            Flight::new(Box::pin(async { 1 })),
            Flight::new(Box::pin(async { 1 })),
        );
        assert!(Flight::ptr_eq(&a, &a.clone()));
        assert!(!Flight::ptr_eq(&a, &b));
    }
}
