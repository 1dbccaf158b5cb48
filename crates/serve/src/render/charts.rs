//! Inline SVG charts: timelines (stacked bars per day, week or month by outlet) and bars. SVG
//! presentation attributes carry the colours, so the charts need neither scripts nor inline
//! styles and render the same in the pages and in the mailed report.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate};
use echotrace_store::views::DayCount;
use maud::{html, Markup};

/// Outlet colours, by the outlet's rank in the chart; outlets beyond them share the last grey.
const PALETTE: [&str; 10] = [
    "#4f46e5", "#0891b2", "#d97706", "#db2777", "#16a34a", "#7c3aed", "#dc2626", "#0d9488",
    "#ca8a04", "#94a3b8",
];

/// Colour of the outlet at `rank` (0 = most documents).
pub fn outlet_colour(rank: usize) -> &'static str {
    PALETTE[rank.min(PALETTE.len() - 1)]
}

/// A horizontal bar for a share in `[0, 1]`.
pub fn bar(share: f64, colour: &str) -> Markup {
    let width = (share.clamp(0.0, 1.0) * 120.0).round();
    html! {
        svg.bar width="120" height="10" viewBox="0 0 120 10" role="img" aria-label=(format!("{:.0}%", share * 100.0)) {
            rect x="0" y="0" width="120" height="10" rx="2" fill="#eef2f7" {}
            rect x="0" y="0" width=(width) height="10" rx="2" fill=(colour) {}
        }
    }
}

/// A coloured square for legends.
pub fn swatch(colour: &str) -> Markup {
    html! { svg.sw width="10" height="10" viewBox="0 0 10 10" aria-hidden="true" { rect width="10" height="10" rx="2" fill=(colour) {} } }
}

/// How the timeline groups days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Granularity {
    Day,
    Week,
    Month,
}

impl Granularity {
    fn bucket(self, date: NaiveDate) -> NaiveDate {
        match self {
            Granularity::Day => date,
            Granularity::Week => {
                date - Duration::days(i64::from(date.weekday().num_days_from_monday()))
            }
            Granularity::Month => date.with_day(1).unwrap_or(date),
        }
    }

    fn next(self, bucket: NaiveDate) -> NaiveDate {
        match self {
            Granularity::Day => bucket + Duration::days(1),
            Granularity::Week => bucket + Duration::days(7),
            Granularity::Month => {
                let (year, month) = if bucket.month() == 12 {
                    (bucket.year() + 1, 1)
                } else {
                    (bucket.year(), bucket.month() + 1)
                };
                NaiveDate::from_ymd_opt(year, month, 1).unwrap_or(bucket + Duration::days(31))
            }
        }
    }

    fn label(self, bucket: NaiveDate) -> String {
        match self {
            Granularity::Day => bucket.format("%Y-%m-%d").to_string(),
            Granularity::Week => format!("week of {}", bucket.format("%Y-%m-%d")),
            Granularity::Month => bucket.format("%Y-%m").to_string(),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Granularity::Day => "day",
            Granularity::Week => "week",
            Granularity::Month => "month",
        }
    }
}

/// Most bars a timeline draws: beyond it days become weeks, and weeks months.
const MAX_BARS: i64 = 120;

/// A stacked bar chart of counts per day (or week, or month) by outlet, over the continuous
/// range of dates so that gaps show, with a legend of the outlets. Unparseable dates are
/// skipped; an empty input says so.
pub fn timeline(points: &[DayCount], caption: &str) -> Markup {
    let dated: Vec<(NaiveDate, &str, u64)> = points
        .iter()
        .filter_map(|p| {
            NaiveDate::parse_from_str(p.date.get(..10).unwrap_or(&p.date), "%Y-%m-%d")
                .ok()
                .map(|d| (d, p.outlet.as_str(), p.count))
        })
        .collect();
    let (Some(first), Some(last)) =
        (dated.iter().map(|d| d.0).min(), dated.iter().map(|d| d.0).max())
    else {
        return html! { p.muted { "No dated articles to chart." } };
    };
    let days = (last - first).num_days() + 1;
    let granularity = if days <= MAX_BARS {
        Granularity::Day
    } else if days / 7 <= MAX_BARS {
        Granularity::Week
    } else {
        Granularity::Month
    };
    // Outlets ranked by total, for stable colours and a readable legend.
    let mut totals: BTreeMap<&str, u64> = BTreeMap::new();
    for (_, outlet, count) in &dated {
        *totals.entry(*outlet).or_default() += count;
    }
    let mut ranked: Vec<(&str, u64)> = totals.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let rank: BTreeMap<&str, usize> =
        ranked.iter().enumerate().map(|(i, (outlet, _))| (*outlet, i)).collect();
    let mut buckets: BTreeMap<NaiveDate, BTreeMap<usize, u64>> = BTreeMap::new();
    let mut bucket = granularity.bucket(first);
    let end = granularity.bucket(last);
    while bucket <= end {
        buckets.insert(bucket, BTreeMap::new());
        bucket = granularity.next(bucket);
    }
    for (date, outlet, count) in &dated {
        let colour_rank = rank[outlet].min(PALETTE.len() - 1);
        *buckets.entry(granularity.bucket(*date)).or_default().entry(colour_rank).or_default() +=
            count;
    }
    let peak = buckets.values().map(|b| b.values().sum::<u64>()).max().unwrap_or(1).max(1);
    let (width, height, left, bottom, top) = (960.0_f64, 200.0_f64, 36.0, 22.0, 8.0);
    let plot_height = height - bottom - top;
    // Room on the right for the last date label.
    let slot = (width - left - 34.0) / buckets.len().max(1) as f64;
    let bar_width = (slot * 0.8).max(1.0);
    let y = |value: f64| top + plot_height - value / peak as f64 * plot_height;
    let label_every = (buckets.len() / 8).max(1);
    let bars: Vec<Bar> = buckets
        .iter()
        .enumerate()
        .map(|(i, (bucket, stack))| {
            let mut base = 0.0_f64;
            let segments = stack
                .iter()
                .map(|(colour_rank, count)| {
                    let top_value = base + *count as f64;
                    let segment = (
                        y(top_value),
                        y(base) - y(top_value),
                        outlet_colour(*colour_rank),
                        format!(
                            "{}: {count} · {}",
                            granularity.label(*bucket),
                            legend_name(&ranked, *colour_rank)
                        ),
                    );
                    base = top_value;
                    segment
                })
                .collect();
            let label = (i % label_every == 0)
                .then(|| granularity.label(*bucket).trim_start_matches("week of ").to_owned());
            Bar { x: left + i as f64 * slot + (slot - bar_width) / 2.0, segments, label }
        })
        .collect();
    html! {
        figure.chart {
            svg.timeline viewBox=(format!("0 0 {width} {height}")) role="img" aria-label=(caption) preserveAspectRatio="none" {
                line x1=(left) y1=(y(0.0)) x2=(width) y2=(y(0.0)) stroke="#cbd5e1" {}
                line x1=(left) y1=(y(peak as f64)) x2=(width) y2=(y(peak as f64)) stroke="#eef2f7" {}
                text x=(left - 6.0) y=(y(peak as f64) + 4.0) text-anchor="end" font-size="11" fill="#64748b" { (peak) }
                text x=(left - 6.0) y=(y(0.0)) text-anchor="end" font-size="11" fill="#64748b" { "0" }
                @for bar in &bars {
                    @for (top_y, bar_height, colour, label) in &bar.segments {
                        rect x=(format!("{:.1}", bar.x)) y=(format!("{top_y:.1}"))
                            width=(format!("{bar_width:.1}")) height=(format!("{bar_height:.1}"))
                            fill=(colour) { title { (label) } }
                    }
                    @if let Some(label) = &bar.label {
                        text x=(format!("{:.1}", bar.x + bar_width / 2.0)) y=(height - 6.0) text-anchor="middle" font-size="11" fill="#64748b" {
                            (label)
                        }
                    }
                }
            }
            figcaption {
                span.muted { (caption) ", per " (granularity.name()) ". " }
                @for (i, (outlet, total)) in ranked.iter().enumerate().take(PALETTE.len() - 1) {
                    span.legend-item { (swatch(outlet_colour(i))) " " (outlet) " " span.count { (total) } }
                }
                @if ranked.len() >= PALETTE.len() {
                    span.legend-item { (swatch(outlet_colour(PALETTE.len() - 1))) " " (ranked.len() + 1 - PALETTE.len()) " other outlets" }
                }
            }
        }
    }
}

/// One bar of a timeline: its stacked segments (top, height, colour, hover text).
struct Bar {
    x: f64,
    segments: Vec<(f64, f64, &'static str, String)>,
    label: Option<String>,
}

fn legend_name<'a>(ranked: &[(&'a str, u64)], colour_rank: usize) -> &'a str {
    if colour_rank + 1 < PALETTE.len() {
        ranked.get(colour_rank).map_or("", |r| r.0)
    } else {
        "other outlets"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(date: &str, outlet: &str, count: u64) -> DayCount {
        DayCount { date: date.into(), outlet: outlet.into(), count }
    }

    #[test]
    fn timeline_fills_gaps_and_escapes_outlets() {
        let svg = timeline(
            &[point("2020-01-01", "<script>x</script>", 2), point("2020-01-04", "B", 1)],
            "Articles",
        )
        .into_string();
        // Four days from the 1st to the 4th, two with bars.
        assert_eq!(svg.matches("<rect").count(), 2 + 2, "{svg}");
        assert!(svg.contains("&lt;script&gt;"));
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("per day"));
    }

    #[test]
    fn long_ranges_become_weeks_or_months() {
        let weeks = timeline(&[point("2020-01-01", "A", 1), point("2020-06-01", "A", 1)], "x");
        assert!(weeks.into_string().contains("per week"));
        let months = timeline(&[point("2015-01-01", "A", 1), point("2020-06-01", "A", 1)], "x");
        assert!(months.into_string().contains("per month"));
        let none = timeline(&[point("not a date", "A", 1)], "x").into_string();
        assert!(none.contains("No dated articles"));
    }
}
