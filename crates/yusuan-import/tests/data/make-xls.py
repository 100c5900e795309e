"""Writes tests/data/budget-excerpt.xls (BIFF8, Excel 97-2003) for office_formats.rs.

Rust has no XLS writer, so this small file is generated once with xlwt
(`pip install xlwt==1.3.0`, then `python make-xls.py` in this folder) and kept in the repository.
It holds two tables of the reference 重庆 disclosure, with merged titles and headers and the
amounts stored as numbers (floats, shown with #,##0.00).
"""
import xlwt

money = xlwt.easyxf(num_format_str="#,##0.00")
wb = xlwt.Workbook(encoding="utf-8")

ws = wb.add_sheet("表二")
ws.write_merge(0, 0, 0, 4, "一般公共预算财政拨款支出预算表")
ws.write(1, 4, "单位：万元")
ws.write_merge(2, 2, 0, 1, "功能分类科目")
ws.write_merge(2, 2, 2, 4, "2025年预算数")
for j, h in enumerate(["科目编码", "科目名称", "总计", "基本支出", "项目支出"]):
    ws.write(3, j, h)
rows = [
    ("合计", "", 3634.33, 1330.33, 2304.00),
    ("212", "城乡社区支出", 1248.18, 221.10, 1027.07),
    ("21201", "城乡社区管理事务", 873.40, 221.10, 652.30),
    ("2120101", "行政运行", 109.45, 109.45, None),
]
for i, (code, name, total, basic, project) in enumerate(rows):
    r = 4 + i
    ws.write(r, 0, code)
    if name:
        ws.write(r, 1, name)
    for j, v in ((2, total), (3, basic), (4, project)):
        if v is not None:
            ws.write(r, j, v, money)

ws = wb.add_sheet("表四")
ws.write_merge(0, 0, 0, 5, "一般公共预算“三公”经费支出表")
ws.write(1, 5, "单位：万元")
ws.write_merge(2, 2, 0, 5, "2025年预算数")
ws.write_merge(3, 4, 0, 0, "合计")
ws.write_merge(3, 4, 1, 1, "因公出国（境）费")
ws.write_merge(3, 3, 2, 4, "公务用车购置及运行费")
ws.write_merge(3, 4, 5, 5, "公务接待费")
ws.write(4, 2, "小计")
ws.write(4, 3, "公务用车购置费")
ws.write(4, 4, "公务用车运行费")
for j, v in enumerate([33.5, 3, 27.5, None, 27.5, 3]):
    if v is not None:
        ws.write(5, j, v, money)

hidden = wb.add_sheet("代码表")
hidden.write(0, 0, "不公开的辅助数据")
hidden.visibility = 1

wb.save("budget-excerpt.xls")
