//! The workbook's layout: its sheets, their columns and (for the list-like sheets) their rows,
//! with the other names finance platforms use for each. The reader maps sheets and columns by
//! these names; the template is written from them, so the two cannot disagree.

/// What a sheet holds.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum SheetKind {
    Unit,
    Income,
    Expenditure,
    Economic,
    ThreePublic,
    Procurement,
    Assets,
    Projects,
    Indicators,
    PriorYear,
    Narrative,
}

/// What a column holds (for the template's formats, widths and lists).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum ColKind {
    /// The label column of a list-like sheet (项目).
    Key,
    Text,
    /// Long text: wrapped in the template.
    LongText,
    /// A classification code: a text column in the template, so codes stay as typed.
    Code,
    /// 资金来源: a list of the nine sources.
    Source,
    Amount,
    /// 是 / 否.
    YesNo,
    /// 指标性质: ≥ ≤ = > < 定性.
    Nature,
    /// A value column of 单位信息 / 国有资产 (text or a number).
    Value,
    /// 填写说明 / 备注: not read.
    Note,
}

#[derive(Copy, Clone)]
pub(crate) struct ColSpec {
    pub header: &'static str,
    pub aliases: &'static [&'static str],
    pub required: bool,
    pub kind: ColKind,
    pub width: f64,
    pub help: &'static str,
}

/// A row of a list-like sheet (单位信息, 三公经费 …): its label, other labels accepted, the
/// text of its 对象 column (说明 only), what to fill in, and the choices offered.
#[derive(Copy, Clone)]
pub(crate) struct RowSpec {
    pub label: &'static str,
    pub object: &'static str,
    pub aliases: &'static [&'static str],
    pub help: &'static str,
    pub choices: &'static [&'static str],
}

pub(crate) struct SheetSpec {
    pub kind: SheetKind,
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    /// What the sheet is for (the template's 填表说明 sheet).
    pub purpose: &'static str,
    pub columns: &'static [ColSpec],
    /// The rows the template fills in the label column of a list-like sheet.
    pub rows: &'static [RowSpec],
    /// A list-like sheet may also be laid out as one column per row label and one data row
    /// (单位信息, 三公经费, 政府采购, 国有资产).
    pub by_columns: bool,
}

impl SheetSpec {
    pub(crate) fn col(&self, header: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.header == header)
    }
}

/// The name of the sheet the template explains itself on; never read.
pub(crate) const HELP_SHEET: &str = "填表说明";
pub(crate) const HELP_ALIASES: &[&str] = &["填表说明", "使用说明", "模板说明", "填报说明"];

/// Headers of columns that hold remarks and are not read.
pub(crate) const NOTE_HEADERS: &[&str] = &[
    "填写说明",
    "备注",
    "注",
    "注释",
    "附注",
    "填报说明",
    "note",
    "notes",
    "comment",
    "序号",
    "行次",
];

/// The labels 绩效指标 uses for the unit's overall goal instead of a project name (the first is
/// the one the template names).
pub(crate) const OVERALL_ALIASES: &[&str] = &[
    "整体绩效目标",
    "部门整体绩效目标",
    "单位整体绩效目标",
    "部门(单位)整体绩效目标",
    "整体绩效",
    "部门整体",
    "单位整体",
];

pub(crate) const SOURCE_LABELS: [&str; 9] = [
    "一般公共预算",
    "政府性基金预算",
    "国有资本经营预算",
    "财政专户管理资金",
    "事业收入",
    "事业单位经营收入",
    "上级补助收入",
    "附属单位上缴收入",
    "其他收入",
];

pub(crate) const NATURE_LABELS: [&str; 6] = ["≥", "≤", "=", ">", "<", "定性"];
pub(crate) const YES_NO: [&str; 2] = ["是", "否"];

const fn col(
    header: &'static str,
    aliases: &'static [&'static str],
    required: bool,
    kind: ColKind,
    width: f64,
    help: &'static str,
) -> ColSpec {
    ColSpec {
        header,
        aliases,
        required,
        kind,
        width,
        help,
    }
}

const fn row(
    label: &'static str,
    aliases: &'static [&'static str],
    help: &'static str,
    choices: &'static [&'static str],
) -> RowSpec {
    RowSpec {
        label,
        object: "",
        aliases,
        help,
        choices,
    }
}

const fn note_col() -> ColSpec {
    col("填写说明", &[], false, ColKind::Note, 60.0, "提示，不读取")
}

const fn source_col() -> ColSpec {
    col(
        "资金来源",
        &["来源", "收入来源", "经费来源", "资金性质"],
        true,
        ColKind::Source,
        20.0,
        "一般公共预算、政府性基金预算、国有资本经营预算、财政专户管理资金、事业收入、事业单位经营收入、上级补助收入、附属单位上缴收入、其他收入（下拉选择）",
    )
}

// ----- the sheets ----------------------------------------------------------------------------

pub(crate) const UNIT: SheetSpec = SheetSpec {
    kind: SheetKind::Unit,
    name: "单位信息",
    aliases: &["单位信息", "基本信息", "单位基本信息", "部门信息"],
    purpose: "单位和本工作簿的基本情况，每行一项：A 列是项目，B 列填内容。预算年度必填。",
    columns: &[
        col(
            "项目",
            &["信息项", "字段", "名称", "事项"],
            true,
            ColKind::Key,
            18.0,
            "项目名称（已列出，不要改动）",
        ),
        col(
            "内容",
            &["填写内容", "值", "数值", "信息"],
            true,
            ColKind::Value,
            60.0,
            "填写的内容",
        ),
        note_col(),
    ],
    rows: &[
        row(
            "单位编码",
            &["单位代码", "预算单位编码", "单位编号", "部门编码"],
            "预算单位编码，如 806",
            &[],
        ),
        row(
            "单位名称",
            &["预算单位名称", "部门名称", "单位全称", "部门(单位)名称"],
            "单位全称",
            &[],
        ),
        row(
            "预算年度",
            &["年度", "预算年份", "年份"],
            "四位年份，如 2025（必填）",
            &[],
        ),
        row(
            "文件种类",
            &["公开类型", "文件类型", "预算类型", "类型"],
            "部门预算、单位预算、部门决算或单位决算；不填为部门预算",
            &["部门预算", "单位预算", "部门决算", "单位决算"],
        ),
        row(
            "地区",
            &["所属地区", "地区格式", "省市"],
            "重庆、上海或全国（决定公开表的样式）；不填为全国",
            &["重庆", "上海", "全国"],
        ),
        row(
            "金额单位",
            &[
                "本表金额单位",
                "数据金额单位",
                "填报金额单位",
                "工作簿金额单位",
            ],
            "本工作簿中金额的单位：元或万元；不填为元。某列表头写明（元）或（万元）时以表头为准",
            &["元", "万元"],
        ),
        row(
            "公开金额单位",
            &["公开表金额单位", "公开表单位", "公开单位"],
            "公开的表格用的金额单位：万元或元；不填为万元",
            &["万元", "元"],
        ),
        row(
            "公开小数位数",
            &["公开表小数位数", "小数位数", "公开小数位"],
            "公开的表格保留几位小数；不填为 2",
            &[],
        ),
        row(
            "联系人",
            &["联系方式", "联系人及电话", "联系电话", "联系人电话"],
            "联系人和电话，如：张三 电话：023-12345678",
            &[],
        ),
        row(
            "下属单位",
            &["下属单位名单", "二级预算单位", "所属单位", "单位构成"],
            "每行一个；可重复本行，或在一格内换行",
            &[],
        ),
        row(
            "内设机构",
            &["内设机构名单", "内设科室"],
            "每行一个；可重复本行，或在一格内换行",
            &[],
        ),
    ],
    by_columns: true,
};

pub(crate) const INCOME: SheetSpec = SheetSpec {
    kind: SheetKind::Income,
    name: "收入",
    aliases: &["收入", "收入预算", "部门收入", "收入明细", "收入预算表"],
    purpose: "本年收入按资金来源，每个来源一行；上年结转另起一行，在「上年结转」列填“是”。",
    columns: &[
        source_col(),
        col(
            "金额",
            &[
                "预算数",
                "本年预算",
                "预算金额",
                "收入",
                "本年收入",
                "收入金额",
                "预算数合计",
            ],
            true,
            ColKind::Amount,
            18.0,
            "金额（单位见单位信息「金额单位」，或在表头写（元）/（万元））",
        ),
        col(
            "上年结转",
            &["是否上年结转", "结转", "上年结转结余"],
            false,
            ColKind::YesNo,
            12.0,
            "上年结转填“是”，本年收入留空",
        ),
        col("备注", &[], false, ColKind::Note, 30.0, "不读取"),
    ],
    rows: &[],
    by_columns: false,
};

pub(crate) const EXPENDITURE: SheetSpec = SheetSpec {
    kind: SheetKind::Expenditure,
    name: "支出",
    aliases: &["支出", "支出预算", "部门支出", "支出明细", "支出预算表", "功能分类支出"],
    purpose: "支出按功能分类科目（一般到项，7 位）和资金来源，每个科目每个来源一行。基本支出也可分填人员经费、公用经费两列。类、款汇总行可以保留：会与其下各项核对后跳过。",
    columns: &[
        col("功能分类科目编码", &["科目编码", "功能科目编码", "支出功能分类科目编码", "功能分类编码", "编码", "科目代码", "功能分类科目代码", "功能分类"], true, ColKind::Code, 16.0, "3、5 或 7 位，如 2010301"),
        col("科目名称", &["功能分类科目名称", "功能科目名称", "名称", "支出功能分类科目名称"], false, ColKind::Text, 30.0, "科目名称"),
        source_col(),
        col("基本支出", &["基本支出合计"], false, ColKind::Amount, 16.0, "基本支出金额"),
        col("项目支出", &["项目支出合计"], true, ColKind::Amount, 16.0, "项目支出金额"),
        col("人员经费", &["人员支出", "基本支出人员经费"], false, ColKind::Amount, 14.0, "可选：基本支出中的人员经费（与公用经费相加为基本支出）"),
        col("公用经费", &["日常公用经费", "公用支出", "基本支出公用经费"], false, ColKind::Amount, 14.0, "可选：基本支出中的公用经费"),
        col("合计", &["小计", "支出合计", "总计", "合计数"], false, ColKind::Amount, 16.0, "可选：基本支出 + 项目支出，会核对"),
        col("备注", &[], false, ColKind::Note, 20.0, "不读取"),
    ],
    rows: &[],
    by_columns: false,
};

pub(crate) const ECONOMIC: SheetSpec = SheetSpec {
    kind: SheetKind::Economic,
    name: "基本支出经济分类",
    aliases: &["基本支出经济分类", "经济分类", "基本支出", "基本支出明细", "一般公共预算基本支出", "经济分类支出", "基本支出预算"],
    purpose: "一般公共预算基本支出按经济分类科目（款，5 位），每款一行。类汇总行可以保留：会与其下各款核对后跳过。",
    columns: &[
        col("经济分类科目编码", &["科目编码", "经济科目编码", "经济分类编码", "编码", "科目代码", "部门预算支出经济分类科目编码", "经济分类"], true, ColKind::Code, 16.0, "3 或 5 位，如 30101"),
        col("科目名称", &["经济分类科目名称", "经济科目名称", "名称"], false, ColKind::Text, 30.0, "科目名称"),
        col("人员经费", &["人员支出"], true, ColKind::Amount, 16.0, "人员经费金额"),
        col("日常公用经费", &["公用经费", "公用支出"], true, ColKind::Amount, 16.0, "日常公用经费金额"),
        col("合计", &["小计", "总计", "合计数"], false, ColKind::Amount, 16.0, "可选：人员经费 + 日常公用经费，会核对"),
        col("备注", &[], false, ColKind::Note, 20.0, "不读取"),
    ],
    rows: &[],
    by_columns: false,
};

const THREE_PUBLIC_ROWS: [RowSpec; 4] = [
    row(
        "因公出国（境）费",
        &[
            "因公出国(境)费用",
            "因公出国费",
            "出国(境)费",
            "因公出国境费",
        ],
        "一般公共预算财政拨款安排的金额",
        &[],
    ),
    row("公务用车购置费", &["车辆购置费", "公务用车购置"], "", &[]),
    row(
        "公务用车运行维护费",
        &["公务用车运行费", "公务用车运行维护", "车辆运行维护费"],
        "",
        &[],
    ),
    row("公务接待费", &["接待费"], "", &[]),
];

pub(crate) const THREE_PUBLIC: SheetSpec = SheetSpec {
    kind: SheetKind::ThreePublic,
    name: "三公经费",
    aliases: &["三公经费", "三公经费预算", "三公", "三公经费表", "三公经费和机关运行经费"],
    purpose: "“三公”经费和机关运行经费（一般公共预算财政拨款），每项一行；也可每项一列、一行数据。合计、公务用车购置及运行维护费等汇总行会核对后跳过。机关运行经费不填表示不公开此项。",
    columns: &[
        col("项目", &["名称", "科目", "费用项目"], true, ColKind::Key, 26.0, "项目名称（已列出）"),
        col("金额", &["预算数", "本年预算", "预算金额", "当年预算"], true, ColKind::Amount, 18.0, "金额"),
        note_col(),
    ],
    rows: &[
        THREE_PUBLIC_ROWS[0],
        THREE_PUBLIC_ROWS[1],
        THREE_PUBLIC_ROWS[2],
        THREE_PUBLIC_ROWS[3],
        row("机关运行经费", &["机关运行费"], "不填表示不公开此项", &[]),
    ],
    by_columns: true,
};

pub(crate) const PROCUREMENT: SheetSpec = SheetSpec {
    kind: SheetKind::Procurement,
    name: "政府采购",
    aliases: &["政府采购", "政府采购预算", "采购", "政府采购预算表"],
    purpose: "政府采购预算：货物、工程、服务各一行；面向中小企业预留（及其中预留给小型和微型企业）有则填。也可每项一列、一行数据。",
    columns: &[
        col("项目", &["名称", "采购类别", "类别", "采购品目"], true, ColKind::Key, 26.0, "项目名称（已列出）"),
        col("金额", &["预算数", "采购预算", "预算金额", "采购金额"], true, ColKind::Amount, 18.0, "金额"),
        note_col(),
    ],
    rows: &[
        row("货物", &["货物类", "政府采购货物", "采购货物", "货物采购", "货物预算"], "", &[]),
        row("工程", &["工程类", "政府采购工程", "采购工程", "工程采购", "工程预算"], "", &[]),
        row("服务", &["服务类", "政府采购服务", "采购服务", "服务采购", "服务预算"], "", &[]),
        row("面向中小企业预留", &["中小企业预留", "面向中小企业预留资金", "预留中小企业"], "有则填", &[]),
        row("预留给小型和微型企业", &["小微企业预留", "面向小微企业预留", "预留给小微企业", "预留小型和微型企业"], "面向中小企业预留中的小微企业部分，有则填", &[]),
    ],
    by_columns: true,
};

pub(crate) const ASSETS: SheetSpec = SheetSpec {
    kind: SheetKind::Assets,
    name: "国有资产",
    aliases: &["国有资产", "国有资产占有使用", "国有资产占有使用情况", "资产", "资产情况"],
    purpose: "国有资产占有使用情况：统计截止时间、车辆数（总数和分类）、拟购置车辆、单价 100 万元以上设备。车辆分类可另加行（项目名含“车”）。",
    columns: &[
        col("项目", &["名称", "资产项目", "事项"], true, ColKind::Key, 26.0, "项目名称"),
        col("内容", &["数量", "数值", "填写内容", "值"], true, ColKind::Value, 18.0, "时间或数量（整数）"),
        note_col(),
    ],
    rows: &[
        row("统计截止时间", &["截止时间", "截至时间", "统计时点", "资产统计时点", "截止日期", "截至日期"], "如 2024年12月", &[]),
        row("车辆总数", &["车辆数", "车辆", "公务用车总数", "共有车辆", "车辆合计"], "辆", &[]),
        row("一般公务用车", &[], "辆；其他车辆分类可另加行", &[]),
        row("执法执勤用车", &[], "辆", &[]),
        row("特种专业技术用车", &[], "辆", &[]),
        row("其他用车", &[], "辆", &[]),
        row("拟购置车辆", &["拟购车辆", "本年拟购置车辆", "购置车辆", "计划购置车辆"], "辆", &[]),
        row("单价100万元以上设备", &["单价100万元(含)以上设备", "单价100万元以上专用设备", "单价100万元(含)以上专用设备", "大型设备"], "台（套）", &[]),
    ],
    by_columns: true,
};

pub(crate) const PROJECTS: SheetSpec = SheetSpec {
    kind: SheetKind::Projects,
    name: "项目",
    aliases: &["项目", "项目信息", "项目明细", "项目库"],
    purpose: "项目及其绩效目标，每个项目一行；项目名称不能重复（绩效指标按名称对应）。",
    columns: &[
        col(
            "项目名称",
            &["项目"],
            true,
            ColKind::Text,
            30.0,
            "项目名称（不重复）",
        ),
        col(
            "主管部门",
            &["主管部门及代码", "主管单位", "主管部门(单位)"],
            false,
            ColKind::Text,
            24.0,
            "如 806-重庆市江北区人民政府江北城街道办事处",
        ),
        col(
            "当年预算",
            &[
                "当年预算数",
                "预算金额",
                "项目金额",
                "金额",
                "年度预算",
                "本年预算",
                "预算数",
            ],
            true,
            ColKind::Amount,
            16.0,
            "金额",
        ),
        col(
            "重点专项",
            &["是否重点专项", "重点项目", "是否重点项目"],
            false,
            ColKind::YesNo,
            10.0,
            "重点专项填“是”，一般性项目留空",
        ),
        col(
            "项目概况",
            &["概况", "项目简介", "项目内容"],
            false,
            ColKind::LongText,
            40.0,
            "项目概况",
        ),
        col(
            "立项依据",
            &["依据", "项目立项依据"],
            false,
            ColKind::LongText,
            40.0,
            "立项依据",
        ),
        col(
            "绩效目标",
            &["当年绩效目标", "年度绩效目标", "项目绩效目标", "当年目标"],
            false,
            ColKind::LongText,
            40.0,
            "当年绩效目标",
        ),
        col("备注", &[], false, ColKind::Note, 20.0, "不读取"),
    ],
    rows: &[],
    by_columns: false,
};

pub(crate) const INDICATORS: SheetSpec = SheetSpec {
    kind: SheetKind::Indicators,
    name: "绩效指标",
    aliases: &["绩效指标", "项目绩效指标", "绩效目标指标", "指标", "绩效指标表"],
    purpose: "绩效指标，每个指标一行。项目名称填「项目」表中的名称；单位整体绩效目标的指标填“整体绩效目标”。",
    columns: &[
        col("项目名称", &["项目"], true, ColKind::Text, 30.0, "「项目」表中的项目名称，或“整体绩效目标”"),
        col("指标类别", &["一级指标", "指标类型"], false, ColKind::Text, 14.0, "可选：如 产出指标"),
        col("二级指标", &[], false, ColKind::Text, 14.0, "可选：如 数量指标"),
        col("指标名称", &["三级指标", "指标"], true, ColKind::Text, 30.0, "指标名称"),
        col("权重", &["指标权重", "分值", "权重(%)"], false, ColKind::Text, 8.0, "如 10 或 12.5"),
        col("性质", &["指标性质", "符号", "比较符号"], false, ColKind::Nature, 8.0, "≥ ≤ = > < 或 定性（下拉选择）"),
        col("指标值", &["目标值", "指标目标值", "指标值(目标)"], false, ColKind::Text, 20.0, "如 100，或定性的文字"),
        col("计量单位", &["度量单位", "单位"], false, ColKind::Text, 10.0, "如 %、人、次"),
        col("是否核心", &["核心指标", "是否核心指标", "核心"], false, ColKind::YesNo, 10.0, "是 或 否"),
        col("备注", &[], false, ColKind::Note, 20.0, "不读取"),
    ],
    rows: &[],
    by_columns: false,
};

pub(crate) const PRIOR_YEAR: SheetSpec = SheetSpec {
    kind: SheetKind::PriorYear,
    name: "上年数",
    aliases: &["上年数", "上年预算", "上年", "上年预算数", "上年数据", "上年度"],
    purpose: "上年预算数，用于公开表的上年列和增减说明；不知道的留空。按功能分类类的上年支出可另加行，项目填 3 位类编码（如 201）。",
    columns: &[
        col("项目", &["名称", "科目"], true, ColKind::Key, 26.0, "项目名称（已列出）；类的支出填类编码"),
        col("金额", &["上年数", "上年预算数", "预算数", "上年预算"], true, ColKind::Amount, 18.0, "上年金额"),
        note_col(),
    ],
    rows: &[
        row("收入合计", &["收入总计", "上年收入合计", "收入"], "", &[]),
        row("支出合计", &["支出总计", "上年支出合计", "支出"], "", &[]),
        row("基本支出", &[], "", &[]),
        row("项目支出", &[], "", &[]),
        row("一般公共预算", &[], "资金来源的上年数；其他来源可另加行", &[]),
        row("政府性基金预算", &[], "", &[]),
        row("国有资本经营预算", &[], "", &[]),
        row("机关运行经费", &[], "", &[]),
        THREE_PUBLIC_ROWS[0],
        THREE_PUBLIC_ROWS[1],
        THREE_PUBLIC_ROWS[2],
        THREE_PUBLIC_ROWS[3],
    ],
    by_columns: false,
};

const fn text_row(label: &'static str, object: &'static str, help: &'static str) -> RowSpec {
    RowSpec {
        label,
        object,
        aliases: &[],
        help,
        choices: &[],
    }
}

pub(crate) const NARRATIVE: SheetSpec = SheetSpec {
    kind: SheetKind::Narrative,
    name: "说明",
    aliases: &["说明", "文字说明", "编制说明", "说明文字", "文字"],
    purpose: "公开文本中需要人写的文字：职能职责、机构设置、整体绩效目标、增减原因、名词解释、其他情况说明。一行一段；同一项目可写多行（依次连接）。",
    columns: &[
        col("项目", &["类别", "事项"], true, ColKind::Key, 14.0, "职能职责、机构设置、整体绩效目标、增减原因、名词解释或情况说明"),
        col("对象", &["主题", "名词", "针对", "科目", "对象或名词"], false, ColKind::Text, 16.0, "增减原因：哪个数（收入合计、支出合计、基本支出、项目支出、一般公共预算、三公经费、机关运行经费或类编码）；名词解释：名词；情况说明：机关运行经费、政府采购、绩效目标或国有资产"),
        col("内容", &["文字", "说明内容", "正文", "内容说明"], true, ColKind::LongText, 80.0, "文字"),
        note_col(),
    ],
    rows: &[
        text_row("职能职责", "", "部门（单位）职能职责"),
        text_row("机构设置", "", "机构设置、单位构成"),
        text_row("整体绩效目标", "", "部门（单位）整体绩效目标；其指标填在「绩效指标」表"),
        text_row("增减原因", "收入合计", "比上年增减的原因"),
        text_row("增减原因", "支出合计", ""),
        text_row("增减原因", "基本支出", ""),
        text_row("增减原因", "项目支出", ""),
        text_row("增减原因", "一般公共预算", ""),
        text_row("增减原因", "政府性基金预算", ""),
        text_row("增减原因", "国有资本经营预算", ""),
        text_row("增减原因", "三公经费", ""),
        text_row("增减原因", "机关运行经费", ""),
        text_row("名词解释", "", "对象填名词，内容填解释；可加多行"),
        text_row("情况说明", "机关运行经费", "机关运行经费的用途等"),
        text_row("情况说明", "政府采购", ""),
        text_row("情况说明", "绩效目标", "绩效目标管理情况"),
        text_row("情况说明", "国有资产", "国有资产占有使用情况"),
    ],
    by_columns: false,
};

/// Every data sheet, in the template's order.
pub(crate) const SHEETS: [&SheetSpec; 11] = [
    &UNIT,
    &INCOME,
    &EXPENDITURE,
    &ECONOMIC,
    &THREE_PUBLIC,
    &PROCUREMENT,
    &ASSETS,
    &PROJECTS,
    &INDICATORS,
    &PRIOR_YEAR,
    &NARRATIVE,
];

/// Reason subjects (增减原因 对象) and note sections (情况说明 对象): the Chinese a unit writes
/// and the key the budget keeps.
pub(crate) const REASON_SUBJECTS: &[(&str, &[&str])] = &[
    (
        "income_total",
        &["收入合计", "收入总计", "收入", "收入预算", "部门收入"],
    ),
    (
        "expenditure_total",
        &["支出合计", "支出总计", "支出", "支出预算", "部门支出"],
    ),
    ("basic", &["基本支出"]),
    ("project", &["项目支出"]),
    ("three_public", &["三公经费", "三公"]),
    ("admin_cost", &["机关运行经费"]),
];

pub(crate) const NOTE_SECTIONS: &[(&str, &[&str])] = &[
    ("admin_cost", &["机关运行经费"]),
    ("procurement", &["政府采购", "政府采购情况"]),
    (
        "performance",
        &[
            "绩效目标",
            "绩效",
            "预算绩效",
            "绩效目标管理",
            "绩效目标设置情况",
        ],
    ),
    (
        "assets",
        &["国有资产", "国有资产占有使用", "国有资产占有使用情况"],
    ),
];
