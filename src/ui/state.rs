//! The page's state: plain data, an [`Action`] enum and a pure reducer. Nothing
//! here touches the DOM; analysis is pure (`core::analyze_as`) and the clock
//! arrives inside the action, so the whole reducer is tested natively.

use crate::core::{self, InputKind, Options, Report, UnixTime};
use std::rc::Rc;

/// One pasted or dropped input.
#[derive(Clone, Debug)]
pub struct Input {
    /// Stable id (tabs and keys), never reused within a session.
    pub id: u32,
    /// A file name when dropped, else "Input N".
    pub name: String,
    pub text: String,
    /// The kind the user chose; `None` means "detect".
    pub kind_override: Option<InputKind>,
    /// Bumped on every edit; analysis results for older revisions are ignored.
    pub revision: u32,
    /// The report of `analyzed_revision`.
    pub report: Option<Rc<Report>>,
    pub analyzed_revision: u32,
}

impl Input {
    fn new(id: u32, name: String, text: String) -> Self {
        Input {
            id,
            name,
            text,
            kind_override: None,
            revision: 1,
            report: None,
            analyzed_revision: 0,
        }
    }
    /// True while the shown report is older than the text.
    pub fn is_stale(&self) -> bool {
        self.analyzed_revision != self.revision
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Copy)]
pub enum Theme {
    System,
    Light,
    Dark,
}

#[derive(Clone, Debug)]
pub struct State {
    pub inputs: Vec<Input>,
    pub active: usize,
    next_id: u32,
    /// The source line highlighted after clicking a finding.
    pub highlighted_line: Option<u32>,
    /// Secrets are shown only after the user asks.
    pub reveal_secrets: bool,
    pub theme: Theme,
}

impl Default for State {
    fn default() -> Self {
        State {
            inputs: vec![Input::new(1, "Input 1".into(), String::new())],
            active: 0,
            next_id: 2,
            highlighted_line: None,
            reveal_secrets: false,
            theme: Theme::System,
        }
    }
}

#[derive(Clone, Debug)]
pub enum Action {
    /// The user edited the active input.
    Edit(String),
    /// A file was dropped or opened (or a sample loaded) into the active input.
    Load {
        name: String,
        text: String,
    },
    /// Add an empty input and make it active.
    AddInput,
    /// Remove the input with this id (one always remains).
    RemoveInput(u32),
    Select(usize),
    SetKind(Option<InputKind>),
    /// Analyse every stale input at time `now` (the debounce timer fired).
    Analyze {
        now: Option<UnixTime>,
    },
    Highlight(Option<u32>),
    ToggleReveal,
    SetTheme(Theme),
}

impl State {
    pub fn active_input(&self) -> &Input {
        &self.inputs[self.active.min(self.inputs.len() - 1)]
    }

    fn active_mut(&mut self) -> &mut Input {
        let i = self.active.min(self.inputs.len() - 1);
        &mut self.inputs[i]
    }

    /// Applies an action. Pure: the same state and action give the same result.
    pub fn reduce(mut self, action: Action) -> State {
        match action {
            Action::Edit(text) => {
                let input = self.active_mut();
                if input.text != text {
                    input.text = text;
                    input.revision += 1;
                }
                self.highlighted_line = None;
            }
            Action::Load { name, text } => {
                let input = self.active_mut();
                input.name = name;
                input.text = text;
                input.kind_override = None;
                input.revision += 1;
                self.highlighted_line = None;
            }
            Action::AddInput => {
                let id = self.next_id;
                self.next_id += 1;
                self.inputs
                    .push(Input::new(id, format!("Input {id}"), String::new()));
                self.active = self.inputs.len() - 1;
                self.highlighted_line = None;
            }
            Action::RemoveInput(id) => {
                if self.inputs.len() > 1 {
                    self.inputs.retain(|i| i.id != id);
                    self.active = self.active.min(self.inputs.len() - 1);
                } else {
                    let input = self.active_mut();
                    input.text.clear();
                    input.revision += 1;
                }
                self.highlighted_line = None;
            }
            Action::Select(i) => {
                if i < self.inputs.len() {
                    self.active = i;
                    self.highlighted_line = None;
                }
            }
            Action::SetKind(kind) => {
                let input = self.active_mut();
                input.kind_override = kind;
                input.revision += 1;
            }
            Action::Analyze { now } => {
                let opts = Options { now };
                for input in &mut self.inputs {
                    if input.is_stale() {
                        let kind = input
                            .kind_override
                            .unwrap_or_else(|| core::detect(&input.text));
                        input.report = Some(Rc::new(core::analyze_as(&input.text, kind, &opts)));
                        input.analyzed_revision = input.revision;
                    }
                }
            }
            Action::Highlight(line) => self.highlighted_line = line,
            Action::ToggleReveal => self.reveal_secrets = !self.reveal_secrets,
            Action::SetTheme(t) => self.theme = t,
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn analyzed(s: State) -> State {
        s.reduce(Action::Analyze { now: Some(0) })
    }

    #[test]
    fn edits_are_analysed_only_when_the_timer_fires() {
        let s = State::default().reduce(Action::Edit("apiVersion: v1\nkind: Config\n".into()));
        assert!(s.active_input().is_stale());
        let s = analyzed(s);
        assert!(!s.active_input().is_stale());
        assert_eq!(
            s.active_input().report.as_ref().unwrap().kind,
            InputKind::Kubeconfig
        );
    }

    #[test]
    fn the_kind_can_be_overridden() {
        let s = State::default().reduce(Action::Edit("hello: world\n".into()));
        let s = analyzed(s.reduce(Action::SetKind(Some(InputKind::Kubeconfig))));
        let r = s.active_input().report.clone().unwrap();
        assert_eq!(
            (r.kind, r.detected),
            (InputKind::Kubeconfig, InputKind::Unknown)
        );
    }

    #[test]
    fn several_inputs_keep_their_own_text_and_report() {
        let s = State::default()
            .reduce(Action::Edit("a: 1".into()))
            .reduce(Action::AddInput);
        assert_eq!(s.active, 1);
        let s = analyzed(s.reduce(Action::Edit("apiVersion: v1\nkind: Config\n".into())));
        assert_eq!(s.inputs[0].text, "a: 1");
        assert_eq!(
            s.inputs[0].report.as_ref().unwrap().kind,
            InputKind::Unknown
        );
        let id = s.inputs[0].id;
        let s = s.reduce(Action::RemoveInput(id));
        assert_eq!(s.inputs.len(), 1);
        assert_eq!(
            s.active_input().report.as_ref().unwrap().kind,
            InputKind::Kubeconfig
        );
    }

    #[test]
    fn removing_the_last_input_clears_it() {
        let s = State::default().reduce(Action::Edit("x".into()));
        let id = s.inputs[0].id;
        let s = s.reduce(Action::RemoveInput(id));
        assert_eq!(s.inputs.len(), 1);
        assert!(s.active_input().text.is_empty());
    }
}
