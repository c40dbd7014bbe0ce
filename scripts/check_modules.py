#!/usr/bin/env python3
"""Checks two habits of the crate (README, "How we keep the code"):

1. No import cycle between the crate's top-level modules (src/<module>.rs or
   src/<module>/), except through the shared state (`state`, which by design knows every
   part it holds and is known by every handler).
2. No `#[allow(...)]` in Rust code: `#[expect(..., reason = "...")]` says why, and the
   compiler tells when it is no longer needed.

Exits 1 and lists what it found; prints the module graph with --graph.
"""

import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
SHARED = {"state"}
# `lib.rs` and `main.rs` list or use every module; they are the crate's root, not a module.
ROOTS = {"lib", "main"}

USE = re.compile(r"\bcrate::([a-z_][a-z0-9_]*)")
GROUP = re.compile(r"\buse\s+crate::\{([^;]*)\}", re.S)
ALLOW = re.compile(r"#!?\[(?:allow\(|cfg_attr\(.*\ballow\()")


def module_of(path: pathlib.Path) -> str:
    rel = path.relative_to(SRC)
    return rel.parts[0].removesuffix(".rs")


def edges() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for path in SRC.rglob("*.rs"):
        source = module_of(path)
        if source in ROOTS:
            continue
        text = path.read_text()
        targets = set(USE.findall(text))
        for group in GROUP.findall(text):
            targets.update(re.findall(r"(?:^|[,{\s])([a-z_][a-z0-9_]*)(?=::|\s*[,}]|\s*$)", group))
        graph.setdefault(source, set()).update(t for t in targets if t != source)
    known = set(graph)
    return {m: {t for t in ts if t in known} for m, ts in graph.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def main() -> int:
    graph = edges()
    if "--graph" in sys.argv:
        for module in sorted(graph):
            print(f"{module} -> {', '.join(sorted(graph[module])) or '-'}")
    without_shared = {
        m: {t for t in ts if t not in SHARED} for m, ts in graph.items() if m not in SHARED
    }
    problems = []
    for component in cycles(without_shared):
        pairs = [
            f"{a} -> {b}"
            for a in component
            for b in sorted(without_shared[a])
            if b in component
        ]
        problems.append("import cycle between " + ", ".join(component) + ": " + "; ".join(pairs))
    for path in sorted([*SRC.rglob("*.rs"), *(ROOT / "tests").rglob("*.rs"), *(ROOT / "benches").rglob("*.rs")]):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if ALLOW.search(line):
                problems.append(
                    f"{path.relative_to(ROOT)}:{number}: #[allow] without a reason; "
                    "use #[expect(..., reason = \"...\")]"
                )
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
