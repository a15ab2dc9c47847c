//! A source file's text with a line index: positions in lines and columns,
//! the text of a line, the text between two positions.

use proc_macro2::LineColumn;

/// A position in a file: 1-based line, 1-based column counted in characters
/// (Unicode scalar values), as rustc prints them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    /// The line, from 1.
    pub line: usize,
    /// The column in characters, from 1.
    pub column: usize,
}

impl Position {
    /// The position of a token boundary as proc-macro2 reports it (1-based
    /// line, 0-based column).
    pub(crate) fn of(at: LineColumn) -> Position {
        Position {
            line: at.line.max(1),
            column: at.column + 1,
        }
    }
}

/// A file's text and where each of its lines starts.
pub(crate) struct Source<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> Source<'a> {
    pub(crate) fn new(text: &'a str) -> Source<'a> {
        let mut line_starts = vec![0];
        line_starts.extend(newlines(text).map(|at| at + 1));
        Source { text, line_starts }
    }

    /// Whether the text uses `name` as the first segment of a path
    /// (`span::Id`), a syntactic guess that a `use` of it names a module.
    pub(crate) fn names_a_module(&self, name: &str) -> bool {
        let needle = format!("{name}::");
        self.text.match_indices(&needle).any(|(at, _)| {
            let before = self.text[..at].chars().next_back();
            !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':')
        })
    }

    /// The number of lines, counting a last line without a newline.
    pub(crate) fn line_count(&self) -> usize {
        if self.text.ends_with('\n') || self.text.is_empty() {
            self.line_starts.len() - 1
        } else {
            self.line_starts.len()
        }
    }

    /// The text of line `line` (1-based), without its line ending.
    pub(crate) fn line(&self, line: usize) -> &'a str {
        let Some(&start) = self.line_starts.get(line.wrapping_sub(1)) else {
            return "";
        };
        let end = self
            .line_starts
            .get(line)
            .map_or(self.text.len(), |&next| next - 1);
        let text = &self.text[start..end.max(start)];
        text.strip_suffix('\r').unwrap_or(text)
    }

    /// The byte offset of a position, clamped to the text.
    pub(crate) fn offset(&self, at: Position) -> usize {
        let Some(&start) = self.line_starts.get(at.line.wrapping_sub(1)) else {
            return self.text.len();
        };
        let rest = &self.text[start..];
        rest.char_indices()
            .nth(at.column - 1)
            .map_or(self.text.len(), |(i, _)| start + i)
    }

    /// The text from `start` to `end`, as written.
    pub(crate) fn slice(&self, start: Position, end: Position) -> &'a str {
        let (from, to) = (self.offset(start), self.offset(end));
        &self.text[from..to.max(from)]
    }

    /// The text from `start` to `end`, with runs of whitespace (line breaks
    /// included) shown as one space.
    pub(crate) fn snippet(&self, start: Position, end: Position) -> String {
        let (from, to) = (self.offset(start), self.offset(end));
        let mut out = String::new();
        let mut space = false;
        for c in self.text[from..to.max(from)].chars() {
            if c.is_whitespace() {
                space = !out.is_empty();
            } else {
                if space {
                    out.push(' ');
                    space = false;
                }
                out.push(c);
            }
        }
        out
    }
}

fn newlines(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.bytes()
        .enumerate()
        .filter_map(|(i, b)| (b == b'\n').then_some(i))
}

#[cfg(test)]
mod tests {
    use super::{Position, Source};

    #[test]
    fn lines_offsets_and_snippets() {
        let source = Source::new("fn f() {\r\n    é!(x,\n       y)\n}");
        assert_eq!(source.line_count(), 4);
        assert_eq!(source.line(1), "fn f() {");
        assert_eq!(source.line(2), "    é!(x,");
        assert_eq!(source.line(4), "}");
        assert_eq!(source.line(9), "");
        let at = |line, column| Position { line, column };
        assert_eq!(&"fn f() {\r\n    é!(x,"[source.offset(at(2, 6))..], "!(x,");
        assert_eq!(source.snippet(at(2, 5), at(3, 10)), "é!(x, y)");
        assert_eq!(Source::new("a\n").line_count(), 1);
        assert_eq!(Source::new("").line_count(), 0);
    }
}
