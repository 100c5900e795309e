//! The crop of a finding's page region shows the page (text drawn) and the finding's box
//! outlined in red where the box is.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use yusuan_checklist::render::Limits;

/// Decode a PNG into (width, height, RGBA bytes).
fn decode(png_bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    buf.truncate(info.buffer_size());
    let rgba = match info.color_type {
        png::ColorType::Rgba => buf,
        // An opaque pixmap is written without its alpha channel.
        png::ColorType::Rgb => buf
            .chunks_exact(3)
            .flat_map(|p| [p[0], p[1], p[2], 255])
            .collect(),
        other => panic!("unexpected PNG colour type {other:?}"),
    };
    (info.width, info.height, rgba)
}

#[test]
fn doubled_full_stop_is_outlined_in_red() {
    let (c, _) = support::justice_rendered();
    let limits = Limits::default();
    let remark = c
        .items
        .iter()
        .flat_map(|i| &i.remarks)
        .find(|r| r.rule == "YS703" && r.message.contains("。。"))
        .expect("the reviewer's 。。 on page 8");
    assert!(remark.screenshot_problems.is_empty(), "{remark:?}");
    let [mark] = remark.marks.as_slice() else {
        panic!("one page region: {:?}", remark.marks)
    };
    let [b] = mark.boxes.as_slice() else {
        panic!("one box: {:?}", mark.boxes)
    };
    let [shot] = remark.screenshots.as_slice() else {
        panic!("one screenshot")
    };
    assert_eq!(shot.page, 8);
    let (w, h, rgba) = decode(&shot.png);
    assert_eq!((w, h), (shot.width, shot.height));
    // The page is landscape A4 (842 points wide), drawn full width at 2 pixels a point.
    assert_eq!(w, (842.0 * limits.scale).ceil() as u32);
    let px = |x: u32, y: u32| -> [u8; 4] {
        let i = ((y * w + x) * 4) as usize;
        [rgba[i], rgba[i + 1], rgba[i + 2], rgba[i + 3]]
    };
    let red = |p: [u8; 4]| p[0] > 200 && p[1] < 80 && p[2] < 80;
    let s = f64::from(limits.scale);
    let m = f64::from(limits.margin);
    // The box's outline, 2 points outside the box; the strip starts `margin` above the box.
    let left = ((f64::from(b.x0) - 2.0) * s).round() as i64;
    let right = ((f64::from(b.x1) + 2.0) * s).round() as i64;
    let top = ((m - 2.0) * s).round() as i64;
    let bottom = ((m + f64::from(b.y1 - b.y0) + 2.0) * s).round() as i64;
    let near_red = |x: i64, y: i64| {
        (-2..=2).any(|d| {
            let (x, y) = (x + d, y);
            x >= 0 && (x as u32) < w && y >= 0 && (y as u32) < h && red(px(x as u32, y as u32))
        }) || (-2..=2).any(|d| {
            let (x, y) = (x, y + d);
            x >= 0 && (x as u32) < w && y >= 0 && (y as u32) < h && red(px(x as u32, y as u32))
        })
    };
    let mid_y = (top + bottom) / 2;
    let mid_x = (left + right) / 2;
    assert!(near_red(left, mid_y), "left edge at x={left}, y={mid_y}");
    assert!(near_red(right, mid_y), "right edge at x={right}, y={mid_y}");
    assert!(near_red(mid_x, top), "top edge at x={mid_x}, y={top}");
    assert!(
        near_red(mid_x, bottom),
        "bottom edge at x={mid_x}, y={bottom}"
    );
    // Nothing red far from the box (above it, in the margin).
    assert!(!(0..w).any(|x| red(px(x, 2))), "red in the top margin");
    // The text inside the box is drawn: dark pixels between the edges.
    let dark = (top + 6..bottom - 6)
        .flat_map(|y| (left + 6..right - 6).map(move |x| (x, y)))
        .filter(|&(x, y)| {
            let p = px(x as u32, y as u32);
            p[0] < 100 && p[1] < 100 && p[2] < 100
        })
        .count();
    assert!(
        dark > 500,
        "only {dark} dark pixels: the page's text was not drawn"
    );
    if let Ok(dir) = std::env::var("YUSUAN_KEEP_SCREENSHOT") {
        std::fs::write(std::path::Path::new(&dir).join("ys703.png"), &shot.png).unwrap();
    }
}

#[test]
fn every_error_and_warning_with_a_box_gets_a_screenshot() {
    let start = std::time::Instant::now();
    let (c, _) = support::justice_rendered();
    let remarks: Vec<_> = c.items.iter().flat_map(|i| &i.remarks).collect();
    for r in &remarks {
        assert_eq!(r.screenshots.len(), r.marks.len(), "{r:?}");
        assert!(r.screenshot_problems.is_empty(), "{r:?}");
    }
    let shots: usize = remarks.iter().map(|r| r.screenshots.len()).sum();
    // Every finding of this PDF but the blank page (a page with no text has no box) and the
    // info findings.
    assert!(shots >= 12, "{shots} screenshots");
    eprintln!("{shots} screenshots in {:?}", start.elapsed());
}

#[test]
fn a_timeout_is_a_remark_not_a_crash() {
    let (mut c, pdf) = support::checklist(support::JUSTICE);
    let limits = Limits {
        timeout: std::time::Duration::ZERO,
        ..Limits::default()
    };
    c.render(&|_: &str| Some(pdf.clone()), &limits);
    let r = c
        .items
        .iter()
        .flat_map(|i| &i.remarks)
        .find(|r| !r.marks.is_empty())
        .unwrap();
    assert!(
        r.screenshot_problems.iter().any(|p| p.contains("未截图")),
        "{r:?}"
    );
    assert!(r.text().contains("截图"), "{}", r.text());
}
