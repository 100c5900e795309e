#!/usr/bin/env python3
"""Build the embedded classification catalogue (crates/yusuan-model/catalog/*.csv).

Sources, in order of preference for a code's name:
  1. corpus/catalog/*-codes-observed.csv (codes seen in Shanghai disclosures, 2023-2025)
  2. the reference disclosure (重庆 江北城街道 2025, 表二/表三/表七/表八)
  3. the 类 list of the national function classification (as printed in the Shanghai 决算 template)
The catalogue is incomplete by design: yusuan accepts unknown codes and marks them.
Run from the repository root: python3 scripts/build-catalog.py
"""
import csv, re, sys, pathlib

root = pathlib.Path(__file__).resolve().parent.parent
corpus = root / "corpus"
out = root / "crates/yusuan-model/catalog"

# national 类 list (支出功能分类, 2025), as printed in the Shanghai template's 收入支出决算总表
FUNCTION_CLASSES = """201 一般公共服务支出
202 外交支出
203 国防支出
204 公共安全支出
205 教育支出
206 科学技术支出
207 文化旅游体育与传媒支出
208 社会保障和就业支出
209 社会保险基金支出
210 卫生健康支出
211 节能环保支出
212 城乡社区支出
213 农林水支出
214 交通运输支出
215 资源勘探工业信息等支出
216 商业服务业等支出
217 金融支出
219 援助其他地区支出
220 自然资源海洋气象等支出
221 住房保障支出
222 粮油物资储备支出
223 国有资本经营预算支出
224 灾害防治及应急管理支出
227 预备费
229 其他支出
230 转移性支出
231 债务还本支出
232 债务付息支出
233 债务发行费用支出
234 抗疫特别国债安排的支出"""

ECONOMIC_CLASSES = """301 工资福利支出
302 商品和服务支出
303 对个人和家庭的补助
307 债务利息及费用支出
309 资本性支出（基本建设）
310 资本性支出
311 对企业补助（基本建设）
312 对企业补助
313 对社会保障基金补助
399 其他支出"""

# Names a code had before a rename, with the years they were in force: the catalogue names a code
# by the document's year. Only renames known for certain are listed; for a year before a code's
# first known year the name is not checked at all.
RENAMES = [
    # 2019年政府收支分类科目: 文化和旅游部, 国家卫生健康委员会 (2018 机构改革).
    ("function", "207", "文化体育与传媒支出", 2007, 2018),
    ("function", "210", "医疗卫生与计划生育支出", 2014, 2018),
]

def level_of(code, scheme):
    return {3: "类", 5: "款", 7: "项"}[len(code)]

entries = {"function": {}, "economic": {}}

def add(scheme, code, name, first, last, source, alt=""):
    e = entries[scheme].get(code)
    if e is None:
        entries[scheme][code] = dict(code=code, level=level_of(code, scheme), name=name,
                                     alt_names=set(a for a in alt.split("|") if a), first_year=first,
                                     last_year=last, source=source)
    else:
        if name != e["name"]:
            e["alt_names"].add(name)
        e["first_year"] = min(e["first_year"], first)
        e["last_year"] = max(e["last_year"], last)
        if source not in e["source"].split("+"):
            e["source"] += "+" + source

for scheme, fname in (("function", "function-codes-observed.csv"), ("economic", "economic-codes-observed.csv")):
    lines = [l for l in (corpus / "catalog" / fname).read_text().splitlines() if not l.startswith("#")]
    for row in csv.DictReader(lines):
        add(scheme, row["code"], row["name"], 2023, 2025, "shanghai-observed", row.get("alt_names") or "")

for line in FUNCTION_CLASSES.splitlines():
    code, name = line.split()
    add("function", code, name, 2025, 2025, "national-classes")
for line in ECONOMIC_CLASSES.splitlines():
    code, name = line.split()
    add("economic", code, name, 2025, 2025, "national-classes")

cq = (corpus / "chongqing-jiangbeicheng-2025-budget.txt").read_text()
table = None
for line in cq.splitlines():
    if line.startswith("表"):
        table = line.strip()
    m = re.match(r"^(\d{3}|\d{5}|\d{7})\t([^\t]+)", line)
    if m and table in ("表二", "表三", "表七", "表八"):
        scheme = "economic" if table == "表三" else "function"
        add(scheme, m.group(1), m.group(2).strip(), 2025, 2025, "chongqing-2025")

old_names = {"function": [], "economic": []}
for scheme, code, name, first, last in RENAMES:
    e = entries[scheme][code]
    e["first_year"] = min(e["first_year"], last + 1)
    if "renamed" not in e["source"].split("+"):
        e["source"] += "+renamed"
    old_names[scheme].append(dict(code=code, level=e["level"], name=name, alt_names=set(),
                                  first_year=first, last_year=last, source="renamed"))

for scheme in ("function", "economic"):
    with open(out / f"{scheme}.csv", "w", newline="") as f:
        f.write(f"# {'支出功能分类' if scheme == 'function' else '部门预算支出经济分类'} codes seen in real documents; not the official catalogue.\n")
        f.write("# Built by scripts/build-catalog.py. Columns: code,level,name,alt_names (|-separated),first_year,last_year,source\n")
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["code", "level", "name", "alt_names", "first_year", "last_year", "source"])
        for code in sorted(entries[scheme]):
            for e in [entries[scheme][code]] + [o for o in old_names[scheme] if o["code"] == code]:
                w.writerow([e["code"], e["level"], e["name"], "|".join(sorted(e["alt_names"])), e["first_year"], e["last_year"], e["source"]])
    print(scheme, len(entries[scheme]), file=sys.stderr)
