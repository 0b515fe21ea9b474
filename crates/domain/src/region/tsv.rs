//! Reading the compiled-in tab-separated tables: `#` lines are comments, every other non-empty line
//! is one row of tab-separated cells.

/// The rows of a table, each split into its cells. Comment and blank lines are skipped.
pub(crate) fn rows(text: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    text.lines()
        .map(|line| line.trim_end_matches('\r'))
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| line.split('\t').collect())
}

#[cfg(test)]
mod tests {
    use super::rows;

    #[test]
    fn skips_comments_and_blank_lines_and_splits_on_tabs() {
        let got: Vec<Vec<&str>> =
            rows("# header\n\n110000\t北京市\r\n# more\n110101\t东城区\n").collect();
        assert_eq!(got, vec![vec!["110000", "北京市"], vec!["110101", "东城区"]]);
    }
}
