"""Third-party libraries stay at the edges and writers stay independent (ARCHITECTURE.md)."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import PROJECT

PACKAGE = PROJECT / "exporter"

# library → the only places (path prefixes inside exporter/) allowed to import it
EDGES = {
    "docx": ("writers/docx/", "importer/word.py"),  # writing Word files, and reading the clerk's own
    "lxml": ("writers/docx/",),
    "reportlab": ("writers/pdf/",),
    "pikepdf": ("writers/pdf/",),
    "PIL": ("images.py",),  # the 印章 is decoded once, when the source is loaded
    "pypdfium2": ("serve/work.py",),  # the preview rasterises the PDF writer's pages
    "starlette": ("serve/app.py",),
    "uvicorn": ("serve/server.py",),
    "openpyxl": ("writers/xlsx",),
    "yaml": ("yamlsource.py",),
    "fontTools": ("fonts.py", "fontsetup.py"),
}


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = "." * node.level + (node.module or "")
            names.add(base)
            separator = "" if base.endswith(".") else "."
            names.update(base + separator + alias.name for alias in node.names)
    return names


def modules() -> list[tuple[str, set[str]]]:
    return [(str(p.relative_to(PACKAGE)), imports_of(p)) for p in sorted(PACKAGE.rglob("*.py"))]


def test_third_party_libraries_only_at_their_edges() -> None:
    offenders = []
    for relative, names in modules():
        for library, allowed in EDGES.items():
            if any(n == library or n.startswith(library + ".") for n in names):
                if not relative.startswith(allowed):
                    offenders.append(f"{relative} imports {library}")
    assert not offenders


def test_writers_do_not_import_each_other() -> None:
    writers = ("docx", "pdf", "xlsx")
    offenders = []
    for relative, names in modules():
        if not relative.startswith("writers/"):
            continue
        own = relative.split("/")[1].removesuffix(".py")
        for other in writers:
            if other != own and any(f"writers.{other}" in n or (n.startswith("..") and n.lstrip(".").startswith(other)) for n in names):
                offenders.append(f"{relative} imports writers.{other}")
    assert not offenders


def test_cjk_rules_are_pure_text_code() -> None:
    for relative, names in modules():
        if relative.startswith("cjk/"):
            project_imports = [n for n in names if n.startswith("..") or n.startswith("exporter")]
            assert not project_imports, f"{relative} imports {project_imports}"
