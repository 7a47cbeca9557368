//! The SDK's own single-threaded executor, in place of wasm-bindgen-futures: every export that
//! returns a promise runs its future here as a task, and every JS promise the SDK waits for is
//! awaited through it.
//!
//! - A task lives in a slot of [`Exec::tasks`]; its waker is that slot's number, and waking it
//!   queues the slot. The queue is run at once unless it is running already (a wake from inside
//!   a task's poll, or an export called from JS while a task runs): every wake comes either from
//!   inside the run or from JS (a settled promise, an export), so nothing waits on a timer.
//! - A JS promise is awaited through a wait slot ([`settled`]): the runtime's `listen` hands its
//!   settlement back through one JS function (a single `Closure` for the instance's life, rather
//!   than two per promise), which fills the slot and wakes its task. A wait given up before its
//!   promise settled keeps its slot until the settlement arrives, so a late answer never lands
//!   in a slot used again.
//! - A finished task settles its JS promise (the runtime's `newTask`) through `endTask`.
//!
//! The futures are dropped outside every borrow of the executor's state, since dropping one can
//! wake others (a token request's waiters).

use crate::core::cell::Aborting;
use crate::js::io;
use crate::js::sys::Promise;
use crate::prelude::*;
use ::core::cell::RefCell;
use ::core::future::Future;
use ::core::pin::Pin;
use ::core::task::{Context, Poll, RawWaker, RawWakerVTable, Waker};
use wasm_bindgen::prelude::*;

/// What a task runs: an export's work (its promise's value or rejection).
pub type Work = Pin<Box<dyn Future<Output = Result<JsValue, JsValue>>>>;

struct Task {
    /// Out of the slot while it is being polled.
    work: Option<Work>,
    /// The runtime's task promise to settle, or `undefined` for a task nobody awaits.
    promise: JsValue,
}

/// One awaited JS promise.
enum Wait {
    Free,
    Waiting(Option<Waker>),
    Done(bool, JsValue),
    /// Given up; freed when the settlement arrives.
    Abandoned,
}

struct Exec {
    tasks: Vec<Option<Task>>,
    ready: Vec<usize>,
    running: bool,
    waits: Vec<Wait>,
    /// `(slot, ok, value)`: the function `listen` calls when a promise settles.
    settler: Option<JsValue>,
}

/// State of the module kept in a `static`. The module is single-threaded (wasm32 without the
/// `atomics` feature, as the allocator requires too), so a plain static does, without the
/// thread-local machinery (`LocalKey::with` and its access error) that `thread_local!` links.
pub struct Local<T>(pub RefCell<T>);

// SAFETY: wasm32 without atomics has one thread; nothing is ever shared between threads.
unsafe impl<T> Sync for Local<T> {}

static EXEC: Local<Exec> = Local(RefCell::new(Exec {
    tasks: Vec::new(),
    ready: Vec::new(),
    running: false,
    waits: Vec::new(),
    settler: None,
}));

fn exec() -> ::core::cell::RefMut<'static, Exec> {
    EXEC.0.exclusive()
}

/// The first free slot of `slots` (a new one at the end if none is free), holding `value`.
fn place<T>(slots: &mut Vec<T>, free: impl Fn(&T) -> bool, value: T) -> usize {
    match slots.iter().position(free) {
        Some(i) => {
            slots[i] = value;
            i
        }
        None => {
            slots.push(value);
            slots.len() - 1
        }
    }
}

const VTABLE: RawWakerVTable = RawWakerVTable::new(clone_raw, wake_raw, wake_raw, drop_raw);

fn clone_raw(slot: *const ()) -> RawWaker {
    RawWaker::new(slot, &VTABLE)
}

fn wake_raw(slot: *const ()) {
    schedule(slot as usize);
}

fn drop_raw(_: *const ()) {}

fn waker(slot: usize) -> Waker {
    // SAFETY: the vtable's functions only read the slot number the pointer carries; a slot
    // used again by another task at most polls that task once more, which futures allow.
    unsafe { Waker::from_raw(clone_raw(slot as *const ())) }
}

/// Queues task `slot` and runs the queue unless it is running.
fn schedule(slot: usize) {
    let run_now = {
        let mut exec = exec();
        exec.ready.push(slot);
        !::core::mem::replace(&mut exec.running, true)
    };
    if run_now {
        run();
    }
}

/// Polls the queued tasks, in order, until none is left.
fn run() {
    loop {
        let next = {
            let mut exec = exec();
            if exec.ready.is_empty() {
                exec.running = false;
                return;
            }
            let slot = exec.ready.remove(0);
            exec.tasks
                .get_mut(slot)
                .and_then(|task| task.as_mut()?.work.take())
                .map(|work| (slot, work))
        };
        let Some((slot, mut work)) = next else {
            continue;
        };
        let polled = work.as_mut().poll(&mut Context::from_waker(&waker(slot)));
        let Poll::Ready(result) = polled else {
            if let Some(Some(task)) = exec().tasks.get_mut(slot) {
                task.work = Some(work);
            }
            continue;
        };
        drop(work);
        let task = exec().tasks.get_mut(slot).and_then(Option::take);
        if let Some(task) = task {
            if !task.promise.is_undefined() {
                let (ok, value) = match result {
                    Ok(value) => (true, value),
                    Err(error) => (false, error),
                };
                io::end_task(&task.promise, ok, value);
            }
        }
    }
}

fn spawn(work: Work, promise: JsValue) {
    let slot = {
        let task = Some(Task {
            work: Some(work),
            promise,
        });
        place(&mut exec().tasks, Option::is_none, task)
    };
    schedule(slot);
}

/// Runs `work` as a task and returns the promise it settles.
pub fn promise(work: Work) -> Promise {
    let promise = io::new_task();
    spawn(work, promise.clone().into());
    promise
}

/// Runs `future` as a task that nobody awaits, to its end.
pub fn spawn_local(future: crate::core::LocalBoxFuture<'static, ()>) {
    spawn(
        Box::pin(async move {
            future.await;
            Ok(JsValue::UNDEFINED)
        }),
        JsValue::UNDEFINED,
    );
}

/// Where `listen` hands a settlement: fills wait `slot` and wakes its task.
fn settle(slot: u32, ok: bool, value: JsValue) {
    let waker = {
        let mut exec = exec();
        match exec.waits.get_mut(slot as usize) {
            Some(wait @ Wait::Waiting(_)) => {
                match ::core::mem::replace(wait, Wait::Done(ok, value)) {
                    Wait::Waiting(waker) => waker,
                    _ => None,
                }
            }
            Some(wait @ Wait::Abandoned) => {
                *wait = Wait::Free;
                None
            }
            _ => None,
        }
    };
    if let Some(waker) = waker {
        waker.wake();
    }
}

/// The settlement of a JS promise: `Ok` with its value, `Err` with its rejection.
pub struct Settled(usize);

/// Waits for `promise` to settle.
pub fn settled(promise: &JsValue) -> Settled {
    let (slot, settler) = {
        let mut exec = exec();
        let slot = place(
            &mut exec.waits,
            |w| matches!(w, Wait::Free),
            Wait::Waiting(None),
        );
        let settler = exec
            .settler
            .get_or_insert_with(|| {
                Closure::<dyn FnMut(u32, bool, JsValue)>::new(settle).into_js_value()
            })
            .clone();
        (slot, settler)
    };
    io::listen(promise, slot as u32, &settler);
    Settled(slot)
}

impl Future for Settled {
    type Output = Result<JsValue, JsValue>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let mut exec = exec();
        let Some(wait) = exec.waits.get_mut(self.0) else {
            return Poll::Pending;
        };
        match ::core::mem::replace(wait, Wait::Free) {
            Wait::Done(ok, value) => {
                drop(exec);
                self.0 = usize::MAX;
                Poll::Ready(if ok { Ok(value) } else { Err(value) })
            }
            other => {
                *wait = match other {
                    Wait::Waiting(_) => Wait::Waiting(Some(cx.waker().clone())),
                    other => other,
                };
                Poll::Pending
            }
        }
    }
}

impl Drop for Settled {
    fn drop(&mut self) {
        let value = {
            let mut exec = exec();
            match exec.waits.get_mut(self.0) {
                Some(wait @ Wait::Waiting(_)) => ::core::mem::replace(wait, Wait::Abandoned),
                Some(wait @ Wait::Done(..)) => ::core::mem::replace(wait, Wait::Free),
                _ => Wait::Free,
            }
        };
        drop(value);
    }
}
