//! An `Rc` that compares by identity.
//!
//! Yew compares a component's props, and a hook's dependencies, on every
//! render. `Rc<str>`'s `==` compares the text (the standard library's
//! pointer-first shortcut covers only sized `Eq` types), so each render of the
//! editor compared the input's text with itself four times: for a 2.1 MB paste,
//! ~15 ms of `memcmp` in the render that shows the report (CPU profile,
//! docs/performance.md, "The report's first render"). The same `Rc` is the same
//! text; a different `Rc` with equal text only costs a render that changes
//! nothing. Holding the `Rc` keeps its allocation alive, so an address is never
//! mistaken for another text's.

use std::ops::Deref;
use std::rc::Rc;

#[derive(Debug)]
pub struct ByPtr<T: ?Sized>(pub Rc<T>);

impl<T: ?Sized> Clone for ByPtr<T> {
    fn clone(&self) -> Self {
        ByPtr(Rc::clone(&self.0))
    }
}

impl<T: ?Sized> PartialEq for ByPtr<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T: ?Sized> Deref for ByPtr<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: ?Sized> From<Rc<T>> for ByPtr<T> {
    fn from(rc: Rc<T>) -> Self {
        ByPtr(rc)
    }
}

/// `text={rc}` in `html!` for a `ByPtr<str>` prop.
#[cfg(target_arch = "wasm32")]
impl yew::html::IntoPropValue<ByPtr<str>> for Rc<str> {
    fn into_prop_value(self) -> ByPtr<str> {
        ByPtr(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_rc_is_equal_and_an_equal_copy_is_not() {
        let a: Rc<str> = Rc::from("apiVersion: v1");
        let b: Rc<str> = Rc::from("apiVersion: v1");
        assert_eq!(ByPtr(a.clone()), ByPtr(a.clone()));
        assert_ne!(ByPtr(a.clone()), ByPtr(b));
        assert_eq!(&*ByPtr(a), "apiVersion: v1");
    }
}
