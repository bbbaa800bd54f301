//! The text form in which jobs and their outputs cross to a worker and back.
//!
//! A message is a run of fields, each its length in bytes, a colon and its text, so any text
//! crosses as it is. Numbers cross as their bits, so a float comes back exactly. Written by
//! hand: the general codec it replaces (gloo-worker's serde with bincode) cost the page
//! about 18 KB of gzip.

/// Builds a message field by field.
#[derive(Debug, Default)]
pub struct WireWriter {
    message: String,
}

impl WireWriter {
    /// An empty message.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a text field.
    pub fn text(&mut self, text: &str) -> &mut Self {
        self.message.push_str(&text.len().to_string());
        self.message.push(':');
        self.message.push_str(text);
        self
    }

    /// Adds a whole number.
    pub fn number(&mut self, number: u64) -> &mut Self {
        self.text(&number.to_string())
    }

    /// Adds a float, exactly.
    pub fn float(&mut self, number: f64) -> &mut Self {
        self.number(number.to_bits())
    }

    /// The message.
    pub fn finish(&mut self) -> String {
        std::mem::take(&mut self.message)
    }
}

/// Reads a message's fields in the order they were written.
#[derive(Debug)]
pub struct WireReader<'a> {
    rest: &'a str,
}

impl<'a> WireReader<'a> {
    /// A reader at the start of `message`.
    pub fn new(message: &'a str) -> Self {
        Self { rest: message }
    }

    /// The next text field.
    pub fn text(&mut self) -> Result<&'a str, String> {
        let (length, after) =
            self.rest.split_once(':').ok_or_else(|| self.malformed("a field is cut short"))?;
        let length: usize = length.parse().map_err(|_| self.malformed("a field has no length"))?;
        let text = after.get(..length).ok_or_else(|| self.malformed("a field is longer than the message"))?;
        self.rest = &after[length..];
        Ok(text)
    }

    /// The next whole number.
    pub fn number(&mut self) -> Result<u64, String> {
        self.text()?.parse().map_err(|_| self.malformed("a number is not a number"))
    }

    /// The next float.
    pub fn float(&mut self) -> Result<f64, String> {
        self.number().map(f64::from_bits)
    }

    /// Checks that every field has been read.
    pub fn finish(&self) -> Result<(), String> {
        if self.rest.is_empty() {
            Ok(())
        } else {
            Err(self.malformed("it goes on after its last field"))
        }
    }

    fn malformed(&self, why: &str) -> String {
        format!("a malformed message crossed to or from the worker: {why}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_come_back_as_written() {
        let message = WireWriter::new().text("").text("a:b 7:x é").number(u64::MAX).float(-0.1).finish();
        let mut reader = WireReader::new(&message);
        assert_eq!(reader.text(), Ok(""));
        assert_eq!(reader.text(), Ok("a:b 7:x é"));
        assert_eq!(reader.number(), Ok(u64::MAX));
        assert_eq!(reader.float().map(f64::to_bits), Ok((-0.1_f64).to_bits()));
        assert_eq!(reader.finish(), Ok(()));
    }

    #[test]
    fn broken_messages_are_refused_with_a_reason() {
        for broken in ["", "5", "x:abc", "9:abc", "1:é", "3:abc"] {
            let mut reader = WireReader::new(broken);
            let read = reader.text().and_then(|_| reader.number()).and_then(|_| reader.finish());
            assert!(read.is_err_and(|why| why.starts_with("a malformed message")), "{broken:?}");
        }
        assert!(WireReader::new("1:a1:b").finish().is_err());
    }
}
