//! Good manners among the page's players (CONTRACT §4.2): one voice per page, and the Media Session
//! (lock screen, headset keys) held by the player that last played with sound.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use crate::session::Input;
use crate::web::media_session::{Artwork, Metadata};

use super::{live, Shared};

thread_local! {
    /// Every player of the page, in the order they were made.
    static PLAYERS: RefCell<Vec<Weak<Shared>>> = const { RefCell::new(Vec::new()) };
    /// The player holding the Media Session.
    static OWNER: RefCell<Weak<Shared>> = const { RefCell::new(Weak::new()) };
}

/// A new player joins the page; it takes the Media Session if no player holds it.
pub(super) fn join(shared: &Rc<Shared>) {
    PLAYERS.with(|players| {
        let mut players = players.borrow_mut();
        players.retain(|weak| live(weak).is_some());
        players.push(Rc::downgrade(shared));
    });
    if OWNER.with(|owner| live(&owner.borrow()).is_none()) {
        take(shared);
    }
}

/// A player is destroyed: it leaves the list, and the Media Session only if it held it (its handle,
/// which `destroy()` drops, is the only one there is). Nobody else's is touched.
pub(super) fn leave(shared: &Shared) {
    let me = shared as *const Shared;
    PLAYERS.with(|players| players.borrow_mut().retain(|weak| weak.as_ptr() != me));
    OWNER.with(|owner| {
        if owner.borrow().as_ptr() == me {
            *owner.borrow_mut() = Weak::new();
        }
    });
}

/// `shared`'s current video started playing: with sound, every other player playing with sound
/// pauses (as if its host had paused it) and `shared` takes the Media Session; muted, it takes the
/// Media Session only when no player holds it.
pub(super) fn started_playing(shared: &Rc<Shared>) {
    let sounding = shared.sounding();
    if sounding {
        let others: Vec<Rc<Shared>> = PLAYERS.with(|players| {
            players.borrow().iter().filter_map(live).filter(|other| !Rc::ptr_eq(other, shared)).collect()
        });
        for other in others {
            if other.sounding() && other.plays_now() {
                other.input(Input::Pause);
            }
        }
    }
    let holder = OWNER.with(|owner| live(&owner.borrow()));
    match holder {
        Some(holder) if Rc::ptr_eq(&holder, shared) => {}
        Some(holder) if sounding => {
            drop(holder.media_session.take());
            take(shared);
        }
        Some(_) => {}
        None => take(shared),
    }
    if let Some(session) = shared.media_session.borrow().as_ref() {
        session.set_playing(true);
    }
}

/// `shared` holds the Media Session from now on, showing its current episode.
fn take(shared: &Rc<Shared>) {
    shared.start_media_session();
    OWNER.with(|owner| *owner.borrow_mut() = Rc::downgrade(shared));
    let index = shared.state.borrow().session.feed_index();
    shared.publish_metadata(index);
}

impl Shared {
    /// Whether the player makes a sound when it plays.
    pub(super) fn sounding(&self) -> bool {
        let state = self.state.borrow();
        !state.session.muted() && state.session.volume() > 0.0
    }

    /// Whether its current video plays now.
    pub(super) fn plays_now(&self) -> bool {
        self.pool.current().and_then(|slot| self.pool.video(slot)).is_some_and(|video| !video.paused())
    }

    /// Shows feed entry `index` on the lock screen and the headset, if this player holds the Media
    /// Session.
    pub(super) fn publish_metadata(&self, index: usize) {
        if self.media_session.borrow().is_none() {
            return;
        }
        let view = self.state.borrow().session.episode(index);
        let Some(view) = view else { return };
        if let Some(handle) = self.media_session.borrow().as_ref() {
            handle.set_metadata(&Metadata {
                title: view.title.clone(),
                artist: view.series_title.clone(),
                album: view.series_title.clone(),
                artwork: view.poster.iter().map(|poster| Artwork { src: self.resolve(poster) }).collect(),
            });
        }
    }
}
