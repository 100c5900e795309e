//! The blank template: the sheets and headers [`crate::read_workbook`] reads, with the list-like
//! sheets' rows already labelled, drop-down lists where a column has a fixed set of values, and
//! a 填表说明 sheet explaining every sheet and column in Chinese.

use crate::layout::{
    ColKind, SheetKind, SheetSpec, HELP_SHEET, NATURE_LABELS, SHEETS, SOURCE_LABELS, YES_NO,
};
use rust_xlsxwriter::{
    Color, DataValidation, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

/// Rows under the header that get the drop-down lists and column formats.
const DATA_ROWS: u32 = 2000;

struct Formats {
    header: Format,
    label: Format,
    hint: Format,
    title: Format,
    sheet_title: Format,
    wrap: Format,
    text: Format,
    amount: Format,
}

fn formats() -> Formats {
    let border = |f: Format| f.set_border(FormatBorder::Thin).set_border_color("#BFBFBF");
    Formats {
        header: border(
            Format::new()
                .set_bold()
                .set_background_color("#DDEBF7")
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_text_wrap(),
        ),
        label: Format::new().set_bold(),
        hint: Format::new()
            .set_font_color(Color::RGB(0x00_70_70_70))
            .set_text_wrap()
            .set_align(FormatAlign::Top),
        title: Format::new().set_bold().set_font_size(14),
        sheet_title: Format::new()
            .set_bold()
            .set_background_color("#F2F2F2")
            .set_align(FormatAlign::Top),
        wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
        text: Format::new().set_num_format("@"),
        amount: Format::new().set_num_format("#,##0.00####"),
    }
}

/// The blank template as XLSX bytes.
pub(crate) fn template() -> Result<Vec<u8>, XlsxError> {
    let f = formats();
    let mut wb = Workbook::new();
    help_sheet(wb.add_worksheet(), &f)?;
    for spec in SHEETS {
        data_sheet(wb.add_worksheet(), spec, &f)?;
    }
    wb.save_to_buffer()
}

fn list(values: &[&str], title: &str) -> Result<DataValidation, XlsxError> {
    DataValidation::new()
        .allow_list_strings(values)?
        .set_error_title(title)
}

fn data_sheet(ws: &mut Worksheet, spec: &SheetSpec, f: &Formats) -> Result<(), XlsxError> {
    ws.set_name(spec.name)?;
    for (i, c) in spec.columns.iter().enumerate() {
        let col = u16::try_from(i).unwrap_or(u16::MAX);
        ws.write_string_with_format(0, col, c.header, &f.header)?;
        ws.set_column_width(col, c.width)?;
        match c.kind {
            ColKind::Code => {
                ws.set_column_format(col, &f.text)?;
            }
            ColKind::Amount => {
                ws.set_column_format(col, &f.amount)?;
            }
            ColKind::LongText | ColKind::Note => {
                ws.set_column_format(col, &f.wrap)?;
            }
            _ => {}
        }
        let validation = match c.kind {
            ColKind::Source => Some(list(&SOURCE_LABELS, "资金来源")?),
            ColKind::YesNo => Some(list(&YES_NO, c.header)?),
            ColKind::Nature => Some(list(&NATURE_LABELS, "性质")?),
            _ => None,
        };
        if let Some(v) = validation {
            ws.add_data_validation(1, col, DATA_ROWS, col, &v)?;
        }
    }
    ws.set_row_height(0, 24)?;
    ws.set_freeze_panes(1, 0)?;

    // List-like sheets: the label column filled in, the hint in the 填写说明 column.
    let note_col = spec
        .columns
        .iter()
        .position(|c| c.kind == ColKind::Note)
        .and_then(|i| u16::try_from(i).ok());
    let object_col = spec.col("对象").and_then(|i| u16::try_from(i).ok());
    let value_col: u16 = if spec.kind == SheetKind::Narrative {
        spec.col("内容")
            .and_then(|i| u16::try_from(i).ok())
            .unwrap_or(2)
    } else {
        1
    };
    for (i, r) in spec.rows.iter().enumerate() {
        let row = u32::try_from(i).unwrap_or(u32::MAX - 1) + 1;
        ws.write_string_with_format(row, 0, r.label, &f.label)?;
        if let (Some(c), false) = (object_col, r.object.is_empty()) {
            ws.write_string(row, c, r.object)?;
        }
        if let (Some(c), false) = (note_col, r.help.is_empty()) {
            ws.write_string_with_format(row, c, r.help, &f.hint)?;
        }
        if !r.choices.is_empty() {
            ws.add_data_validation(row, value_col, row, value_col, &list(r.choices, r.label)?)?;
        }
    }
    Ok(())
}

fn help_sheet(ws: &mut Worksheet, f: &Formats) -> Result<(), XlsxError> {
    ws.set_name(HELP_SHEET)?;
    ws.set_column_width(0, 18)?;
    ws.set_column_width(1, 24)?;
    ws.set_column_width(2, 90)?;
    let mut row = 0u32;
    ws.write_string_with_format(row, 0, "部门预算源数据工作簿 填表说明", &f.title)?;
    row += 2;
    for line in GENERAL {
        ws.merge_range(row, 0, row, 2, line, &f.wrap)?;
        ws.set_row_height(row, 30)?;
        row += 1;
    }
    row += 1;
    ws.write_string_with_format(row, 0, "工作表", &f.header)?;
    ws.write_string_with_format(row, 1, "列 / 项目", &f.header)?;
    ws.write_string_with_format(row, 2, "说明", &f.header)?;
    ws.set_freeze_panes(row + 1, 0)?;
    row += 1;
    for spec in SHEETS {
        ws.write_string_with_format(row, 0, spec.name, &f.sheet_title)?;
        ws.write_string_with_format(row, 1, "", &f.sheet_title)?;
        ws.write_string_with_format(row, 2, spec.purpose, &f.sheet_title)?;
        row += 1;
        for c in spec.columns {
            if c.kind == ColKind::Note {
                continue;
            }
            let mut help = c.help.to_string();
            if !c.aliases.is_empty() {
                help.push_str(&format!("。也可写作：{}", c.aliases.join("、")));
            }
            if c.required {
                help.insert_str(0, "【必有此列】");
            }
            ws.write_string_with_format(row, 1, c.header, &f.label)?;
            ws.write_string_with_format(row, 2, &help, &f.wrap)?;
            row += 1;
        }
        for r in spec.rows {
            let label = if r.object.is_empty() {
                r.label.to_string()
            } else {
                format!("{}：{}", r.label, r.object)
            };
            let mut help = r.help.to_string();
            if !r.choices.is_empty() {
                help.push_str(&format!("（可选：{}）", r.choices.join("、")));
            }
            ws.write_string(row, 1, &label)?;
            ws.write_string_with_format(row, 2, &help, &f.hint)?;
            row += 1;
        }
    }
    ws.set_active(true);
    Ok(())
}

const GENERAL: &[&str] = &[
    "1. 本工作簿是单位预算的源数据：按表填写后，yusuan 据此生成公开的表格和文字。合计数不用填，由各行相加得出；填了的合计行（合计、小计、类和款的汇总行）会核对后跳过。",
    "2. 工作表和列按名称识别，不按位置：可以调整列的顺序、增加「备注」列，表头上方可以有标题行和“单位：万元”行。不认识的工作表不读取（会提示）。",
    "3. 金额单位：默认元，可在「单位信息」的「金额单位」改为万元；某列表头写明（元）或（万元）时以表头为准。元最多两位小数，万元最多六位小数。",
    "4. 科目编码：功能分类 3、5 或 7 位（如 2010301），经济分类 3 或 5 位（如 30101）。资金来源、性质、是否核心等列可从下拉列表选择。",
    "5. 读取时逐格检查：有错会指出工作表、单元格（如 支出!D5）和应填的内容，不会只读一半。",
];
