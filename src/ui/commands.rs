//! The in-session commands a learner can type, shared by the plain and the interactive screen
//! so both understand exactly the same words.

use crate::session::Action;

/// A command typed in place of an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    Quit,
    Skip,
    Hint,
    Undo,
    Edit,
    Help,
}

impl Command {
    /// The session action the command stands for; `None` for the ones a screen handles itself
    /// (`:edit`, help).
    pub fn action(self) -> Option<Action> {
        match self {
            Command::Quit => Some(Action::Quit),
            Command::Skip => Some(Action::Skip),
            Command::Hint => Some(Action::Hint),
            Command::Undo => Some(Action::Undo),
            Command::Edit | Command::Help => None,
        }
    }
}

/// The command `line` names, if it is one (`:quit`, `:q`, `?` …); `None` for an answer.
pub fn parse(line: &str) -> Option<Command> {
    match line.trim() {
        ":quit" | ":q" | ":exit" => Some(Command::Quit),
        ":skip" | ":s" => Some(Command::Skip),
        ":hint" | ":h" => Some(Command::Hint),
        ":undo" | ":u" => Some(Command::Undo),
        ":edit" | ":e" => Some(Command::Edit),
        "?" | ":help" | ":?" => Some(Command::Help),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_and_answers() {
        let cases = [
            (":quit", Some(Command::Quit)),
            (" :q ", Some(Command::Quit)),
            (":skip", Some(Command::Skip)),
            (":hint", Some(Command::Hint)),
            (":undo", Some(Command::Undo)),
            (":edit", Some(Command::Edit)),
            ("?", Some(Command::Help)),
            (":reveal", None),
            ("1955", None),
            ("quit", None),
        ];
        for (line, expected) in cases {
            assert_eq!(parse(line), expected, "{line:?}");
        }
    }

    #[test]
    fn commands_stand_for_session_actions() {
        let cases = [
            (Command::Quit, Some(Action::Quit)),
            (Command::Skip, Some(Action::Skip)),
            (Command::Hint, Some(Action::Hint)),
            (Command::Undo, Some(Action::Undo)),
            (Command::Edit, None),
            (Command::Help, None),
        ];
        for (command, expected) in cases {
            assert_eq!(command.action(), expected, "{command:?}");
        }
    }
}
