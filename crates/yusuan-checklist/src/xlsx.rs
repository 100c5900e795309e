//! The checklist as an XLSX workbook, in the layout of the bureau's form (the real one reviewed
//! in `corpus/review/`): one sheet; the title over A:E; the unit's name and code; the 公开网址
//! line; a header (检查内容 over A:C, 符合要求, 问题截图); one row per item with its group in A
//! (merged down the group's rows), the item in B (over B:C), 是/否 in D (否 in
//! red), the remarks in E; then, below the table, each screenshot under a caption naming its
//! item and remark, as the reviewer pastes them. Fonts 宋体, the column widths, margins, paper
//! and print scale of the form.

use crate::{Checklist, Verdict};
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Image, Workbook, XlsxError};
use unicode_width::UnicodeWidthStr;

const FONT: &str = "宋体";
/// Column widths of the form (A–E), as its file stores them (characters of the default font's
/// digit width, padding included); written in pixels (7 a character) so the stored widths are
/// the form's.
const WIDTHS: [f64; 5] = [11.82, 18.73, 60.82, 10.26, 61.18];
/// The widest a screenshot is shown, in pixels (about the width of B:E).
const IMAGE_WIDTH: f64 = 1000.0;
/// The tallest, in pixels (a row is at most 409 points).
const IMAGE_HEIGHT: f64 = 540.0;
/// Characters of width 1 that fit on one line of column E in 宋体 11.
const E_LINE: usize = 58;
const LINE_PT: f64 = 14.5;

fn base(size: f64) -> Format {
    Format::new()
        .set_font_name(FONT)
        .set_font_size(size)
        .set_align(FormatAlign::VerticalCenter)
}

/// The workbook's bytes.
pub fn to_bytes(c: &Checklist) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let year = c.year.map(|y| format!("{y}年")).unwrap_or_default();
    ws.set_name(format!("{year}{}", c.kind.label()))?;
    for (i, w) in WIDTHS.iter().enumerate() {
        ws.set_column_width_pixels(i as u16, (w * 7.0).round() as u32)?;
    }
    ws.set_paper_size(1);
    ws.set_portrait();
    // The form prints at 82 %, which splits its five columns over two pages; one page wide here.
    ws.set_print_fit_to_pages(1, 0);
    ws.set_margins(0.748, 0.748, 0.984, 0.787, 0.512, 0.512);
    ws.set_zoom(85);

    let title = base(18.0).set_bold().set_align(FormatAlign::Center);
    let head_left = base(11.0).set_bold().set_align(FormatAlign::Left);
    let url = head_left.clone().set_border_bottom(FormatBorder::Thin);
    let head = base(11.0)
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_border(FormatBorder::Thin);
    let group = base(11.0)
        .set_align(FormatAlign::Center)
        .set_text_wrap()
        .set_border(FormatBorder::Thin);
    let name = base(11.0)
        .set_align(FormatAlign::Left)
        .set_border(FormatBorder::Thin);
    let yes = base(11.0)
        .set_align(FormatAlign::Center)
        .set_border(FormatBorder::Thin)
        .set_text_wrap();
    let no = yes.clone().set_font_color(Color::RGB(0xFF0000));
    let remarks = base(11.0)
        .set_align(FormatAlign::Left)
        .set_text_wrap()
        .set_border(FormatBorder::Thin);
    let caption = base(10.0).set_align(FormatAlign::Left).set_text_wrap();

    ws.merge_range(0, 0, 0, 4, &c.title(), &title)?;
    ws.set_row_height(0, 22.75)?;
    ws.merge_range(
        2,
        0,
        2,
        2,
        &format!("{}: {}", c.who(), c.unit.as_deref().unwrap_or("")),
        &head_left,
    )?;
    let code = if c.who() == "单位名称" {
        "单位编码"
    } else {
        "部门编码"
    };
    ws.merge_range(
        2,
        3,
        2,
        4,
        &format!("{code}:{}", c.unit_code.as_deref().unwrap_or("")),
        &head_left,
    )?;
    ws.merge_range(3, 0, 3, 4, "公开网址：（待审核人填写）", &url)?;
    ws.merge_range(
        4,
        0,
        4,
        2,
        &format!("{year}度{}公开检查内容", c.kind.label()),
        &head,
    )?;
    ws.write_string_with_format(4, 3, "符合要求", &head)?;
    ws.write_string_with_format(4, 4, "问题截图", &head)?;
    for r in 2..=4 {
        ws.set_row_height(r, 18)?;
    }

    // The items; the screenshots are numbered in the order their remarks appear.
    let first = 5u32;
    let mut figure = 0usize;
    let mut figures: Vec<(usize, String, &crate::Screenshot)> = Vec::new();
    for (i, item) in c.items.iter().enumerate() {
        let row = first + i as u32;
        let mut lines = 0usize;
        let mut text = String::new();
        for (n, r) in item.remarks.iter().enumerate() {
            let mut t = format!("{}.{}", n + 1, r.text());
            let mut seen = Vec::new();
            for s in &r.screenshots {
                figure += 1;
                seen.push(figure.to_string());
                figures.push((figure, format!("{} {}", item.name, t), s));
            }
            if !seen.is_empty() {
                t.push_str(&format!("（见图{}）", seen.join("、")));
            }
            lines += t.width().div_ceil(E_LINE).max(1);
            if !text.is_empty() {
                text.push('\n');
            }
            text.push_str(&t);
        }
        // The form leaves B:C unmerged on its table rows, where the name runs on into C;
        // merged here, so that no reader cuts a long table name at C.
        ws.merge_range(row, 1, row, 2, &item.name, &name)?;
        let verdict = if item.verdict == Verdict::No {
            &no
        } else {
            &yes
        };
        ws.write_string_with_format(row, 3, item.verdict.label(), verdict)?;
        ws.write_string_with_format(row, 4, &text, &remarks)?;
        let height = (lines.max(1) as f64 * LINE_PT).clamp(13.75, 409.0);
        ws.set_row_height(row, height)?;
    }
    // The group column, merged down each run of items of one group.
    let mut start = 0usize;
    while let Some(item) = c.items.get(start) {
        let len = c
            .items
            .iter()
            .skip(start)
            .take_while(|i| i.group == item.group)
            .count()
            .max(1);
        let (r0, r1) = (first + start as u32, first + (start + len - 1) as u32);
        if r1 > r0 {
            ws.merge_range(r0, 0, r1, 0, item.group.label(), &group)?;
        } else {
            ws.write_string_with_format(r0, 0, item.group.label(), &group)?;
        }
        start += len;
    }

    // The screenshots below the table, each under its caption.
    let mut row = first + c.items.len() as u32 + 2;
    for (n, text, shot) in figures {
        ws.merge_range(row, 1, row, 4, &format!("图{n}　{text}"), &caption)?;
        let lines = text.width().div_ceil(2 * E_LINE).max(1);
        ws.set_row_height(row, (lines as f64 * 13.0).clamp(13.75, 409.0))?;
        row += 1;
        let (w, h) = (f64::from(shot.width.max(1)), f64::from(shot.height.max(1)));
        let scale = (IMAGE_WIDTH / w).min(IMAGE_HEIGHT / h).min(1.0);
        let image = Image::new_from_buffer(&shot.png)?
            .set_scale_width(scale)
            .set_scale_height(scale)
            .set_alt_text(format!("图{n} 第{}页", shot.page));
        ws.set_row_height(row, (h * scale * 0.75 + 4.0).min(409.0))?;
        ws.insert_image_with_offset(row, 1, &image, 0, 2)?;
        row += 2;
    }
    wb.save_to_buffer()
}
