//! The page's state: plain data, an [`Action`] enum and a pure reducer. Nothing
//! here touches the DOM; analysis is pure (`core::analyze_as`) and the clock
//! arrives inside the action, so the whole reducer is tested natively.

use crate::core::{self, InputKind, Options, Report, UnixTime};
use std::rc::Rc;

/// One analysis of one input: the report and the exact text it was made from
/// (copied reports quote source lines from it, not from newer edits).
#[derive(Debug)]
pub struct Analysis {
    /// Unique within a session: two analyses are equal only if they are the same one,
    /// so components that take an `Rc<Analysis>` compare their props in O(1).
    pub seq: u64,
    /// What the user opened in the report (lists past "Show more", …) is kept
    /// while this stays the same: the `seq` of the first analysis of this
    /// revision of the input, carried over when the clock re-checks it
    /// ([`Action::Tick`]), so a token turning expired does not fold the page.
    pub view: u64,
    pub report: Report,
    pub text: Rc<str>,
    /// A large kubeconfig's preview from the analysis worker: its overview has
    /// the first items of some lists only (`core::report::analyze_with_preview`),
    /// and the whole report is on its way.
    pub preview: bool,
}

impl PartialEq for Analysis {
    fn eq(&self, other: &Self) -> bool {
        self.seq == other.seq
    }
}

/// One pasted or dropped input.
#[derive(Clone, Debug)]
pub struct Input {
    /// Stable id (tabs and keys), never reused within a session.
    pub id: u32,
    /// A file name when dropped, else "Input N".
    pub name: String,
    /// Shared, so that cloning the state (every action does) never copies a large input.
    pub text: Rc<str>,
    /// The kind the user chose; `None` means "detect".
    pub kind_override: Option<InputKind>,
    /// Bumped on every edit; analysis results for older revisions are ignored.
    pub revision: u32,
    /// The analysis of `analyzed_revision`.
    pub analysis: Option<Rc<Analysis>>,
    pub analyzed_revision: u32,
    /// A large input the user chose to edit in the textarea anyway (or typed
    /// past the size limit there); other large inputs are shown read-only.
    pub edit_as_text: bool,
    /// The revision last handed to the analysis worker, while its report is awaited.
    pub offloaded: Option<u32>,
    /// The revision handed to the worker for a re-check at a later clock
    /// ([`Action::Recheck`]), while its report is awaited. Unlike `offloaded`,
    /// no progress is shown: the report on screen stays valid until replaced.
    pub rechecking: Option<u32>,
    /// When the clock last re-checked this input (a `Tick` or a `Recheck`).
    pub rechecked_at: Option<UnixTime>,
}

/// A large input is re-checked at most this often (seconds). Its report can
/// change every second (a token's last minute) while its analysis takes up to
/// a second and its report tens of MB: re-checking it at every change would
/// keep the worker (or, without one, the page) busy back to back.
pub const LARGE_RECHECK_SECS: UnixTime = 60;

impl Input {
    fn new(id: u32, name: String) -> Self {
        Input {
            id,
            name,
            text: Rc::from(""),
            kind_override: None,
            revision: 1,
            analysis: None,
            analyzed_revision: 0,
            edit_as_text: false,
            offloaded: None,
            rechecking: None,
            rechecked_at: None,
        }
    }
    /// True while the shown report is older than the text.
    pub fn is_stale(&self) -> bool {
        self.analyzed_revision != self.revision
    }
    /// True when the report on screen is a preview (the whole report is coming
    /// from the worker, or, if the worker failed, is still to be made).
    pub fn is_preview(&self) -> bool {
        self.analysis.as_ref().is_some_and(|a| a.preview)
    }
    /// True when the text needs analysing: the report is older than the text,
    /// or only a preview of it.
    pub fn needs_analysis(&self) -> bool {
        self.is_stale() || self.is_preview()
    }
    /// True while the worker analyses this input's current text.
    pub fn awaits_worker(&self) -> bool {
        self.offloaded == Some(self.revision)
    }
    /// Large enough to analyse off the main thread (and to show progress).
    pub fn is_large(&self) -> bool {
        super::large_input::is_large(&self.text)
    }
    pub fn report(&self) -> Option<&Report> {
        self.analysis.as_deref().map(|a| &a.report)
    }
    /// True when the text is shown by the read-only view, not the textarea.
    pub fn read_only_view(&self) -> bool {
        !self.edit_as_text && self.is_large()
    }
    /// When the report on screen stops being true ([`Report::valid_until`]):
    /// `None` while the text is being edited (the next analysis replaces it
    /// anyway), or while a re-check is with the worker.
    /// A large input's is at least [`LARGE_RECHECK_SECS`] after its last re-check.
    pub fn deadline(&self) -> Option<UnixTime> {
        if self.needs_analysis() || self.awaits_worker() || self.rechecking == Some(self.revision) {
            return None;
        }
        let due = self.report()?.valid_until?;
        match self.rechecked_at {
            Some(at) if self.is_large() => Some(due.max(at.saturating_add(LARGE_RECHECK_SECS))),
            _ => Some(due),
        }
    }
    /// True when the report on screen is no longer true at `now`.
    pub fn is_due(&self, now: UnixTime) -> bool {
        self.deadline().is_some_and(|t| t <= now)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Copy)]
pub enum Theme {
    System,
    Light,
    Dark,
}

impl Theme {
    pub const ALL: [Theme; 3] = [Theme::System, Theme::Light, Theme::Dark];

    /// The value of `data-theme` on `<html>`; `None` follows the system.
    pub fn attribute(self) -> Option<&'static str> {
        match self {
            Theme::System => None,
            Theme::Light => Some("light"),
            Theme::Dark => Some("dark"),
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Theme::System => "System",
            Theme::Light => "Light",
            Theme::Dark => "Dark",
        }
    }
}

/// A request to bring the findings of a line into view (a gutter marker was
/// clicked). `seq` makes a second click on the same marker a new request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Jump {
    pub line: u32,
    pub seq: u32,
}

#[derive(Clone, Debug)]
pub struct State {
    pub inputs: Vec<Input>,
    pub active: usize,
    next_id: u32,
    next_analysis: u64,
    /// The source line highlighted after clicking a finding or a marker.
    pub highlighted_line: Option<u32>,
    /// Bumped by every click on a finding's location, so that clicking the same
    /// location again (after scrolling away) brings its line back into view.
    pub highlight_seq: u32,
    /// The line under the mouse in the editor.
    pub hover_line: Option<u32>,
    /// The line of the editor's caret.
    pub caret_line: Option<u32>,
    /// The last marker click, for the findings list to scroll to.
    pub jump: Option<Jump>,
    /// Secrets are shown only after the user asks.
    pub reveal_secrets: bool,
    pub theme: Theme,
    /// An input large enough to need a progress indication is being analysed.
    pub analyzing: bool,
    /// The rule reference dialog is open.
    pub rules_open: bool,
}

impl Default for State {
    fn default() -> Self {
        State {
            inputs: vec![Input::new(1, "Input 1".into())],
            active: 0,
            next_id: 2,
            next_analysis: 1,
            highlighted_line: None,
            highlight_seq: 0,
            hover_line: None,
            caret_line: None,
            jump: None,
            reveal_secrets: false,
            theme: Theme::System,
            analyzing: false,
            rules_open: false,
        }
    }
}

#[derive(Clone, Debug)]
pub enum Action {
    /// The user edited the active input.
    Edit(Rc<str>),
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
    /// A large input is about to be analysed: show the progress indication first.
    AnalysisPending,
    /// The clock reached `now`: re-analyse every input whose report stopped
    /// being true ([`Input::is_due`]) at `now`, keeping what the user opened
    /// in it (the analysis keeps its `view`). Large inputs only when `large`
    /// (there is no worker to re-check them: [`Action::Recheck`]). Not an
    /// `Analyze`: nothing was edited, so no progress and no performance marks.
    Tick {
        now: UnixTime,
        large: bool,
    },
    /// The app handed this revision of an input to the worker for a re-check
    /// at a later clock; the report arrives as [`Action::Analyzed`].
    Recheck {
        input_id: u32,
        revision: u32,
        now: UnixTime,
    },
    /// Analyse every stale input at time `now` (the debounce timer fired), except
    /// those whose current text is with the analysis worker, and large ones
    /// unless `large` (there is no worker to take them). A debounce timer set
    /// for an older text can fire after a large paste replaced it: it must not
    /// analyse the paste on the page.
    Analyze {
        now: Option<UnixTime>,
        large: bool,
    },
    /// The app handed this revision of an input to the analysis worker.
    Offload {
        input_id: u32,
        revision: u32,
    },
    /// The worker's report on a revision of an input. Kept only if the input still
    /// has that revision: a report on older text is dropped. A `preview` is shown
    /// while the worker finishes the whole report, which follows.
    Analyzed {
        input_id: u32,
        revision: u32,
        report: Box<Report>,
        preview: bool,
    },
    /// The worker is gone (failed to start, or failed on an input): what it had is
    /// stale again, for the app to analyse on the page.
    WorkerFailed,
    /// Highlight a source line (a finding's location was clicked).
    Highlight(Option<u32>),
    /// A gutter marker was clicked: highlight its line and show its findings.
    JumpToFindings(u32),
    /// The mouse moved onto another editor line (or left the editor).
    HoverLine(Option<u32>),
    /// The caret moved onto another line.
    CaretLine(Option<u32>),
    ToggleReveal,
    SetTheme(Theme),
    ShowRules(bool),
    /// The active input's text was replaced by a paste too large for the textarea
    /// (or a paste into the read-only view): shown read-only when large.
    Replace(Rc<str>),
    /// Move the active (large) input into the textarea.
    EditAsText,
}

impl State {
    pub fn active_input(&self) -> &Input {
        &self.inputs[self.active.min(self.inputs.len() - 1)]
    }

    fn active_mut(&mut self) -> &mut Input {
        let i = self.active.min(self.inputs.len() - 1);
        &mut self.inputs[i]
    }

    /// True when analysing the stale inputs takes long enough to show progress.
    pub fn needs_progress(&self) -> bool {
        self.inputs
            .iter()
            .any(|i| i.needs_analysis() && i.is_large())
    }

    /// True while the worker analyses some input's current text.
    fn awaits_worker(&self) -> bool {
        self.inputs.iter().any(Input::awaits_worker)
    }

    /// True when a worker's report for `revision` of input `input_id` would be
    /// kept ([`Action::Analyzed`] drops reports on older text).
    pub fn keeps_report(&self, input_id: u32, revision: u32) -> bool {
        self.inputs
            .iter()
            .any(|i| i.id == input_id && i.revision == revision)
    }

    /// How many analyses were stored so far (it changes when an action made one).
    pub fn analyses_made(&self) -> u64 {
        self.next_analysis
    }

    /// The earliest instant at which some input's report stops being true.
    pub fn next_deadline(&self) -> Option<UnixTime> {
        self.inputs.iter().filter_map(Input::deadline).min()
    }

    fn store(&mut self, i: usize, report: Report, preview: bool) {
        let input = &mut self.inputs[i];
        let seq = self.next_analysis;
        // The same revision analysed again (at a later clock) continues its view.
        let view = match &input.analysis {
            Some(a) if input.analyzed_revision == input.revision => a.view,
            _ => seq,
        };
        input.analysis = Some(Rc::new(Analysis {
            seq,
            view,
            report,
            text: Rc::clone(&input.text),
            preview,
        }));
        self.next_analysis += 1;
        input.analyzed_revision = input.revision;
    }

    /// The line whose findings are highlighted in the list: the hovered line,
    /// else the caret's.
    pub fn linked_line(&self) -> Option<u32> {
        self.hover_line.or(self.caret_line)
    }

    /// Forgets everything that points into the active input's lines.
    fn clear_line_links(&mut self) {
        self.highlighted_line = None;
        self.hover_line = None;
        self.caret_line = None;
        self.jump = None;
    }

    /// Applies an action. Pure: the same state and action give the same result.
    pub fn reduce(mut self, action: Action) -> State {
        match action {
            Action::Edit(text) => {
                let input = self.active_mut();
                if *input.text != *text {
                    input.text = text;
                    input.revision += 1;
                }
                // Typed in the textarea: a large text stays there.
                input.edit_as_text = super::large_input::is_large(&input.text);
                self.highlighted_line = None;
                self.jump = None;
            }
            Action::Load { name, text } => {
                let input = self.active_mut();
                input.name = name;
                input.text = Rc::from(text);
                input.kind_override = None;
                input.revision += 1;
                input.edit_as_text = false;
                self.clear_line_links();
            }
            Action::AddInput => {
                let id = self.next_id;
                self.next_id += 1;
                self.inputs.push(Input::new(id, format!("Input {id}")));
                self.active = self.inputs.len() - 1;
                self.clear_line_links();
            }
            Action::RemoveInput(id) => {
                if self.inputs.len() > 1 {
                    if let Some(i) = self.inputs.iter().position(|x| x.id == id) {
                        self.inputs.remove(i);
                        // Keep the same input selected; when it was the one removed,
                        // select its left neighbour.
                        if i < self.active || (i == self.active && i > 0) {
                            self.active -= 1;
                        }
                    }
                    self.active = self.active.min(self.inputs.len() - 1);
                } else {
                    let input = self.active_mut();
                    input.text = Rc::from("");
                    input.kind_override = None;
                    input.revision += 1;
                }
                // No progress for an input that is gone.
                self.analyzing &= self.awaits_worker() || self.needs_progress();
                self.clear_line_links();
            }
            Action::Select(i) => {
                if i < self.inputs.len() && i != self.active {
                    self.active = i;
                    self.clear_line_links();
                }
            }
            Action::SetKind(kind) => {
                let input = self.active_mut();
                if input.kind_override != kind {
                    input.kind_override = kind;
                    input.revision += 1;
                }
            }
            Action::AnalysisPending => self.analyzing = self.needs_progress(),
            Action::Tick { now, large } => {
                let opts = Options { now: Some(now) };
                for i in 0..self.inputs.len() {
                    let input = &self.inputs[i];
                    if input.is_due(now) && (large || !input.is_large()) {
                        let kind = input
                            .kind_override
                            .unwrap_or_else(|| core::detect(&input.text));
                        let report = core::analyze_as(&input.text, kind, &opts);
                        self.store(i, report, false);
                        self.inputs[i].rechecked_at = Some(now);
                    }
                }
            }
            Action::Recheck {
                input_id,
                revision,
                now,
            } => {
                if let Some(input) = self.inputs.iter_mut().find(|i| i.id == input_id) {
                    if input.revision == revision {
                        input.rechecking = Some(revision);
                        input.rechecked_at = Some(now);
                    }
                }
            }
            Action::Analyze { now, large } => {
                let opts = Options { now };
                for i in 0..self.inputs.len() {
                    let input = &self.inputs[i];
                    if input.needs_analysis()
                        && !input.awaits_worker()
                        && (large || !input.is_large())
                    {
                        let kind = input
                            .kind_override
                            .unwrap_or_else(|| core::detect(&input.text));
                        let report = core::analyze_as(&input.text, kind, &opts);
                        self.store(i, report, false);
                    }
                }
                self.analyzing = self.awaits_worker();
            }
            Action::Offload { input_id, revision } => {
                if let Some(input) = self.inputs.iter_mut().find(|i| i.id == input_id) {
                    if input.revision == revision {
                        input.offloaded = Some(revision);
                    }
                }
                self.analyzing = self.awaits_worker();
            }
            Action::Analyzed {
                input_id,
                revision,
                report,
                preview,
            } => {
                if let Some(i) = self.inputs.iter().position(|i| i.id == input_id) {
                    if !preview && self.inputs[i].offloaded == Some(revision) {
                        self.inputs[i].offloaded = None;
                    }
                    if !preview && self.inputs[i].rechecking == Some(revision) {
                        self.inputs[i].rechecking = None;
                    }
                    if self.inputs[i].revision == revision {
                        self.store(i, *report, preview);
                    }
                }
                self.analyzing = self.awaits_worker();
            }
            Action::WorkerFailed => {
                for input in &mut self.inputs {
                    input.offloaded = None;
                    input.rechecking = None;
                }
                self.analyzing = false;
            }
            Action::Highlight(line) => {
                self.highlighted_line = line;
                self.highlight_seq = self.highlight_seq.wrapping_add(1);
                self.jump = None;
            }
            Action::JumpToFindings(line) => {
                let seq = self.jump.map_or(1, |j| j.seq.wrapping_add(1));
                self.highlighted_line = Some(line);
                self.jump = Some(Jump { line, seq });
            }
            Action::HoverLine(line) => self.hover_line = line,
            Action::CaretLine(line) => self.caret_line = line,
            Action::ToggleReveal => self.reveal_secrets = !self.reveal_secrets,
            Action::SetTheme(t) => self.theme = t,
            Action::ShowRules(open) => self.rules_open = open,
            Action::Replace(text) => {
                let input = self.active_mut();
                if *input.text != *text {
                    input.text = text;
                    input.revision += 1;
                }
                input.edit_as_text = false;
                self.clear_line_links();
            }
            Action::EditAsText => self.active_mut().edit_as_text = true,
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn analyzed(s: State) -> State {
        s.reduce(Action::Analyze {
            now: Some(0),
            large: true,
        })
    }

    #[test]
    fn edits_are_analysed_only_when_the_timer_fires() {
        let s = State::default().reduce(Action::Edit("apiVersion: v1\nkind: Config\n".into()));
        assert!(s.active_input().is_stale());
        let s = analyzed(s);
        assert!(!s.active_input().is_stale());
        assert_eq!(
            s.active_input().report().unwrap().kind,
            InputKind::Kubeconfig
        );
    }

    #[test]
    fn the_kind_can_be_overridden() {
        let s = State::default().reduce(Action::Edit("hello: world\n".into()));
        let s = analyzed(s.reduce(Action::SetKind(Some(InputKind::Kubeconfig))));
        let r = s.active_input().report().unwrap();
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
        assert_eq!(&*s.inputs[0].text, "a: 1");
        assert_eq!(s.inputs[0].report().unwrap().kind, InputKind::Unknown);
        let id = s.inputs[0].id;
        let s = s.reduce(Action::RemoveInput(id));
        assert_eq!(s.inputs.len(), 1);
        assert_eq!(
            s.active_input().report().unwrap().kind,
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

    const V1ALPHA1: &str = include_str!("../../static/samples/eks-v1alpha1.yaml");

    #[test]
    fn each_analysis_is_a_new_identity_and_keeps_its_text() {
        let s = analyzed(State::default().reduce(Action::Edit("a: 1".into())));
        let first = s.active_input().analysis.clone().unwrap();
        assert_eq!(&*first.text, "a: 1");
        // Analysing again without an edit changes nothing.
        let s = analyzed(s);
        assert!(Rc::ptr_eq(
            &first,
            s.active_input().analysis.as_ref().unwrap()
        ));
        let s = analyzed(s.reduce(Action::Edit("a: 2".into())));
        let second = s.active_input().analysis.clone().unwrap();
        assert_ne!(*first, *second);
        assert_eq!(&*second.text, "a: 2");
    }

    #[test]
    fn a_marker_click_highlights_its_line_and_each_click_is_a_new_jump() {
        let s = analyzed(State::default().reduce(Action::Edit(V1ALPHA1.into())));
        let s = s.reduce(Action::JumpToFindings(19));
        assert_eq!(s.highlighted_line, Some(19));
        let j1 = s.jump.unwrap();
        assert_eq!(j1.line, 19);
        let s = s.reduce(Action::JumpToFindings(19));
        assert_ne!(s.jump.unwrap(), j1, "clicking again scrolls again");
        // Clicking a finding's location highlights without jumping the list;
        // clicking it again is a new highlight (the editor scrolls back to it).
        let s = s.reduce(Action::Highlight(Some(3)));
        assert_eq!((s.highlighted_line, s.jump), (Some(3), None));
        let seq = s.highlight_seq;
        let s = s.reduce(Action::Highlight(Some(3)));
        assert_eq!(s.highlighted_line, Some(3));
        assert_ne!(s.highlight_seq, seq, "clicking again scrolls again");
    }

    #[test]
    fn hover_wins_over_the_caret_and_both_reset_on_another_tab() {
        let s = State::default()
            .reduce(Action::CaretLine(Some(4)))
            .reduce(Action::HoverLine(Some(9)));
        assert_eq!(s.linked_line(), Some(9));
        let s = s.reduce(Action::HoverLine(None));
        assert_eq!(s.linked_line(), Some(4));
        let s = s.reduce(Action::AddInput);
        assert_eq!(s.linked_line(), None);
        let s = s
            .reduce(Action::CaretLine(Some(2)))
            .reduce(Action::Select(0));
        assert_eq!((s.linked_line(), s.highlighted_line), (None, None));
    }

    #[test]
    fn removing_a_tab_keeps_the_selected_input_selected() {
        let s = State::default()
            .reduce(Action::AddInput)
            .reduce(Action::AddInput)
            .reduce(Action::Select(2));
        let (first, third) = (s.inputs[0].id, s.inputs[2].id);
        let s = s.reduce(Action::RemoveInput(first));
        assert_eq!(s.active_input().id, third);
        // Removing the selected one selects its left neighbour.
        let second = s.inputs[0].id;
        let s = s.reduce(Action::RemoveInput(third));
        assert_eq!(s.active_input().id, second);
    }

    #[test]
    fn only_large_inputs_show_progress_and_analysis_clears_it() {
        let s = State::default()
            .reduce(Action::Edit("a: 1\n".into()))
            .reduce(Action::AnalysisPending);
        assert!(!s.analyzing);
        let big = "a: 1\n".repeat(super::super::view_model::LARGE_INPUT_BYTES / 4);
        let s = s
            .reduce(Action::Edit(big.into()))
            .reduce(Action::AnalysisPending);
        assert!(s.analyzing);
        assert!(!analyzed(s).analyzing);
    }

    #[test]
    fn secrets_stay_hidden_until_revealed_and_the_theme_is_session_state() {
        let s = State::default();
        assert!(!s.reveal_secrets, "redaction is the default");
        let s = s.reduce(Action::ToggleReveal);
        assert!(s.reveal_secrets);
        assert!(!s.reduce(Action::ToggleReveal).reveal_secrets);
        let s = State::default().reduce(Action::SetTheme(Theme::Dark));
        assert_eq!(s.theme.attribute(), Some("dark"));
        assert_eq!(Theme::System.attribute(), None);
    }

    fn big_kubeconfig() -> String {
        let mut s = String::from("apiVersion: v1\nkind: Config\nclusters:\n");
        while s.len() <= super::super::view_model::LARGE_INPUT_BYTES {
            s.push_str("- name: c\n  cluster:\n    server: https://k.example\n");
        }
        s
    }

    /// What the worker does with a text: the same analysis, sent as bytes.
    fn worker_report(text: &str) -> Box<Report> {
        let opts = Options { now: Some(0) };
        let bytes = core::wire::encode(&core::analyze(text, &opts));
        Box::new(core::wire::decode(&bytes).unwrap())
    }

    #[test]
    fn an_offloaded_input_shows_progress_and_takes_the_workers_report() {
        let big = big_kubeconfig();
        let s = State::default().reduce(Action::Edit(big.as_str().into()));
        let (id, rev) = (s.active_input().id, s.active_input().revision);
        let s = s.reduce(Action::Offload {
            input_id: id,
            revision: rev,
        });
        assert!(s.analyzing && s.active_input().awaits_worker());
        // The page's own analysis leaves it to the worker.
        let s = analyzed(s);
        assert!(s.active_input().is_stale() && s.analyzing);
        let s = s.reduce(Action::Analyzed {
            input_id: id,
            revision: rev,
            report: worker_report(&big),
            preview: false,
        });
        assert!(!s.analyzing && !s.active_input().is_stale());
        let inline = analyzed(State::default().reduce(Action::Edit(big.as_str().into())));
        assert_eq!(s.active_input().report(), inline.active_input().report());
        assert_eq!(&*s.active_input().analysis.as_ref().unwrap().text, big);
    }

    /// The worker's preview of a large kubeconfig, as the page receives it.
    fn worker_preview(text: &str) -> Box<Report> {
        let mut preview = None;
        core::report::analyze_with_preview(text, None, &Options { now: Some(0) }, &mut |r| {
            preview = core::wire::decode(&core::wire::encode(r));
        });
        Box::new(preview.expect("a preview"))
    }

    /// `text` typed, handed to the worker, and its preview back: the state, the
    /// input's id and revision.
    fn previewed(text: &str) -> (State, u32, u32) {
        let s = State::default().reduce(Action::Edit(text.into()));
        let (id, rev) = (s.active_input().id, s.active_input().revision);
        let s = s
            .reduce(Action::Offload {
                input_id: id,
                revision: rev,
            })
            .reduce(Action::Analyzed {
                input_id: id,
                revision: rev,
                report: worker_preview(text),
                preview: true,
            });
        (s, id, rev)
    }

    #[test]
    fn a_preview_shows_until_the_whole_report_replaces_it() {
        let big = big_kubeconfig();
        let (s, id, rev) = previewed(&big);
        let input = s.active_input();
        assert!(input.is_preview() && !input.is_stale());
        assert!(
            s.analyzing && input.awaits_worker(),
            "the rest is still coming"
        );
        assert_eq!(input.deadline(), None);
        let first = input.analysis.clone().unwrap();
        // The debounce firing meanwhile leaves it to the worker.
        let s = analyzed(s);
        assert!(Rc::ptr_eq(
            s.active_input().analysis.as_ref().unwrap(),
            &first
        ));
        let s = s.reduce(Action::Analyzed {
            input_id: id,
            revision: rev,
            report: worker_report(&big),
            preview: false,
        });
        let whole = s.active_input().analysis.clone().unwrap();
        assert!(!whole.preview && !s.analyzing && !s.active_input().needs_analysis());
        assert_eq!(
            whole.view, first.view,
            "what the user opened in the preview stays open"
        );
        let inline = analyzed(State::default().reduce(Action::Edit(big.as_str().into())));
        assert_eq!(s.active_input().report(), inline.active_input().report());
    }

    #[test]
    fn a_preview_whose_worker_failed_is_analysed_on_the_page() {
        let big = big_kubeconfig();
        let s = previewed(&big).0.reduce(Action::WorkerFailed);
        assert!(s.active_input().needs_analysis() && s.needs_progress());
        let s = analyzed(s);
        assert!(!s.active_input().needs_analysis());
        let inline = analyzed(State::default().reduce(Action::Edit(big.as_str().into())));
        assert_eq!(s.active_input().report(), inline.active_input().report());
    }

    #[test]
    fn an_analysis_without_large_leaves_a_large_input_for_the_worker() {
        // A debounce timer set for the text before a large paste fires after it.
        let s = State::default()
            .reduce(Action::Replace(big_kubeconfig().into()))
            .reduce(Action::Analyze {
                now: Some(0),
                large: false,
            });
        assert!(s.active_input().analysis.is_none() && s.active_input().is_stale());
        // Without a worker, the page takes it.
        let s = analyzed(s);
        assert!(!s.active_input().is_stale());
    }

    #[test]
    fn a_report_on_older_text_is_dropped() {
        let big = big_kubeconfig();
        let s = State::default().reduce(Action::Edit(big.as_str().into()));
        let (id, old) = (s.active_input().id, s.active_input().revision);
        let s = s.reduce(Action::Offload {
            input_id: id,
            revision: old,
        });
        // Typing while the worker runs; the newer text is queued for the worker.
        let newer = format!("{big}# edited\n");
        let s = s.reduce(Action::Edit(newer.as_str().into()));
        let new = s.active_input().revision;
        let s = s.reduce(Action::Offload {
            input_id: id,
            revision: new,
        });
        let s = s.reduce(Action::Analyzed {
            input_id: id,
            revision: old,
            report: worker_report(&big),
            preview: false,
        });
        assert!(s.active_input().analysis.is_none(), "stale report stored");
        assert!(s.analyzing, "still waiting for the newer text");
        let s = s.reduce(Action::Analyzed {
            input_id: id,
            revision: new,
            report: worker_report(&newer),
            preview: false,
        });
        assert_eq!(&*s.active_input().analysis.as_ref().unwrap().text, newer);
        assert!(!s.analyzing && !s.active_input().is_stale());
        // A report for an input closed meanwhile changes nothing.
        let s = s.reduce(Action::Analyzed {
            input_id: 99,
            revision: 1,
            report: worker_report("a: 1"),
            preview: false,
        });
        assert_eq!(s.inputs.len(), 1);
    }

    #[test]
    fn closing_the_tab_the_worker_is_on_ends_its_progress() {
        let s = State::default()
            .reduce(Action::AddInput)
            .reduce(Action::Edit(big_kubeconfig().into()));
        let (id, rev) = (s.active_input().id, s.active_input().revision);
        let s = s.reduce(Action::Offload {
            input_id: id,
            revision: rev,
        });
        assert!(s.analyzing);
        let s = s.reduce(Action::RemoveInput(id));
        assert!(!s.analyzing);
        // Its report, when it comes, changes nothing.
        let s = s.reduce(Action::Analyzed {
            input_id: id,
            revision: rev,
            report: worker_report("a: 1"),
            preview: false,
        });
        assert_eq!(s.inputs.len(), 1);
        assert!(s.active_input().analysis.is_none());
    }

    #[test]
    fn when_the_worker_fails_the_page_analyses_the_input_itself() {
        let big = big_kubeconfig();
        let s = State::default().reduce(Action::Edit(big.as_str().into()));
        let (id, rev) = (s.active_input().id, s.active_input().revision);
        let s = s
            .reduce(Action::Offload {
                input_id: id,
                revision: rev,
            })
            .reduce(Action::WorkerFailed);
        assert!(!s.analyzing && !s.active_input().awaits_worker());
        assert_eq!(&*s.active_input().text, big, "the input is kept");
        let s = analyzed(s.reduce(Action::AnalysisPending));
        assert!(!s.active_input().is_stale());
        assert_eq!(
            s.active_input().report().unwrap().kind,
            InputKind::Kubeconfig
        );
    }

    #[test]
    fn setting_the_same_kind_again_does_not_reanalyse() {
        let s = analyzed(State::default().reduce(Action::Edit("hello: world".into())));
        let s = analyzed(s.reduce(Action::SetKind(Some(InputKind::Kubeconfig))));
        let rev = s.active_input().revision;
        let s = s.reduce(Action::SetKind(Some(InputKind::Kubeconfig)));
        assert_eq!(s.active_input().revision, rev);
        assert!(!s.active_input().is_stale());
    }

    #[test]
    fn large_inputs_are_read_only_until_edited_as_text() {
        let big: Rc<str> = "a: 1\n".repeat(LARGE / 4).into();
        let s = State::default().reduce(Action::Replace(big.clone()));
        assert!(s.active_input().read_only_view());
        let s = s.reduce(Action::EditAsText);
        assert!(!s.active_input().read_only_view());
        // Typing in the textarea keeps it there, even past the limit.
        let s = s.reduce(Action::Edit(format!("{big}b: 2\n").into()));
        assert!(!s.active_input().read_only_view());
        // A new large paste or file is read-only again; small ones never are.
        let s = s.reduce(Action::Replace(big.clone()));
        assert!(s.active_input().read_only_view());
        let s = s.reduce(Action::Replace("a: 1".into()));
        assert!(!s.active_input().read_only_view());
        let s = s.reduce(Action::Load {
            name: "big.yaml".into(),
            text: big.to_string(),
        });
        assert!(s.active_input().read_only_view());
        // Deleting down to a small text in the textarea forgets the choice.
        let s = s
            .reduce(Action::EditAsText)
            .reduce(Action::Edit("a: 1".into()))
            .reduce(Action::Replace(big));
        assert!(s.active_input().read_only_view());
    }

    #[test]
    fn a_replacing_paste_is_a_new_revision_and_forgets_line_links() {
        let s = analyzed(State::default().reduce(Action::Edit(V1ALPHA1.into())))
            .reduce(Action::JumpToFindings(19));
        let rev = s.active_input().revision;
        let s = s.reduce(Action::Replace("a: 1".into()));
        assert_eq!(s.active_input().revision, rev + 1);
        assert!(s.active_input().is_stale());
        assert_eq!((s.highlighted_line, s.jump), (None, None));
    }

    const LARGE: usize = super::super::view_model::LARGE_INPUT_BYTES;
}
