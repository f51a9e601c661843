//! Clipping rings and lines in normalised Web Mercator to a rectangle
//! (a tile with its buffer).

use crate::tiling::Pt;

#[derive(Clone, Copy)]
pub(crate) struct Rect {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

/// Sutherland–Hodgman clipping of a ring against a rectangle.
pub(crate) fn clip_ring(ring: &[Pt], r: Rect) -> Vec<Pt> {
    // Quick accept: the whole ring inside.
    if ring
        .iter()
        .all(|p| p[0] >= r.x0 && p[0] <= r.x1 && p[1] >= r.y0 && p[1] <= r.y1)
    {
        return ring.to_vec();
    }
    let mut pts = ring.to_vec();
    for edge in 0..4 {
        if pts.is_empty() {
            break;
        }
        let inside = |p: &Pt| match edge {
            0 => p[0] >= r.x0,
            1 => p[0] <= r.x1,
            2 => p[1] >= r.y0,
            _ => p[1] <= r.y1,
        };
        let cross = |a: &Pt, b: &Pt| -> Pt {
            let (k, v) = match edge {
                0 => (0, r.x0),
                1 => (0, r.x1),
                2 => (1, r.y0),
                _ => (1, r.y1),
            };
            let t = (v - a[k]) / (b[k] - a[k]);
            let mut p = [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
            p[k] = v;
            p
        };
        let mut out = Vec::with_capacity(pts.len());
        for i in 0..pts.len() {
            let cur = pts[i];
            let prev = pts[(i + pts.len() - 1) % pts.len()];
            match (inside(&prev), inside(&cur)) {
                (true, true) => out.push(cur),
                (true, false) => out.push(cross(&prev, &cur)),
                (false, true) => {
                    out.push(cross(&prev, &cur));
                    out.push(cur);
                }
                (false, false) => {}
            }
        }
        pts = out;
    }
    pts
}

/// Clip a polyline to a rectangle (Liang–Barsky per segment), joining the
/// pieces that stay connected.
pub(crate) fn clip_line(line: &[Pt], r: Rect) -> Vec<Vec<Pt>> {
    let mut out: Vec<Vec<Pt>> = Vec::new();
    let mut current: Vec<Pt> = Vec::new();
    for w in line.windows(2) {
        match clip_segment(w[0], w[1], r) {
            Some((a, b)) => {
                if current.last() != Some(&a) {
                    if current.len() >= 2 {
                        out.push(std::mem::take(&mut current));
                    }
                    current.clear();
                    current.push(a);
                }
                current.push(b);
            }
            None => {
                if current.len() >= 2 {
                    out.push(std::mem::take(&mut current));
                }
                current.clear();
            }
        }
    }
    if current.len() >= 2 {
        out.push(current);
    }
    out
}

fn clip_segment(a: Pt, b: Pt, r: Rect) -> Option<(Pt, Pt)> {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (p, q) in [
        (-dx, a[0] - r.x0),
        (dx, r.x1 - a[0]),
        (-dy, a[1] - r.y0),
        (dy, r.y1 - a[1]),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
            if t0 > t1 {
                return None;
            }
        }
    }
    let at = |t: f64| [a[0] + t * dx, a[1] + t * dy];
    Some((
        if t0 > 0.0 { at(t0) } else { a },
        if t1 < 1.0 { at(t1) } else { b },
    ))
}
