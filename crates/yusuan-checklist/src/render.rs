//! Page crops for the 问题截图 column: the page region a finding points at, rendered from the
//! PDF with hayro (a pure-Rust rasteriser: no external program at run time), its boxes outlined
//! in red, encoded as PNG.
//!
//! The crop is a full-width strip of the page (a reviewer's screenshot shows the line in its
//! context) from a little above the highest box to a little below the lowest. Only the strip
//! is rasterised (the page is drawn through a transform that puts the strip at the origin of a
//! pixmap of the strip's size), at `Limits::scale` pixels per point, less where the strip would
//! exceed `Limits::max_pixels`.
//!
//! Each page is rendered once however many crops it has: the strip spanning all of them, from
//! which each crop is cut (pixels copied) and its boxes outlined. Every page of one PDF is
//! rendered in turn on one worker thread (hayro's caches are per
//! document and not shareable across threads); the caller waits at most `Limits::timeout` for
//! all of them, and a crop not done by then, a render that panics, or a PDF hayro cannot open
//! is an error message for its remark, never a crash.

use crate::Screenshot;
use hayro::hayro_interpret::util::TransformExt;
use hayro::hayro_interpret::InterpreterSettings;
use hayro::hayro_syntax::Pdf;
use hayro::kurbo::Affine;
use hayro::vello_cpu::color::palette::css::WHITE;
use hayro::vello_cpu::color::PremulRgba8;
use hayro::vello_cpu::{Pixmap, RasterizerSettings, RenderContext, Resources, TargetInit};
use hayro::{RenderCache, RenderSettings};
use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::Arc;
use std::time::{Duration, Instant};
use yusuan_model::provenance::BBox;

/// How much rendering a checklist may cost.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Pixels per PDF point (2.0: 144 dpi).
    pub scale: f32,
    /// The largest crop, in pixels (width × height); a larger strip is drawn at a smaller scale.
    pub max_pixels: u32,
    /// Points of page shown above and below the boxes.
    pub margin: f32,
    /// The longest the caller waits for all crops of one PDF.
    pub timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            scale: 2.0,
            max_pixels: 2_500_000,
            margin: 24.0,
            timeout: Duration::from_secs(60),
        }
    }
}

/// One crop to make: a page (1-based) and the boxes on it, in PDF points from the displayed
/// page's bottom-left corner.
#[derive(Clone, Debug)]
pub struct Request {
    pub page: u32,
    pub boxes: Vec<BBox>,
}

/// Red outline width in pixels.
const OUTLINE: f64 = 3.0;

/// Render every request from the PDF; one result per request, in order.
pub fn crops(
    pdf: Arc<Vec<u8>>,
    requests: Vec<Request>,
    limits: &Limits,
) -> Vec<Result<Screenshot, String>> {
    crops_counted(pdf, requests, limits).0
}

/// [`crops`], and how many times a page was rendered.
fn crops_counted(
    pdf: Arc<Vec<u8>>,
    requests: Vec<Request>,
    limits: &Limits,
) -> (Vec<Result<Screenshot, String>>, usize) {
    let renders = Arc::new(AtomicUsize::new(0));
    let count = renders.clone();
    let n = requests.len();
    if n == 0 {
        return (Vec::new(), 0);
    }
    let (tx, rx) = mpsc::channel::<(usize, Result<Screenshot, String>)>();
    let worker_limits = limits.clone();
    // Detached: a render that outlives the timeout is abandoned, and ends with the process.
    let spawned = std::thread::Builder::new()
        .name("yusuan-checklist-render".into())
        .spawn(move || {
            let opened = catch_unwind(AssertUnwindSafe(|| {
                Pdf::new(pdf).map_err(|e| format!("{e:?}"))
            }));
            let pdf = match opened {
                Ok(Ok(p)) => p,
                Ok(Err(e)) => {
                    for i in 0..n {
                        let _ =
                            tx.send((i, Err(format!("无法打开 PDF (cannot open the PDF): {e}"))));
                    }
                    return;
                }
                Err(_) => {
                    for i in 0..n {
                        let _ = tx.send((
                            i,
                            Err("打开 PDF 时出错 (the renderer failed opening the PDF)".into()),
                        ));
                    }
                    return;
                }
            };
            let cache = RenderCache::new();
            let settings = InterpreterSettings::default();
            // Each page once: the strip spanning every crop asked of it is rendered, and the
            // crops are cut from it.
            let mut by_page: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
            for (i, r) in requests.iter().enumerate() {
                by_page.entry(r.page).or_default().push(i);
            }
            for (page, at) in by_page {
                let asked: Vec<&Request> = at.iter().filter_map(|&i| requests.get(i)).collect();
                let results = catch_unwind(AssertUnwindSafe(|| {
                    page_crops(
                        &pdf,
                        &cache,
                        &settings,
                        page,
                        &asked,
                        &worker_limits,
                        &count,
                    )
                }))
                .unwrap_or_else(|_| {
                    asked
                        .iter()
                        .map(|_| Err("渲染页面时出错 (the renderer failed on this page)".into()))
                        .collect()
                });
                for (&i, result) in at.iter().zip(results) {
                    if tx.send((i, result)).is_err() {
                        return;
                    }
                }
            }
        });
    let mut out: Vec<Option<Result<Screenshot, String>>> = (0..n).map(|_| None).collect();
    if spawned.is_ok() {
        let deadline = Instant::now() + limits.timeout;
        let mut got = 0;
        while got < n {
            let left = deadline.saturating_duration_since(Instant::now());
            match rx.recv_timeout(left) {
                Ok((i, r)) => {
                    if let Some(slot) = out.get_mut(i) {
                        *slot = Some(r);
                        got += 1;
                    }
                }
                Err(_) => break,
            }
        }
    }
    let out = out
        .into_iter()
        .map(|r| {
            r.unwrap_or_else(|| {
                Err(format!(
                    "超过 {} 秒未完成，未截图 (not rendered within {} s)",
                    limits.timeout.as_secs(),
                    limits.timeout.as_secs()
                ))
            })
        })
        .collect();
    (out, renders.load(Ordering::Relaxed))
}

/// The strip of a page around the boxes, in displayed-page points with the origin at the top
/// left (as the pixmap is): x0, top, x1, bottom.
fn strip(page_w: f64, page_h: f64, boxes: &[BBox], margin: f64) -> Option<(f64, f64, f64, f64)> {
    let top = boxes
        .iter()
        .map(|b| f64::from(b.y0.max(b.y1)))
        .fold(f64::MIN, f64::max);
    let bottom = boxes
        .iter()
        .map(|b| f64::from(b.y0.min(b.y1)))
        .fold(f64::MAX, f64::min);
    if boxes.is_empty() || !top.is_finite() || !bottom.is_finite() {
        return None;
    }
    // From the page's bottom-left origin to the pixmap's top-left.
    let y0 = (page_h - top - margin).max(0.0);
    let y1 = (page_h - bottom + margin).min(page_h);
    (y1 > y0).then_some((0.0, y0, page_w, y1))
}

/// A rendered strip of a page: the pixels, and where they are on the page (points from the
/// top left) and at what scale.
struct Rendered {
    pixmap: Pixmap,
    top: f64,
    left: f64,
    scale: f64,
}

/// The crops of one page: the strip spanning all of them rendered once, each crop cut from it
/// and its boxes outlined. One result per request, in order.
fn page_crops<'a>(
    pdf: &'a Pdf,
    cache: &RenderCache<'a>,
    settings: &InterpreterSettings,
    number: u32,
    asked: &[&Request],
    limits: &Limits,
    renders: &AtomicUsize,
) -> Vec<Result<Screenshot, String>> {
    let pages = pdf.pages();
    let Some(page) = number.checked_sub(1).and_then(|i| pages.get(i as usize)) else {
        let e = format!("PDF 中没有第 {number} 页 (no page {number})");
        return asked.iter().map(|_| Err(e.clone())).collect();
    };
    let (w, h) = page.render_dimensions();
    let (w, h) = (f64::from(w), f64::from(h));
    let margin = f64::from(limits.margin);
    let strips: Vec<Option<(f64, f64, f64, f64)>> = asked
        .iter()
        .map(|r| strip(w, h, &r.boxes, margin))
        .collect();
    let union = strips
        .iter()
        .flatten()
        .fold(None, |u: Option<(f64, f64, f64, f64)>, s| {
            Some(match u {
                None => *s,
                Some(u) => (u.0.min(s.0), u.1.min(s.1), u.2.max(s.2), u.3.max(s.3)),
            })
        });
    // The union at full scale when it fits the pixel limit; else each crop its own render (a
    // tall union would lower every crop's scale).
    let scale = f64::from(limits.scale).max(0.1);
    let fits = |s: &(f64, f64, f64, f64)| {
        (s.2 - s.0) * (s.3 - s.1) * scale * scale <= f64::from(limits.max_pixels.max(10_000))
    };
    let shared = union
        .filter(fits)
        .map(|u| render_strip(page, cache, settings, u, limits, renders));
    asked
        .iter()
        .zip(&strips)
        .map(|(r, s)| {
            let s = s.ok_or_else(|| "没有可截取的区域 (no region to show)".to_string())?;
            match &shared {
                Some(Ok(p)) => cut(p, s, h, r),
                Some(Err(e)) => Err(e.clone()),
                None => cut(
                    &render_strip(page, cache, settings, s, limits, renders)?,
                    s,
                    h,
                    r,
                ),
            }
        })
        .collect()
}

/// Render the strip `(x0, top, x1, bottom)` of a page (points from its top left) at the
/// limits' scale, less where it would exceed their pixels.
fn render_strip<'a>(
    page: &'a hayro::hayro_syntax::page::Page<'a>,
    cache: &RenderCache<'a>,
    settings: &InterpreterSettings,
    (x0, y0, x1, y1): (f64, f64, f64, f64),
    limits: &Limits,
    renders: &AtomicUsize,
) -> Result<Rendered, String> {
    renders.fetch_add(1, Ordering::Relaxed);
    let mut scale = f64::from(limits.scale).max(0.1);
    let area = (x1 - x0) * (y1 - y0);
    let max = f64::from(limits.max_pixels.max(10_000));
    if area * scale * scale > max {
        scale = (max / area).sqrt();
    }
    let (pw, ph) = (to_px(x1 - x0, scale)?, to_px(y1 - y0, scale)?);
    let mut ctx = RenderContext::new(pw, ph);
    let transform = Affine::translate((-x0 * scale, -y0 * scale))
        * Affine::scale(scale)
        * page.initial_transform(true).to_kurbo();
    hayro::render_into(
        page,
        cache,
        settings,
        &RenderSettings::default(),
        &mut ctx,
        transform,
    );
    ctx.flush();
    let mut pixmap = Pixmap::new(pw, ph);
    ctx.render_with(
        &mut pixmap,
        &mut Resources::default(),
        RasterizerSettings {
            target_init: TargetInit::Clear(WHITE),
            ..Default::default()
        },
    );
    Ok(Rendered {
        pixmap,
        top: y0,
        left: x0,
        scale,
    })
}

/// `v` points as pixels at `scale`, within what a pixmap can be.
fn to_px(v: f64, scale: f64) -> Result<u16, String> {
    let px = (v * scale).ceil();
    if (1.0..=f64::from(u16::MAX)).contains(&px) {
        Ok(px as u16)
    } else {
        Err("截取区域过大或为空 (region too large or empty)".into())
    }
}

/// The crop `(x0, top, x1, bottom)` (points from the page's top left) cut from the rendered
/// strip, the request's boxes outlined in red a little outside so the red does not cover the
/// text, as PNG.
fn cut(
    rendered: &Rendered,
    (x0, y0, x1, y1): (f64, f64, f64, f64),
    page_h: f64,
    r: &Request,
) -> Result<Screenshot, String> {
    let scale = rendered.scale;
    let src = &rendered.pixmap;
    let (sw, sh) = (i64::from(src.width()), i64::from(src.height()));
    // The crop's first pixel column and row in the strip.
    let dx = ((x0 - rendered.left) * scale).round() as i64;
    let dy = ((y0 - rendered.top) * scale).round() as i64;
    let pw = to_px(x1 - x0, scale)?.min(u16::try_from(sw - dx).unwrap_or(0));
    let ph = to_px(y1 - y0, scale)?.min(u16::try_from(sh - dy).unwrap_or(0));
    if pw == 0 || ph == 0 {
        return Err("截取区域过大或为空 (region too large or empty)".into());
    }
    let mut pixmap = Pixmap::new(pw, ph);
    {
        let from = src.data();
        let to = pixmap.data_mut();
        for row in 0..i64::from(ph) {
            let s = ((dy + row) * sw + dx) as usize;
            let d = (row * i64::from(pw)) as usize;
            let (Some(s), Some(d)) = (
                from.get(s..s + usize::from(pw)),
                to.get_mut(d..d + usize::from(pw)),
            ) else {
                continue;
            };
            d.copy_from_slice(s);
        }
    }
    let red = PremulRgba8 {
        r: 255,
        g: 0,
        b: 0,
        a: 255,
    };
    let (w, h) = (i64::from(pw), i64::from(ph));
    let mut dot = |x: i64, y: i64| {
        if (0..w).contains(&x) && (0..h).contains(&y) {
            pixmap.set_pixel(x as u16, y as u16, red);
        }
    };
    let t = OUTLINE as i64;
    for b in &r.boxes {
        let pad = 2.0;
        let px = |v: f64| v.round() as i64;
        let left = px((f64::from(b.x0.min(b.x1)) - pad - x0) * scale);
        let right = px((f64::from(b.x0.max(b.x1)) + pad - x0) * scale);
        let top = px((page_h - f64::from(b.y0.max(b.y1)) - pad - y0) * scale);
        let bottom = px((page_h - f64::from(b.y0.min(b.y1)) + pad - y0) * scale);
        for x in left - t / 2..=right + t / 2 {
            for k in 0..t {
                dot(x, top - t / 2 + k);
                dot(x, bottom - t / 2 + k);
            }
        }
        for y in top - t / 2..=bottom + t / 2 {
            for k in 0..t {
                dot(left - t / 2 + k, y);
                dot(right - t / 2 + k, y);
            }
        }
    }
    let png = pixmap
        .into_png()
        .map_err(|e| format!("无法编码 PNG (cannot encode PNG): {e}"))?;
    Ok(Screenshot {
        page: r.page,
        png,
        width: u32::from(pw),
        height: u32::from(ph),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strip_is_full_width_around_the_boxes() {
        let b = BBox {
            x0: 100.0,
            y0: 500.0,
            x1: 200.0,
            y1: 520.0,
        };
        let s = strip(842.0, 595.0, &[b], 24.0);
        assert_eq!(
            s,
            Some((0.0, 595.0 - 520.0 - 24.0, 842.0, 595.0 - 500.0 + 24.0))
        );
        assert_eq!(strip(842.0, 595.0, &[], 24.0), None);
    }

    /// Crops of one page render it once; crops of two pages twice. Each crop is cut at its own
    /// place: two crops of different boxes on one page differ.
    #[test]
    fn one_render_per_page() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../corpus/pdf/shanghai-putuo-justice-bureau-2026-budget.pdf"
        );
        let pdf = Arc::new(std::fs::read(path).unwrap());
        let b = |y: f32| BBox {
            x0: 60.0,
            y0: y,
            x1: 300.0,
            y1: y + 12.0,
        };
        let req = |page, y| Request {
            page,
            boxes: vec![b(y)],
        };
        let requests = vec![req(8, 400.0), req(8, 200.0), req(9, 300.0), req(8, 400.0)];
        let (shots, renders) = crops_counted(pdf, requests, &Limits::default());
        assert_eq!(renders, 2);
        let shots: Vec<Screenshot> = shots.into_iter().map(Result::unwrap).collect();
        assert_eq!(
            shots.iter().map(|s| s.page).collect::<Vec<_>>(),
            [8, 8, 9, 8]
        );
        // The same request twice gives the same crop; another box another crop.
        assert_eq!(shots[0], shots[3]);
        assert_ne!(shots[0].png, shots[1].png);
        // Each crop is its own strip: the box's height and the margins, at 2 pixels a point.
        assert_eq!(
            shots[0].height,
            ((12.0 + 2.0 * 24.0) * 2.0_f64).ceil() as u32
        );
    }

    #[test]
    fn a_broken_pdf_is_a_message() {
        let r = crops(
            Arc::new(b"not a pdf".to_vec()),
            vec![Request {
                page: 1,
                boxes: Vec::new(),
            }],
            &Limits::default(),
        );
        assert_eq!(r.len(), 1);
        assert!(matches!(&r[0], Err(e) if e.contains("PDF")), "{r:?}");
    }
}
