//! Routes written as lane ids joined by `>` (`PORT-LEI>LEI-DC`), read back into lanes even when
//! lane ids themselves hold `>`.

use crate::io::error::InputError;
use crate::io::invisible::visible;
use crate::io::table::Row;
use crate::model::ErrorCode;

/// How a route text reads.
#[derive(Debug, PartialEq)]
pub(crate) enum RouteReading<Id> {
    /// The one way of cutting the text into lane ids (empty text: no lanes).
    Lanes(Vec<Id>),
    /// No way: this piece starts no lane id (following the longest ids before it).
    Unknown(String),
    /// More than one way.
    Ambiguous,
}

/// Reads `text` as lane ids joined by `>`. `separators` is the most `>` any lane id holds, and
/// `lane` looks an id up.
pub(crate) fn read_route<Id: Copy>(
    text: &str,
    separators: usize,
    lane: impl Fn(&str) -> Option<Id>,
) -> RouteReading<Id> {
    if text.is_empty() {
        return RouteReading::Lanes(Vec::new());
    }
    let pieces: Vec<&str> = text.split('>').collect();
    let n = pieces.len();
    let name = |i: usize, j: usize| pieces[i..j].join(">");
    // ways[i]: how the pieces from i on can be read (0, 1 or "2 or more"), and the first lane.
    let mut ways: Vec<(u8, Option<(Id, usize)>)> = vec![(0, None); n + 1];
    ways[n] = (1, None);
    for i in (0..n).rev() {
        for j in (i + 1)..=n.min(i + 1 + separators) {
            if ways[j].0 == 0 {
                continue;
            }
            if let Some(id) = lane(name(i, j).trim()) {
                let count = ways[i].0.saturating_add(ways[j].0).min(2);
                ways[i] = (count, ways[i].1.or(Some((id, j))));
            }
        }
    }
    match ways[0].0 {
        1 => {
            let mut lanes = Vec::new();
            let mut at = 0;
            while let Some((id, next)) = ways[at].1 {
                lanes.push(id);
                at = next;
            }
            RouteReading::Lanes(lanes)
        }
        0 => {
            let mut at = 0;
            while at < n {
                let next = (at + 1..=n.min(at + 1 + separators))
                    .rev()
                    .find(|&j| lane(name(at, j).trim()).is_some());
                match next {
                    Some(j) => at = j,
                    None => break,
                }
            }
            RouteReading::Unknown(pieces.get(at).map_or(text, |p| p.trim()).to_string())
        }
        _ => RouteReading::Ambiguous,
    }
}

/// `UNKNOWN_LANE` for an empty piece of the route `text` (a `>` at an end, or two in a row), or
/// `None` when every piece holds something.
pub(crate) fn empty_lane(row: &Row, text: &str) -> Option<InputError> {
    let pieces: Vec<&str> = text.split('>').collect();
    pieces.iter().any(|p| p.trim().is_empty()).then(|| {
        row.error(
            "route",
            ErrorCode::UnknownLane,
            format!(
                "the route '{}' has an empty lane id (a '>' at an end, or two in a row)",
                visible(text)
            ),
            "join lane ids with single '>' between them, e.g. PORT-LEI>LEI-DC",
        )
    })
}

/// `AMBIGUOUS_ROUTE` at the `route` cell of `row` holding `text`.
pub(crate) fn ambiguous_route(row: &Row, text: &str) -> InputError {
    row.error(
        "route",
        ErrorCode::AmbiguousRoute,
        format!(
            "the route '{}' can be read as more than one list of lanes",
            visible(text)
        ),
        "rename the lanes whose names hold '>' so that a route reads one way",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(name: &str) -> Option<u32> {
        ["A", "B", "A>B", "C"]
            .iter()
            .position(|&n| n == name)
            .map(|i| i as u32)
    }

    #[test]
    fn routes_read_one_way_or_say_why_not() {
        assert_eq!(read_route("", 1, ids), RouteReading::Lanes(vec![]));
        assert_eq!(read_route("C>A", 1, ids), RouteReading::Lanes(vec![3, 0]));
        assert_eq!(read_route("A>B", 1, ids), RouteReading::Ambiguous);
        assert_eq!(
            read_route("C>X>A", 1, ids),
            RouteReading::Unknown("X".into())
        );
    }
}
