//! Just enough JSON to read one text member of an API's answer.
//!
//! The whole answer is checked (it must be one well-formed object), but only the wanted
//! member is kept. Written by hand: a general JSON crate cost the page more than it gave.

/// Deepest nesting read before giving up, so a hostile answer cannot exhaust the stack.
const MAX_DEPTH: usize = 128;

/// The text value of member `key` of the object in `json`: `None` if there is no such member,
/// an error saying what is wrong if `json` is not one well-formed object or the value is not
/// text.
pub fn top_level_text(json: &str, key: &str) -> Result<Option<String>, String> {
    let mut scanner = Scanner { text: json, at: 0 };
    scanner.skip_space();
    if !scanner.eat(b'{') {
        return Err(scanner.error("expected an object"));
    }
    let mut found = None;
    scanner.skip_space();
    if !scanner.eat(b'}') {
        loop {
            scanner.skip_space();
            let member = scanner.text_value()?;
            scanner.skip_space();
            if !scanner.eat(b':') {
                return Err(scanner.error("expected `:`"));
            }
            scanner.skip_space();
            if member == key && found.is_none() {
                if scanner.peek() != Some(b'"') {
                    return Err(scanner.error(&format!("`{key}` is not text")));
                }
                found = Some(scanner.text_value()?);
            } else {
                scanner.skip_value(1)?;
            }
            scanner.skip_space();
            if scanner.eat(b'}') {
                break;
            }
            if !scanner.eat(b',') {
                return Err(scanner.error("expected `,` or `}`"));
            }
        }
    }
    scanner.skip_space();
    if scanner.at < json.len() {
        return Err(scanner.error("more follows the object"));
    }
    Ok(found)
}

struct Scanner<'a> {
    text: &'a str,
    at: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn eat(&mut self, byte: u8) -> bool {
        let matches = self.peek() == Some(byte);
        if matches {
            self.at += 1;
        }
        matches
    }

    fn skip_space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn error(&self, what: &str) -> String {
        if self.at >= self.text.len() {
            format!("{what}, but the answer ends")
        } else {
            format!("{what} at byte {}", self.at)
        }
    }

    /// Reads a quoted text, undoing its escapes.
    fn text_value(&mut self) -> Result<String, String> {
        if !self.eat(b'"') {
            return Err(self.error("expected text"));
        }
        let mut value = String::new();
        loop {
            let run_start = self.at;
            while matches!(self.peek(), Some(byte) if byte != b'"' && byte != b'\\' && byte >= 0x20) {
                self.at += 1;
            }
            // The run stops before an ASCII byte, so both ends are on character boundaries.
            value.push_str(&self.text[run_start..self.at]);
            match self.peek() {
                Some(b'"') => {
                    self.at += 1;
                    return Ok(value);
                }
                Some(b'\\') => {
                    self.at += 1;
                    value.push(self.escape()?);
                }
                Some(_) => return Err(self.error("a control character in text")),
                None => return Err(self.error("unclosed text")),
            }
        }
    }

    fn escape(&mut self) -> Result<char, String> {
        let Some(byte) = self.peek() else { return Err(self.error("unclosed text")) };
        self.at += 1;
        Ok(match byte {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let first = self.hex4()?;
                if (0xD800..0xDC00).contains(&first) {
                    if !(self.eat(b'\\') && self.eat(b'u')) {
                        return Err(self.error("a lone surrogate"));
                    }
                    let second = self.hex4()?;
                    if !(0xDC00..0xE000).contains(&second) {
                        return Err(self.error("a lone surrogate"));
                    }
                    let code = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
                    char::from_u32(code).ok_or_else(|| self.error("a bad escape"))?
                } else {
                    char::from_u32(first).ok_or_else(|| self.error("a lone surrogate"))?
                }
            }
            _ => return Err(self.error("a bad escape")),
        })
    }

    fn hex4(&mut self) -> Result<u32, String> {
        let digits = self.text.get(self.at..self.at + 4).ok_or_else(|| self.error("a short \\u escape"))?;
        let code = crate::decimal::parse_hex(digits).ok_or_else(|| self.error("a bad \\u escape"))?;
        self.at += 4;
        Ok(code)
    }

    /// Steps over any value, checking its form.
    fn skip_value(&mut self, depth: usize) -> Result<(), String> {
        if depth > MAX_DEPTH {
            return Err(self.error("nested too deeply"));
        }
        match self.peek() {
            Some(b'"') => self.text_value().map(drop),
            Some(open @ (b'{' | b'[')) => {
                self.at += 1;
                let close = if open == b'{' { b'}' } else { b']' };
                self.skip_space();
                if self.eat(close) {
                    return Ok(());
                }
                loop {
                    self.skip_space();
                    if open == b'{' {
                        self.text_value()?;
                        self.skip_space();
                        if !self.eat(b':') {
                            return Err(self.error("expected `:`"));
                        }
                        self.skip_space();
                    }
                    self.skip_value(depth + 1)?;
                    self.skip_space();
                    if self.eat(close) {
                        return Ok(());
                    }
                    if !self.eat(b',') {
                        return Err(self.error("expected `,` or a closing bracket"));
                    }
                }
            }
            Some(b't') => self.word("true"),
            Some(b'f') => self.word("false"),
            Some(b'n') => self.word("null"),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => Err(self.error("expected a value")),
        }
    }

    fn word(&mut self, word: &str) -> Result<(), String> {
        if self.text[self.at..].starts_with(word) {
            self.at += word.len();
            Ok(())
        } else {
            Err(self.error("expected a value"))
        }
    }

    fn number(&mut self) -> Result<(), String> {
        self.eat(b'-');
        if !self.eat(b'0') && self.digits() == 0 {
            return Err(self.error("a bad number"));
        }
        if self.eat(b'.') && self.digits() == 0 {
            return Err(self.error("a bad number"));
        }
        if self.eat(b'e') || self.eat(b'E') {
            let _ = self.eat(b'+') || self.eat(b'-');
            if self.digits() == 0 {
                return Err(self.error("a bad number"));
            }
        }
        Ok(())
    }

    fn digits(&mut self) -> usize {
        let start = self.at;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.at += 1;
        }
        self.at - start
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_member_is_read_among_others_of_every_kind() {
        let answer = r#" {"abilities": [{"ability": {"name": "static"}, "slot": 1}], "height": 4,
            "weight": -6.0e+1, "ok": true, "gone": null, "no": false, "name" : "pika\"chu\u00e9\ud83d\ude00",
            "empty": {}, "none": []} "#;
        assert_eq!(top_level_text(answer, "name"), Ok(Some("pika\"chué😀".to_string())));
        assert_eq!(top_level_text(r#"{"id": 1}"#, "name"), Ok(None));
        assert_eq!(top_level_text("{}", "name"), Ok(None));
        assert_eq!(top_level_text(r#"{"name": "a", "name": "b"}"#, "name"), Ok(Some("a".into())));
    }

    #[test]
    fn malformed_answers_are_refused_with_a_reason() {
        let nested_too_deep = format!(r#"{{"a": {}{}}}"#, "[".repeat(200), "]".repeat(200));
        let broken = [
            "",
            "[]",
            "<html>Not Found</html>",
            r#"{"name": "bulbasaur""#,
            r#"{"name": "bulbasaur",}"#,
            r#"{"name": 25}"#,
            r#"{"name": "a" "id": 1}"#,
            r#"{"id": 01x}"#,
            r#"{"id": tru}"#,
            r#"{"name": "a\x"}"#,
            r#"{"name": "\ud83d"}"#,
            r#"{"name": "\u+041"}"#,
            "{\"name\": \"a\u{1}\"}",
            r#"{"name": "a"} extra"#,
            &nested_too_deep,
        ];
        for answer in broken {
            assert!(top_level_text(answer, "name").is_err(), "{answer}");
        }
    }
}
