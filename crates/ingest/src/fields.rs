use crate::{Error, Result};

const FIELDS: &str = "id, title, text, published, outlet, url, language";

/// Which input field (JSON key or CSV column) holds each document field. By default each is
/// read from the field of the same name; `--field text=body` reads the text from `body`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldMap {
    pub id: String,
    pub title: String,
    pub text: String,
    pub published: String,
    pub outlet: String,
    pub url: String,
    pub language: String,
}

impl Default for FieldMap {
    fn default() -> Self {
        FieldMap {
            id: "id".into(),
            title: "title".into(),
            text: "text".into(),
            published: "published".into(),
            outlet: "outlet".into(),
            url: "url".into(),
            language: "language".into(),
        }
    }
}

impl FieldMap {
    /// The input field names, once each (two document fields may read the same one).
    #[cfg(feature = "parquet")]
    pub(crate) fn names(&self) -> Vec<&str> {
        let mut names = Vec::with_capacity(7);
        for name in [
            &self.id,
            &self.title,
            &self.text,
            &self.published,
            &self.outlet,
            &self.url,
            &self.language,
        ] {
            if !names.contains(&name.as_str()) {
                names.push(name.as_str());
            }
        }
        names
    }

    /// Applies mappings of the form `FIELD=NAME`.
    ///
    /// ```
    /// use echotrace_ingest::FieldMap;
    /// let map = FieldMap::default().with_mappings(["text=body", "published=date"]).unwrap();
    /// assert_eq!(map.text, "body");
    /// assert!(FieldMap::default().with_mappings(["nope=x"]).is_err());
    /// ```
    pub fn with_mappings<'a>(
        mut self,
        mappings: impl IntoIterator<Item = &'a str>,
    ) -> Result<Self> {
        for mapping in mappings {
            let Some((field, name)) = mapping.split_once('=') else {
                return Err(Error::FieldMapping(mapping.to_owned(), FIELDS));
            };
            let slot = match field.trim() {
                "id" => &mut self.id,
                "title" => &mut self.title,
                "text" => &mut self.text,
                "published" => &mut self.published,
                "outlet" => &mut self.outlet,
                "url" => &mut self.url,
                "language" => &mut self.language,
                _ => return Err(Error::FieldMapping(mapping.to_owned(), FIELDS)),
            };
            *slot = name.trim().to_owned();
        }
        Ok(self)
    }
}

/// Parses the date forms news metadata uses: ISO dates and date-times, `YYYY/MM/DD`, RFC 2822.
pub(crate) fn parse_date(value: &str) -> Option<chrono::NaiveDate> {
    use chrono::{DateTime, NaiveDate};
    let value = value.trim();
    if let Some(prefix) = value.get(..10) {
        for format in ["%Y-%m-%d", "%Y/%m/%d"] {
            if let Ok(date) = NaiveDate::parse_from_str(prefix, format) {
                return Some(date);
            }
        }
    }
    DateTime::parse_from_rfc2822(value).ok().map(|d| d.date_naive())
}

#[cfg(test)]
mod tests {
    use super::parse_date;
    use chrono::NaiveDate;

    #[test]
    fn dates_in_common_forms() {
        let day = NaiveDate::from_ymd_opt(2018, 11, 3);
        assert_eq!(parse_date("2018-11-03"), day);
        assert_eq!(parse_date("2018-11-03T10:00:00Z"), day);
        assert_eq!(parse_date("2018/11/03"), day);
        assert_eq!(parse_date("Sat, 03 Nov 2018 10:00:00 GMT"), day);
        assert_eq!(parse_date("yesterday"), None);
        assert_eq!(parse_date("2018-02-30"), None);
    }
}
