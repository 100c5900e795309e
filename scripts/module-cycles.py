#!/usr/bin/env python3
"""Module cycles in every crate: fails (exit 1) when two modules of a crate use each other,
directly or through others.

A module is a file under src/ (a folder's mod.rs or its file beside it, and the files in the
folder, count as one module with their parent: `layout.rs` and `layout/assign.rs` are `layout`).
A module uses another when its code (tests excluded: the text from `#[cfg(test)]` on) names
`crate::other` or `super::other` where super is the crate root. The crate root (lib.rs,
main.rs) is left out: it declares every module.

Usage: python3 scripts/module-cycles.py [crates-dir]
"""

import re
import sys
from pathlib import Path

USE = re.compile(r"\bcrate::([a-z_][a-z0-9_]*)")
# `use crate::{a, b::c}`: each name at the top of the group.
GROUP = re.compile(r"\bcrate::\{([^}]*)\}")


def top_module(src: Path, file: Path) -> str | None:
    rel = file.relative_to(src)
    if rel.parts[0] in ("lib.rs", "main.rs"):
        return None
    if rel.parts[0] == "bin":
        return None
    return rel.parts[0].removesuffix(".rs")


def code_of(text: str) -> str:
    # The test module comes last in each file here; what follows it is test code.
    cut = text.find("#[cfg(test)]")
    text = text if cut < 0 else text[:cut]
    # Line comments and doc comments name modules in prose ([`crate::grid::build`]).
    return "\n".join(line.split("//", 1)[0] for line in text.splitlines())


def cycles(src: Path) -> list[list[str]]:
    edges: dict[str, set[str]] = {}
    for file in sorted(src.rglob("*.rs")):
        me = top_module(src, file)
        if me is None:
            continue
        code = code_of(file.read_text(encoding="utf-8"))
        uses = set(USE.findall(code))
        for group in GROUP.findall(code):
            for item in group.split(","):
                name = item.strip().split("::", 1)[0].strip()
                if re.fullmatch(r"[a-z_][a-z0-9_]*", name) and name != "self":
                    uses.add(name)
        edges.setdefault(me, set()).update(u for u in uses if u != me)
    # Tarjan's strongly connected components.
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in edges:
                continue  # a module of the root or an external path
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10_000)
    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def main() -> int:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "crates"
    bad = 0
    for krate in sorted(p for p in root.iterdir() if (p / "src").is_dir()):
        for comp in cycles(krate / "src"):
            print(f"{krate.name}: modules use each other: {' ↔ '.join(comp)}")
            bad += 1
    if bad:
        return 1
    print("no module cycles")
    return 0


if __name__ == "__main__":
    sys.exit(main())
