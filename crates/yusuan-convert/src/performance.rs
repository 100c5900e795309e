//! 绩效目标: the overall goal and the projects from the performance tables.

use crate::conv::*;
use crate::ConversionKind;
use yusuan_model::budget::{Goal, Project};
use yusuan_model::disclosure::PerformanceKind;
use yusuan_model::money::Fen;

impl<'a> Conv<'a> {
    pub(crate) fn performance(&mut self) -> (Option<Goal>, Vec<Project>) {
        let d = self.d;
        let mut overall: Option<Goal> = None;
        let mut projects = Vec::new();
        let text = |f: &Option<yusuan_model::disclosure::TextField>| {
            f.as_ref()
                .map(|t| t.text.trim().to_string())
                .unwrap_or_default()
        };
        for p in &d.performance {
            let name = text(&p.name);
            let goal = text(&p.goal);
            let empty = name.is_empty() && goal.is_empty() && p.indicators.is_empty();
            if empty {
                continue;
            }
            match p.kind {
                PerformanceKind::Overall => {
                    if overall.is_some() {
                        self.note(
                            ConversionKind::LeftOut,
                            format!("有多张整体绩效目标表，「{}」未采用", p.title),
                            Some(&p.prov),
                        );
                        continue;
                    }
                    overall = Some(Goal {
                        text: goal,
                        indicators: p.indicators.clone(),
                    });
                }
                PerformanceKind::Project | PerformanceKind::KeyProject => {
                    if name.is_empty() {
                        self.note(
                            ConversionKind::Assumption,
                            format!("{}没有项目名称，项目名称留空", p.title),
                            Some(&p.prov),
                        );
                    }
                    let amount = match &p.budget {
                        Some(b) => b.amount.fen,
                        None => {
                            self.note(
                                ConversionKind::Assumption,
                                format!("项目「{name}」没有当年预算数，记为 0"),
                                Some(&p.prov),
                            );
                            Fen::ZERO
                        }
                    };
                    projects.push(Project {
                        name,
                        department: p
                            .department
                            .as_ref()
                            .map(|t| t.text.trim().to_string())
                            .filter(|s| !s.is_empty()),
                        amount,
                        key: p.kind == PerformanceKind::KeyProject,
                        overview: text(&p.overview),
                        basis: text(&p.basis),
                        goal: Goal {
                            text: goal,
                            indicators: p.indicators.clone(),
                        },
                    });
                }
            }
        }
        (overall, projects)
    }
}
