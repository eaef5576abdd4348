//! System / Light / Dark. The choice lasts for this visit only: eksplain stores
//! nothing (no localStorage, no cookies), so a reload follows the system again.

use super::state::{Action, Theme};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ThemePickerProps {
    pub theme: Theme,
    pub dispatch: Callback<Action>,
}

#[function_component(ThemePicker)]
pub fn theme_picker(props: &ThemePickerProps) -> Html {
    let buttons = Theme::ALL.iter().map(|&t| {
        let pressed = t == props.theme;
        html! {
            <button
                type="button"
                class={classes!("theme-option", pressed.then_some("selected"))}
                aria-pressed={pressed.to_string()}
                data-theme-option={t.label().to_lowercase()}
                onclick={props.dispatch.reform(move |_: MouseEvent| Action::SetTheme(t))}
            >
                { t.label() }
            </button>
        }
    });
    html! {
        <div
            class="theme-picker"
            role="group"
            aria-label="Colour theme"
            title="Colour theme for this visit only: eksplain stores nothing, so a reload follows your system setting again."
        >
            { for buttons }
        </div>
    }
}
