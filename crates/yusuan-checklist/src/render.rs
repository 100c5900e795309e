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
//! Every crop of one PDF is rendered in turn on one worker thread (hayro's caches are per
//! document and not shareable across threads); the caller waits at most `Limits::timeout` for
//! all of them, and a crop not done by then, a render that panics, or a PDF hayro cannot open
//! is an error message for its remark, never a crash.

use crate::Screenshot;
use hayro::hayro_interpret::util::TransformExt;
use hayro::hayro_interpret::InterpreterSettings;
use hayro::hayro_syntax::Pdf;
use hayro::kurbo::{Affine, Rect, Stroke};
use hayro::vello_cpu::color::palette::css::{RED, WHITE};
use hayro::vello_cpu::{Pixmap, RasterizerSettings, RenderContext, Resources, TargetInit};
use hayro::{RenderCache, RenderSettings};
use std::panic::{catch_unwind, AssertUnwindSafe};
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
    let n = requests.len();
    if n == 0 {
        return Vec::new();
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
            for (i, r) in requests.iter().enumerate() {
                let result = catch_unwind(AssertUnwindSafe(|| {
                    crop(&pdf, &cache, &settings, r, &worker_limits)
                }))
                .unwrap_or_else(|_| {
                    Err("渲染页面时出错 (the renderer failed on this page)".into())
                });
                if tx.send((i, result)).is_err() {
                    return;
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
    out.into_iter()
        .map(|r| {
            r.unwrap_or_else(|| {
                Err(format!(
                    "超过 {} 秒未完成，未截图 (not rendered within {} s)",
                    limits.timeout.as_secs(),
                    limits.timeout.as_secs()
                ))
            })
        })
        .collect()
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

fn crop<'a>(
    pdf: &'a Pdf,
    cache: &RenderCache<'a>,
    settings: &InterpreterSettings,
    r: &Request,
    limits: &Limits,
) -> Result<Screenshot, String> {
    let pages = pdf.pages();
    let page = r
        .page
        .checked_sub(1)
        .and_then(|i| pages.get(i as usize))
        .ok_or_else(|| format!("PDF 中没有第 {} 页 (no page {})", r.page, r.page))?;
    let (w, h) = page.render_dimensions();
    let (w, h) = (f64::from(w), f64::from(h));
    let (x0, y0, x1, y1) = strip(w, h, &r.boxes, f64::from(limits.margin))
        .ok_or_else(|| "没有可截取的区域 (no region to show)".to_string())?;
    let mut scale = f64::from(limits.scale).max(0.1);
    let area = (x1 - x0) * (y1 - y0);
    let max = f64::from(limits.max_pixels.max(10_000));
    if area * scale * scale > max {
        scale = (max / area).sqrt();
    }
    let to_px = |v: f64| -> Result<u16, String> {
        let px = (v * scale).ceil();
        if (1.0..=f64::from(u16::MAX)).contains(&px) {
            Ok(px as u16)
        } else {
            Err("截取区域过大或为空 (region too large or empty)".into())
        }
    };
    let (pw, ph) = (to_px(x1 - x0)?, to_px(y1 - y0)?);
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
    // The boxes, outlined a little outside so the red does not cover the text.
    ctx.set_transform(Affine::IDENTITY);
    ctx.set_paint(RED);
    ctx.set_stroke(Stroke::new(OUTLINE));
    for b in &r.boxes {
        let pad = 2.0;
        let rect = Rect::new(
            (f64::from(b.x0.min(b.x1)) - pad - x0) * scale,
            (h - f64::from(b.y0.max(b.y1)) - pad - y0) * scale,
            (f64::from(b.x0.max(b.x1)) + pad - x0) * scale,
            (h - f64::from(b.y0.min(b.y1)) + pad - y0) * scale,
        );
        ctx.stroke_rect(&rect);
    }
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
