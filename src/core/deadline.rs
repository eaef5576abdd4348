//! When a report stops being true.
//!
//! A report is made at `Options.now`. Some of it holds only at that instant: a
//! token that is valid now expires at its `exp`, a certificate starts warning 30
//! days before its `Not After`, "expires in 5 minutes" reads "in 4 minutes" a
//! minute later. [`Deadline`] collects, while an input is analysed, the first
//! instant after `now` at which analysing the same text again would give a
//! different report; the page re-analyses at that instant, so a tab left open
//! never shows a token as valid after it expired.
//!
//! Relative times ("in 5 minutes", "3 days ago") are part of the report, so
//! they define deadlines too, at their own granularity: the text changes every
//! second in the last minute, every minute in the last hour, every hour in the
//! last day, then every day, month or year ([`super::time::relative`]). An
//! engineer reading "expires in 2 minutes" can trust it to the minute; nothing
//! on the page needs an "as of" caveat. The cost is a re-analysis per change of
//! the nearest relative time, which for the inputs that have one (a token, a
//! kubeconfig's certificates) is cheap next to the analysis the user already
//! waited for.
//!
//! A finding that quotes the clock it judged against ("dated 3 days ahead of
//! the current time (2026-01-01T00:00:00Z)") is an "as of" stamp: it stays true
//! as written, so it does not define a deadline (it would, every second).
//!
//! Every comparison with `now` in the core has its instants fed to a
//! `Deadline` by the analysis that makes it; `tests/clock.rs` checks, for every
//! fixture and many clocks, that the report is unchanged until its deadline.

use super::time::relative_changes_at;
use super::UnixTime;

/// The earliest instant after `now` at which a report made at `now` changes.
/// Without a clock (`now` is `None`) nothing is judged against time, so
/// nothing changes and there is no deadline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Deadline {
    now: Option<UnixTime>,
    next: Option<UnixTime>,
}

impl Deadline {
    pub fn new(now: Option<UnixTime>) -> Self {
        Deadline { now, next: None }
    }

    /// `t` is shown relative to now (or judged against it, or both): the report
    /// changes when `relative(t, now)` would read differently, which includes
    /// the crossing of `t` itself (`now < t`, `now <= t`, `now > t` all flip at
    /// `t` or `t + 1`, where the relative text changes every second).
    pub fn watch(&mut self, t: UnixTime) {
        if let Some(now) = self.now {
            self.at(relative_changes_at(t, now));
        }
    }

    /// A comparison of now with `t` that is not shown as a relative time (a
    /// threshold such as "30 days before `Not After`"): it flips at `t` (for
    /// `now >= t`) or at `t + 1` (for `now > t`); both are recorded, so the
    /// report is re-checked at each and never misses the flip.
    pub fn threshold(&mut self, t: UnixTime) {
        self.at(t);
        self.at(t.saturating_add(1));
    }

    /// Records that the report changes at `t` (ignored unless after now).
    pub fn at(&mut self, t: UnixTime) {
        let Some(now) = self.now else { return };
        if t > now && self.next.is_none_or(|n| t < n) {
            self.next = Some(t);
        }
    }

    /// The earliest instant recorded, if any.
    pub fn next(&self) -> Option<UnixTime> {
        self.next
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_a_clock_nothing_is_due() {
        let mut d = Deadline::new(None);
        d.watch(1_000);
        d.threshold(2_000);
        assert_eq!(d.next(), None);
    }

    #[test]
    fn the_earliest_future_instant_wins() {
        let mut d = Deadline::new(Some(1_000));
        d.threshold(500); // past: its flips are behind us
        assert_eq!(d.next(), None);
        d.threshold(5_000);
        d.threshold(3_000);
        assert_eq!(d.next(), Some(3_000));
        // A threshold at now flips at now + 1 (`now > t`).
        d.threshold(1_000);
        assert_eq!(d.next(), Some(1_001));
    }

    #[test]
    fn a_watched_instant_is_rechecked_as_its_relative_text_changes() {
        // Expires in 3 minutes (180 s): "in 3 minutes" until 179 s are left.
        let mut d = Deadline::new(Some(1_000));
        d.watch(1_180);
        assert_eq!(d.next(), Some(1_001));
        // Expires in 2 hours 30 minutes: "in 2 hours" until 1 h 59 min 59 s left.
        let mut d = Deadline::new(Some(0));
        d.watch(9_000);
        assert_eq!(d.next(), Some(9_000 - 7_199));
    }
}
