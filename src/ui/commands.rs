//! The in-session commands a learner can type, shared by the plain and the interactive screen
//! so both understand exactly the same words.

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
}
