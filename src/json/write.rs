//! The writer: values that know their JSON shape ([`ToJson`]) into compact or indented text.

/// A value with a JSON form.
pub(crate) trait ToJson {
    /// Writes this value at the writer's current place.
    fn write_json(&self, out: &mut Writer);
}

/// JSON text being written. Compact (`{"a":1}`) or indented by two spaces per level, with a space
/// after each colon, as people read it.
pub(crate) struct Writer {
    text: String,
    indented: bool,
    depth: usize,
    /// No element written yet in the innermost open container.
    fresh: bool,
}

/// The members of the object being written.
pub(crate) struct Fields<'w>(&'w mut Writer);

impl Writer {
    /// `value` as compact JSON text.
    pub(crate) fn compact(value: &(impl ToJson + ?Sized)) -> String {
        Writer::run(value, false)
    }

    /// `value` as indented JSON text.
    pub(crate) fn indented(value: &(impl ToJson + ?Sized)) -> String {
        Writer::run(value, true)
    }

    fn run(value: &(impl ToJson + ?Sized), indented: bool) -> String {
        let mut writer = Writer { text: String::new(), indented, depth: 0, fresh: true };
        value.write_json(&mut writer);
        writer.text
    }

    /// An object whose members `body` writes.
    pub(crate) fn object(&mut self, body: impl FnOnce(&mut Fields)) {
        self.open('{');
        body(&mut Fields(self));
        self.close('}');
    }

    /// An array of `items`.
    pub(crate) fn array<T: ToJson>(&mut self, items: impl IntoIterator<Item = T>) {
        self.open('[');
        for item in items {
            self.next_element();
            item.write_json(self);
        }
        self.close(']');
    }

    /// A string, escaped.
    pub(crate) fn string(&mut self, text: &str) {
        self.text.reserve(text.len() + 2);
        self.text.push('"');
        let mut plain = 0;
        for (i, byte) in text.bytes().enumerate() {
            let escape = match byte {
                b'"' => "\\\"",
                b'\\' => "\\\\",
                b'\n' => "\\n",
                b'\r' => "\\r",
                b'\t' => "\\t",
                0..=0x1f => "",
                _ => continue,
            };
            self.text.push_str(&text[plain..i]);
            plain = i + 1;
            if escape.is_empty() {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                self.text.push_str("\\u00");
                self.text.push(char::from(HEX[usize::from(byte >> 4)]));
                self.text.push(char::from(HEX[usize::from(byte & 0xf)]));
            } else {
                self.text.push_str(escape);
            }
        }
        self.text.push_str(&text[plain..]);
        self.text.push('"');
    }

    /// A number from its digits.
    fn unsigned(&mut self, mut n: u64) {
        let mut digits = [0u8; 20];
        let mut start = digits.len();
        loop {
            start -= 1;
            digits[start] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        self.text.extend(digits[start..].iter().map(|&d| char::from(d)));
    }

    fn open(&mut self, bracket: char) {
        self.text.push(bracket);
        self.depth += 1;
        self.fresh = true;
    }

    fn close(&mut self, bracket: char) {
        self.depth -= 1;
        if !self.fresh {
            self.new_line();
        }
        self.text.push(bracket);
        self.fresh = false;
    }

    fn next_element(&mut self) {
        if !self.fresh {
            self.text.push(',');
        }
        self.fresh = false;
        self.new_line();
    }

    fn new_line(&mut self) {
        if self.indented {
            self.text.push('\n');
            self.text.extend(std::iter::repeat_n(' ', 2 * self.depth));
        }
    }
}

impl Fields<'_> {
    /// The member `key: value`.
    pub(crate) fn field(&mut self, key: &str, value: &(impl ToJson + ?Sized)) -> &mut Self {
        let out = &mut *self.0;
        out.next_element();
        out.string(key);
        out.text.push(':');
        if out.indented {
            out.text.push(' ');
        }
        value.write_json(out);
        self
    }
}

impl ToJson for str {
    fn write_json(&self, out: &mut Writer) {
        out.string(self);
    }
}

impl ToJson for String {
    fn write_json(&self, out: &mut Writer) {
        out.string(self);
    }
}

impl ToJson for bool {
    fn write_json(&self, out: &mut Writer) {
        out.text.push_str(if *self { "true" } else { "false" });
    }
}

impl ToJson for u64 {
    fn write_json(&self, out: &mut Writer) {
        out.unsigned(*self);
    }
}

impl ToJson for usize {
    fn write_json(&self, out: &mut Writer) {
        out.unsigned(*self as u64);
    }
}

impl ToJson for i64 {
    fn write_json(&self, out: &mut Writer) {
        if *self < 0 {
            out.text.push('-');
        }
        out.unsigned(self.unsigned_abs());
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn write_json(&self, out: &mut Writer) {
        match self {
            Some(value) => value.write_json(out),
            None => out.text.push_str("null"),
        }
    }
}

impl<T: ToJson> ToJson for [T] {
    fn write_json(&self, out: &mut Writer) {
        out.array(self);
    }
}

impl<T: ToJson, const N: usize> ToJson for [T; N] {
    fn write_json(&self, out: &mut Writer) {
        out.array(self);
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn write_json(&self, out: &mut Writer) {
        out.array(self);
    }
}

impl<T: ToJson + ?Sized> ToJson for &T {
    fn write_json(&self, out: &mut Writer) {
        (**self).write_json(out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Sample;

    impl ToJson for Sample {
        fn write_json(&self, out: &mut Writer) {
            out.object(|o| {
                o.field("text", "quote \" backslash \\ newline \n bell \u{7} é")
                    .field("numbers", &[0i64, -12, i64::MIN])
                    .field("empty", &Vec::<u64>::new())
                    .field("none", &None::<bool>)
                    .field("nested", &[Some(true)]);
            });
        }
    }

    #[test]
    fn compact_and_indented_text_read_back_the_same() {
        let compact = Writer::compact(&Sample);
        assert_eq!(
            compact,
            r#"{"text":"quote \" backslash \\ newline \n bell \u0007 é","numbers":[0,-12,-9223372036854775808],"empty":[],"none":null,"nested":[true]}"#
        );
        let indented = Writer::indented(&Sample);
        assert!(indented.starts_with("{\n  \"text\": \"quote"), "{indented}");
        assert!(indented.contains("\"numbers\": [\n    0,\n    -12,"), "{indented}");
        assert!(indented.contains("\"empty\": [],"), "{indented}");
        let read = |text: &str| serde_json::from_str::<serde_json::Value>(text).expect("JSON");
        assert_eq!(read(&compact), read(&indented));
    }

    proptest::proptest! {
        #[test]
        fn any_string_reads_back_as_itself(text in ".*") {
            let written = Writer::compact(text.as_str());
            proptest::prop_assert_eq!(serde_json::from_str::<String>(&written).expect("JSON"), text);
        }
    }
}
