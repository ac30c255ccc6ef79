//! A progress bar for long commands, the way command-line users expect it:
//! drawn on stderr with the stage, a count, the rate and the time left, and
//! only when stderr is a terminal and the output is for a person (not
//! `--json`), so pipes, scripts and tests see nothing of it.

use afdaek_core::import::Progress;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// The stages the import reports, in Danish as the rest of the output.
fn stage_label(stage: &str) -> &str {
    match stage {
        "read" => "læser",
        "check" => "kontrollerer",
        "store" => "gemmer",
        other => other,
    }
}

/// A bar that follows an import's [`Progress`]; hidden for `--json`. One
/// bar per stage, made when the stage's first report arrives, so it is never
/// drawn with another stage's length or style.
pub struct ImportBar {
    json: bool,
    stage: &'static str,
    bar: Option<ProgressBar>,
}

impl ImportBar {
    pub fn new(json: bool) -> ImportBar {
        ImportBar { json, stage: "", bar: None }
    }

    /// Reading counts bytes of the file, the later stages features.
    fn style(stage: &str) -> ProgressStyle {
        let counts =
            if stage == "read" { "{binary_bytes}/{binary_total_bytes}" } else { "{human_pos}/{human_len} {rate}" };
        ProgressStyle::with_template(&format!("{{msg:>12}} [{{bar:30}}] {counts} (ca. {{eta}} tilbage)"))
            .expect("a valid template")
            .with_key("rate", |s: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = write!(w, "{:.0}/s", s.per_sec());
            })
            .progress_chars("=> ")
    }

    /// Moves the bar; a new stage replaces it.
    pub fn update(&mut self, p: Progress) {
        if self.bar.is_none() || self.stage != p.stage {
            self.finish();
            let target = if self.json { ProgressDrawTarget::hidden() } else { ProgressDrawTarget::stderr() };
            let bar = ProgressBar::with_draw_target(Some(p.total.max(1)), target)
                .with_style(Self::style(p.stage))
                .with_message(stage_label(p.stage).to_string());
            self.stage = p.stage;
            self.bar = Some(bar);
        }
        if let Some(bar) = &self.bar {
            bar.set_length(p.total.max(1));
            bar.set_position(p.done);
        }
    }

    /// Removes the bar before the report is printed.
    pub fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_are_named_in_danish_and_a_json_bar_is_hidden() {
        assert_eq!(stage_label("check"), "kontrollerer");
        let mut bar = ImportBar::new(true);
        bar.update(Progress { stage: "read", done: 5, total: 10 });
        assert!(bar.bar.as_ref().unwrap().is_hidden());
        bar.update(Progress { stage: "store", done: 1, total: 10 });
        let b = bar.bar.as_ref().unwrap();
        assert_eq!((b.message(), b.position(), b.length()), ("gemmer".to_string(), 1, Some(10)));
        bar.finish();
        assert!(bar.bar.is_none());
    }
}
