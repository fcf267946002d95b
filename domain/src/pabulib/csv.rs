//! `;`-separated records with CSV quoting, as Pabulib writes them.
//!
//! A field may be wrapped in double quotes; inside, `;` and line breaks are
//! data and `""` is one quote. Fields are trimmed of surrounding spaces after
//! unquoting. Each record remembers the line it starts on.
//!
//! The [`Reader`] works on the bytes of the text (every byte that matters is
//! ASCII, so slicing there keeps UTF-8 intact) and borrows fields from it;
//! only a quoted field with `""` inside, or text after its closing quote, is
//! copied.

use std::borrow::Cow;

use super::error::PbError;

/// Splits a text into records, one at a time.
pub(crate) struct Reader<'a> {
    text: &'a str,
    pos: usize,
    line: usize,
}

/// Whether a byte ends an unquoted field (or may start a quoted one).
fn special(byte: u8) -> bool {
    matches!(byte, b';' | b'\n' | b'\r' | b'"')
}

/// The position of the first [`special`] byte at or after `at` (the length
/// when there is none), looking at eight bytes at a time.
fn next_special(bytes: &[u8], mut at: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    // The lowest byte of the result with its high bit set is the first zero
    // byte of `word` (higher ones may be wrong, and are not looked at).
    let zero_bytes = |word: u64| word.wrapping_sub(ONES) & !word & (ONES << 7);
    while let Some(chunk) = bytes.get(at..at + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let word = u64::from_le_bytes(word);
        let found = zero_bytes(word ^ (ONES * u64::from(b';')))
            | zero_bytes(word ^ (ONES * u64::from(b'"')))
            | zero_bytes(word ^ (ONES * u64::from(b'\n')))
            | zero_bytes(word ^ (ONES * u64::from(b'\r')));
        if found != 0 {
            return at + found.trailing_zeros() as usize / 8;
        }
        at += 8;
    }
    while at < bytes.len() && !special(bytes[at]) {
        at += 1;
    }
    at
}

/// `str::trim`, without looking at the characters when the text starts and
/// ends with a visible ASCII character (as nearly every field does).
pub(crate) fn trim(text: &str) -> &str {
    match (text.as_bytes().first(), text.as_bytes().last()) {
        (Some(first), Some(last)) if first.is_ascii_graphic() && last.is_ascii_graphic() => text,
        _ => text.trim(),
    }
}

impl<'a> Reader<'a> {
    /// A reader at the start of `text` (after a byte order mark, if any).
    pub(crate) fn new(text: &'a str) -> Reader<'a> {
        Reader {
            text: text.strip_prefix('\u{feff}').unwrap_or(text),
            pos: 0,
            line: 1,
        }
    }

    /// A reader of `text`, a part of a file that starts at a record on line `line`.
    pub(crate) fn at_line(text: &'a str, line: usize) -> Reader<'a> {
        Reader { text, pos: 0, line }
    }

    /// The text not read yet, and the line it starts on.
    pub(crate) fn rest(&self) -> (&'a str, usize) {
        (&self.text[self.pos..], self.line)
    }

    /// How many line feeds are left to read: an upper bound on the records to come.
    pub(crate) fn lines_left(&self) -> usize {
        self.text.as_bytes()[self.pos..].iter().filter(|&&b| b == b'\n').count() + 1
    }

    /// Reads the next record into `fields` (cleared first) and returns the
    /// line it starts on, or `None` at the end of the text.
    pub(crate) fn next_record(&mut self, fields: &mut Vec<Cow<'a, str>>) -> Result<Option<usize>, PbError> {
        fields.clear();
        if self.pos >= self.text.len() {
            return Ok(None);
        }
        let start_line = self.line;
        let text = self.text;
        let bytes = text.as_bytes();
        let mut start = self.pos;
        loop {
            let mut at = start;
            let field = loop {
                at = next_special(bytes, at);
                match bytes.get(at) {
                    Some(b'"') if text[start..at].trim().is_empty() => {
                        let (field, end) = self.quoted(at + 1, start_line)?;
                        at = end;
                        break field;
                    }
                    // A quote inside an unquoted field is data.
                    Some(b'"') => at += 1,
                    _ => break Cow::Borrowed(trim(&text[start..at])),
                }
            };
            fields.push(field);
            match bytes.get(at) {
                Some(b';') => start = at + 1,
                Some(&byte) => {
                    let crlf = byte == b'\r' && bytes.get(at + 1) == Some(&b'\n');
                    self.line += 1;
                    self.pos = at + if crlf { 2 } else { 1 };
                    return Ok(Some(start_line));
                }
                None => {
                    self.pos = at;
                    return Ok(Some(start_line));
                }
            }
        }
    }

    /// Reads a quoted field whose content starts at `from` (after the opening
    /// quote), and any text after the closing quote up to the next separator
    /// or line break. Returns the trimmed field and where it ends.
    fn quoted(&mut self, from: usize, start_line: usize) -> Result<(Cow<'a, str>, usize), PbError> {
        let text = self.text;
        let bytes = text.as_bytes();
        let mut owned: Option<String> = None;
        let mut chunk_start = from;
        let content_end;
        loop {
            let Some(offset) = bytes[chunk_start..].iter().position(|&b| b == b'"') else {
                return Err(PbError::UnterminatedQuote { line: start_line });
            };
            let quote = chunk_start + offset;
            let chunk = &text[chunk_start..quote];
            self.line += chunk.bytes().filter(|&b| b == b'\n').count();
            if bytes.get(quote + 1) == Some(&b'"') {
                let buffer = owned.get_or_insert_with(String::new);
                buffer.push_str(chunk);
                buffer.push('"');
                chunk_start = quote + 2;
                continue;
            }
            if let Some(buffer) = owned.as_mut() {
                buffer.push_str(chunk);
            }
            content_end = quote;
            break;
        }
        // After the closing quote, the field goes on unquoted (quotes are data now).
        let tail_start = content_end + 1;
        let mut end = tail_start;
        while end < bytes.len() && !matches!(bytes[end], b';' | b'\n' | b'\r') {
            end += 1;
        }
        let tail = &text[tail_start..end];
        let field = match owned {
            None if tail.trim().is_empty() => Cow::Borrowed(text[from..content_end].trim()),
            None => Cow::Owned(format!("{}{tail}", &text[from..content_end]).trim().to_owned()),
            Some(mut buffer) => {
                buffer.push_str(tail);
                Cow::Owned(buffer.trim().to_owned())
            }
        };
        Ok((field, end))
    }
}

/// Writes one record, quoting fields that need it.
pub(crate) fn write_record<'a>(out: &mut String, fields: impl IntoIterator<Item = &'a str>) {
    for (index, field) in fields.into_iter().enumerate() {
        if index > 0 {
            out.push(';');
        }
        let needs_quotes = field.contains([';', '"', '\n', '\r']) || field.trim() != field;
        if needs_quotes {
            out.push('"');
            out.push_str(&field.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(field);
        }
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One record: its fields and the line it starts on (1-based).
    #[derive(Debug, PartialEq, Eq)]
    struct Record {
        line: usize,
        fields: Vec<String>,
    }

    fn records(text: &str) -> Result<Vec<Record>, PbError> {
        let mut reader = Reader::new(text);
        let mut fields = Vec::new();
        let mut records = Vec::new();
        while let Some(line) = reader.next_record(&mut fields)? {
            let fields = fields.iter().map(|f| f.to_string()).collect();
            records.push(Record { line, fields });
        }
        Ok(records)
    }

    /// The character-by-character reader this module had before [`Reader`],
    /// kept as the reference the reader must agree with.
    fn reference(text: &str) -> Result<Vec<Record>, PbError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut records = Vec::new();
        let mut chars = text.chars().peekable();
        let mut line = 1;
        while chars.peek().is_some() {
            let start = line;
            let mut fields = Vec::new();
            let mut field = String::new();
            let mut quoted = false;
            let mut at_field_start = true;
            loop {
                let Some(c) = chars.next() else {
                    if quoted {
                        return Err(PbError::UnterminatedQuote { line: start });
                    }
                    break;
                };
                if quoted {
                    match c {
                        '"' if chars.peek() == Some(&'"') => {
                            chars.next();
                            field.push('"');
                        }
                        '"' => quoted = false,
                        '\n' => {
                            line += 1;
                            field.push(c);
                        }
                        _ => field.push(c),
                    }
                    continue;
                }
                match c {
                    '"' if at_field_start && field.trim().is_empty() => {
                        field.clear();
                        quoted = true;
                        at_field_start = false;
                    }
                    ';' => {
                        fields.push(field.trim().to_owned());
                        field.clear();
                        at_field_start = true;
                    }
                    '\r' if chars.peek() == Some(&'\n') => {}
                    '\n' | '\r' => {
                        line += 1;
                        break;
                    }
                    _ => {
                        field.push(c);
                        if !c.is_whitespace() {
                            at_field_start = false;
                        }
                    }
                }
            }
            fields.push(field.trim().to_owned());
            records.push(Record { line: start, fields });
        }
        Ok(records)
    }

    proptest::proptest! {
        #[test]
        fn the_reader_agrees_with_the_reference(
            parts in proptest::collection::vec(
                proptest::sample::select(vec!["a", "bc", "defghijkl", " ", ";", "\"", "\"\"", "\n", "\r", "\r\n", "é", "\u{a0}", "\u{feff}"]),
                0..80,
            )
        ) {
            let text: String = parts.concat();
            proptest::prop_assert_eq!(records(&text), reference(&text));
        }
    }

    fn fields(text: &str) -> Vec<Vec<String>> {
        records(text)
            .unwrap_or_else(|e| panic!("{e}"))
            .into_iter()
            .map(|r| r.fields)
            .collect()
    }

    #[test]
    fn quoted_fields_keep_separators_and_quotes() {
        assert_eq!(
            fields("a;\"b;c\";\"say \"\"hi\"\"\"\r\nd; e \n"),
            vec![vec!["a", "b;c", "say \"hi\""], vec!["d", "e"]]
        );
        let multi = records("x;\"two\nlines\"\ny\n").unwrap_or_default();
        assert_eq!(multi[0].fields[1], "two\nlines");
        assert_eq!(multi[1].line, 3);
        assert_eq!(records("a;\"open\nb"), Err(PbError::UnterminatedQuote { line: 1 }));
    }

    #[test]
    fn quotes_only_open_a_field() {
        assert_eq!(
            fields("a\"b;  \" x \" ;\"q\"tail\"s\" ; \"\"\n\r\"\"\"\";\"a\"\"\"b;\"end\""),
            vec![vec!["a\"b", "x", "qtail\"s\"", ""], vec![""], vec!["\"", "a\"b", "end"],]
        );
        assert_eq!(
            fields("\u{feff}a;\u{a0}b\u{a0}\r\rc;"),
            vec![vec!["a", "b"], vec![""], vec!["c", ""]]
        );
        let lines: Vec<usize> = records("\"a\nb\nc\";\"\n\"\nx\r\ny")
            .unwrap_or_default()
            .iter()
            .map(|r| r.line)
            .collect();
        assert_eq!(lines, vec![1, 5, 6]);
    }

    #[test]
    fn written_records_read_back() {
        let original = ["plain", "semi;colon", "quote \"q\"", "new\nline", ""];
        let mut out = String::new();
        write_record(&mut out, original);
        assert_eq!(fields(&out), vec![original.to_vec()]);
    }
}
