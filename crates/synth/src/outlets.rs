//! Synthetic outlets, each with its own boilerplate: a footer on every document and, for some,
//! a byline on top. Real outlets repeat such lines verbatim on every article; a reuse detector
//! must learn to ignore them rather than report every pair of same-outlet articles.

/// Footer templates; `{o}` is the outlet's name, `{h}` its handle, `{n}` its number.
const FOOTERS: &[&str] = &[
    "© {o}. All rights reserved. This material may not be published, broadcast, rewritten or redistributed without permission.",
    "Follow {o} on Twitter @{h} and subscribe to our newsletter for the stories that matter, every morning.",
    "{o} is an independent newsroom funded by its readers. Support our journalism at {h}.example/donate.",
    "Have a tip? Contact the {o} news desk at tips@{h}.example or call our hotline, line {n}, any time.",
    "The views expressed in this article are the author's own and do not necessarily reflect the editorial policy of {o}.",
    "Read more from {o}: breaking news, analysis and opinion, updated around the clock at {h}.example.",
    "Reporting by {o} staff; editing by the {o} desk. Corrections and clarifications: corrections@{h}.example.",
];

/// Byline templates, used by every third outlet.
const BYLINES: &[&str] =
    &["By {o} Staff Writers", "{o} News Desk | {o} Wire Service", "Special to {o} (bureau {n})"];

/// One synthetic outlet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Outlet {
    pub(crate) name: String,
    pub(crate) host: String,
    pub(crate) footer: String,
    pub(crate) byline: Option<String>,
}

impl Outlet {
    /// Outlet `number` (1-based): "Outlet 17", with a footer that differs from its neighbours'
    /// in both wording and template.
    pub(crate) fn new(number: usize) -> Outlet {
        let name = format!("Outlet {number}");
        let handle = format!("outlet{number}news");
        let fill = |template: &str| {
            template
                .replace("{o}", &name)
                .replace("{h}", &handle)
                .replace("{n}", &number.to_string())
        };
        let footer = fill(FOOTERS[number % FOOTERS.len()]);
        let byline = number.is_multiple_of(3).then(|| fill(BYLINES[(number / 3) % BYLINES.len()]));
        Outlet { host: format!("outlet-{number}.example"), name, footer, byline }
    }
}

/// Outlets with Zipf-like sizes (the k-th largest publishes in proportion to 1/k^0.8), as in
/// real news corpora where a few outlets write most articles.
#[derive(Debug, Clone)]
pub(crate) struct Outlets {
    outlets: Vec<Outlet>,
    cumulative_weights: Vec<f64>,
}

impl Outlets {
    pub(crate) fn new(count: usize) -> Outlets {
        let outlets: Vec<Outlet> = (1..=count.max(1)).map(Outlet::new).collect();
        let mut total = 0.0;
        let cumulative_weights = (1..=outlets.len())
            .map(|rank| {
                total += 1.0 / (rank as f64).powf(0.8);
                total
            })
            .collect();
        Outlets { outlets, cumulative_weights }
    }

    /// The outlet for a uniform draw `unit` in `[0, 1)`.
    pub(crate) fn pick(&self, unit: f64) -> &Outlet {
        let total = self.cumulative_weights.last().copied().unwrap_or(1.0);
        let target = unit * total;
        let index = self.cumulative_weights.partition_point(|&w| w <= target);
        &self.outlets[index.min(self.outlets.len() - 1)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outlets_have_distinct_boilerplate() {
        let outlets: Vec<Outlet> = (1..=50).map(Outlet::new).collect();
        let footers: std::collections::BTreeSet<&str> =
            outlets.iter().map(|o| o.footer.as_str()).collect();
        assert_eq!(footers.len(), 50);
        assert_eq!(outlets[16].name, "Outlet 17");
        assert!(
            outlets[16].footer.contains("Outlet 17") || outlets[16].footer.contains("outlet17news")
        );
        assert!(!outlets[16].footer.contains('{'), "{}", outlets[16].footer);
        assert_eq!(outlets.iter().filter(|o| o.byline.is_some()).count(), 16);
    }

    #[test]
    fn larger_outlets_are_picked_more_often() {
        let outlets = Outlets::new(50);
        let mut counts = vec![0usize; 51];
        for i in 0..10_000 {
            let outlet = outlets.pick(i as f64 / 10_000.0);
            let number: usize = outlet.name["Outlet ".len()..].parse().expect("number");
            counts[number] += 1;
        }
        assert!(counts[1] > counts[10] && counts[10] > counts[50], "{counts:?}");
        assert!(counts[1..].iter().all(|&c| c > 0), "{counts:?}");
        assert_eq!(outlets.pick(0.999_999).name, "Outlet 50");
    }
}
