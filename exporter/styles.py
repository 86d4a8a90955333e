"""Style sheets: a schema declared once (label, units, bounds per field), read by one generic reader, with
inheritance through `base:` and every problem located; every value, default included, lives in styles/*.yaml."""

from __future__ import annotations

import dataclasses
import functools
import math
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping, NewType, TypeVar, get_type_hints

from .errors import Diagnostic, Location, StyleError, error, relative_name
from .yamlsource import Map, Reader, Scalar, Seq, is_null, read_yaml

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

STYLES_DIR = Path(__file__).resolve().parent.parent / "styles"
DEFAULT_STYLE = "gbt9704"
MM_PER_PT = 25.4 / 72
UNITS = ("mm", "pt", "字", "行")
ALIGNMENTS = ("left", "right", "center", "justify")
BODY_ROLE = "body"
CHARACTER_STYLE_SUFFIX = "Char"  # Word names a linked character style after its paragraph style: Heading1Char
# Word keeps character spacing (w:spacing) in twentieths of a point; both outputs use the value Word can store.
SPACING_STEPS_PER_PT = 20

Color = NewType("Color", str)  # "#RRGGBB"


@dataclass(frozen=True)
class Length:
    """A length as written (amount and unit) and in points."""

    amount: float
    unit: str
    pt: float

    @property
    def mm(self) -> float:
        return self.pt * MM_PER_PT

    @property
    def chars(self) -> float | None:
        """The amount in 字 when written in 字 (Word's *Chars attributes want it)."""
        return self.amount if self.unit == "字" else None

    @property
    def lines(self) -> float | None:
        return self.amount if self.unit == "行" else None


def spec(label: str, *units: str, minimum: float | None = None, maximum: float | None = None,
         required: bool = True, inherited: bool = True) -> Any:
    """A field of the schema: its Chinese label, the units a length may be written in, and its bounds (in points
    for lengths). Declared once here; the reader, its messages and the bounds all come from it.

    A field that is not `required` (text only) reads as "" when the style does not give it; a role's field
    that is not `inherited` is taken from the role itself, never from its base role.
    """
    return field(metadata={"label": label, "units": units or UNITS, "minimum": minimum, "maximum": maximum,
                           "required": required, "inherited": inherited})


# ---------------------------------------------------------------- the schema
@dataclass(frozen=True)
class PageGeometry:
    """Paper and text block (版心) §5.2.1."""

    width: Length = spec("纸张宽度", "mm", "pt", minimum=72, maximum=2000)
    height: Length = spec("纸张高度", "mm", "pt", minimum=72, maximum=2000)
    margin_top: Length = spec("天头（上边距）", "mm", "pt", minimum=0, maximum=1000)
    margin_left: Length = spec("订口（左边距）", "mm", "pt", minimum=0, maximum=1000)
    text_width: Length = spec("版心宽度", "mm", "pt", minimum=72, maximum=2000)
    text_height: Length = spec("版心高度", "mm", "pt", minimum=72, maximum=2000)

    @property
    def margin_right_pt(self) -> float:
        return self.width.pt - self.margin_left.pt - self.text_width.pt

    @property
    def margin_bottom_pt(self) -> float:
        return self.height.pt - self.margin_top.pt - self.text_height.pt


@dataclass(frozen=True)
class Grid:
    """Lines per page, characters per line and the line pitch §5.2.3."""

    lines_per_page: int = spec("每页行数", minimum=1, maximum=100)
    chars_per_line: int = spec("每行字数", minimum=1, maximum=100)
    line_pitch: Length = spec("行距", "mm", "pt", minimum=4, maximum=200)
    cell_pt: float = 0.0  # derived: text width / characters per line


@dataclass(frozen=True)
class FontFace:
    """A face by role: the name the DOCX asks for and the face layout measures and the PDF embeds."""

    word: str = spec("Word 中的字体名")
    word_alt: str = spec("Word 备用字体名")
    face: str = spec("排版和 PDF 嵌入的字体")
    key: str = ""  # derived: its key under `fonts`


@dataclass(frozen=True)
class WordStyle:
    """How Word knows a text role: the style id written in the DOCX and the names a clerk sees in Word's styles.

    The role's paragraph style has the id and `name`; the character style that carries the role's look
    for runs inside another role's paragraph (the body text after a run-in heading, 签发人 on the
    发文字号 line) has `character_id` and `character_name`. Ids and names Word gives its built-in
    styles (Normal, Title, heading 1–9) make the role that built-in style, which Word's navigation pane,
    outlines and converters (pandoc, mammoth) know by that name.
    """

    id: str = spec("Word 样式 ID")
    name: str = spec("Word 段落样式名")
    character_name: str = spec("Word 字符样式名")
    alias: str = spec("Word 样式别名", required=False)  # w:aliases: another name the style list shows (一级标题)

    @cached_property  # looked up for every run of another role
    def character_id(self) -> str:
        """The character style's id: the paragraph style's with Word's suffix for linked styles (Heading1Char)."""
        return f"{self.id}{CHARACTER_STYLE_SUFFIX}"


@dataclass(frozen=True)
class WordParagraphStyle:
    """A paragraph style of the DOCX that is no role's own: the page number's mirror on even pages (§7.5)."""

    id: str = spec("Word 样式 ID")
    name: str = spec("Word 段落样式名")


@dataclass(frozen=True)
class TextRole:
    """How one kind of text looks; a role takes what it does not say from its `base` (the body's by default)."""

    font: str = spec("字体")
    size: Length = spec("字号", "pt", minimum=5, maximum=100)
    first_indent: Length = spec("首行缩进", minimum=-500, maximum=500)
    left_indent: Length = spec("左缩进", minimum=0, maximum=500)
    right_indent: Length = spec("右缩进", minimum=0, maximum=500)
    align: str = spec("对齐方式")
    bold: bool = spec("加粗")
    color: Color = spec("颜色")
    outline_level: int = spec("大纲级别", minimum=0, maximum=9)
    latin_font: str = spec("西文字体")  # key into fonts: the face of its digits and Latin letters (§7.1)
    keep_with_next: bool = spec("与下段同页")  # never the last line on a page: a heading stands with what it opens
    # Each role names its own Word styles: ids and names are unique, so none is taken from a base role.
    word: WordStyle = spec("Word 样式", inherited=False)
    name: str = ""  # derived: its key under `roles`


@dataclass(frozen=True)
class Header:
    """版头 settings §7.2."""

    enabled: bool = spec("是否印版头")
    mark_offset: Length = spec("发文机关标志距版心上边缘", minimum=0, maximum=500)
    mark_suffix: str = spec("发文机关标志后缀")
    number_gap: Length = spec("标志与发文字号的间距", minimum=0, maximum=500)
    number_indent: Length = spec("发文字号缩进", minimum=0, maximum=200)
    rule_gap: Length = spec("发文字号与红线间距", minimum=0, maximum=100)
    rule_width: Length = spec("红线粗细", minimum=0.1, maximum=10)
    rule_color: Color = spec("红线颜色")
    title_gap: Length = spec("红线与标题间距", minimum=0, maximum=500)


@dataclass(frozen=True)
class BodySpacing:
    """Gaps around the body's closing elements §7.3."""

    recipient_gap: Length = spec("标题与主送机关（或正文）间距", minimum=0, maximum=500)
    attachment_gap: Length = spec("正文与附件说明间距", minimum=0, maximum=500)
    signature_gap: Length = spec("正文与署名间距", minimum=0, maximum=500)
    date_offset: Length = spec("成文日期相对署名右移", minimum=0, maximum=200)


@dataclass(frozen=True)
class Seal:
    """印章 placement §7.3.5.1."""

    diameter: Length = spec("印章直径", minimum=10, maximum=300)
    top_gap: Length = spec("印章顶端距正文", minimum=0, maximum=100)
    date_right_indent: Length = spec("加盖印章时成文日期右空", minimum=0, maximum=300)

    def name_line(self, line_pitch: float) -> int:
        """Grid lines from the body's last line to the 署名: the name sits just below the seal's centre."""
        return max(1, round((self.top_gap.pt + self.diameter.pt / 2) / line_pitch))


@dataclass(frozen=True)
class TableRules:
    """Tables §8: cell padding and border strokes."""

    cell_padding: Length = spec("单元格左右留白", minimum=0, maximum=50)
    rule_width: Length = spec("表格内线粗细", minimum=0.1, maximum=5)
    frame_width: Length = spec("表格外框粗细", minimum=0.1, maximum=5)


@dataclass(frozen=True)
class AttachmentSpacing:
    """附件 §7.3.7: blank lines between its label, title and body."""

    title_gap: Length = spec("附件标识与附件标题间距", minimum=0, maximum=500)
    body_gap: Length = spec("附件标题与附件正文间距", minimum=0, maximum=500)


@dataclass(frozen=True)
class Colophon:
    """版记 settings §7.4."""

    enabled: bool = spec("是否印版记")
    thick_rule: Length = spec("版记粗线", minimum=0.1, maximum=5)
    thin_rule: Length = spec("版记细线", minimum=0.1, maximum=5)
    even_page: bool = spec("版记置于偶数页")


@dataclass(frozen=True)
class PageNumber:
    """页码 settings §7.5."""

    format: str = spec("页码格式")
    offset: Length = spec("页码距版心下边缘", minimum=0, maximum=200)
    inset: Length = spec("页码缩进", minimum=0, maximum=200)
    even_word: WordParagraphStyle = spec("偶数页页码的 Word 样式")  # the page_number role's style mirrored

    def text(self, number: int) -> str:
        return self.format.replace("{n}", str(number))


@dataclass(frozen=True)
class PdfOptions:
    """PDF settings."""

    pdfa: bool = spec("PDF/A-2b")
    language: str = spec("文档语言")
    fallback_faces: tuple[str, ...] = spec("缺字时依次使用的字体")  # tried in order for a character a role's face lacks


@dataclass(frozen=True)
class StyleSheet:
    """A whole style sheet, every value checked."""

    name: str
    description: str
    page: PageGeometry
    grid: Grid
    fonts: Mapping[str, FontFace]
    roles: Mapping[str, TextRole]
    header: Header
    body: BodySpacing
    seal: Seal
    table: TableRules
    attachment: AttachmentSpacing
    colophon: Colophon
    page_number: PageNumber
    pdf: PdfOptions
    files: tuple[str, ...]  # the style files read, base last

    def role(self, name: str) -> TextRole:
        """The text role `name`; a missing role is a style error, never a guessed default."""
        try:
            return self.roles[name]
        except KeyError:
            raise StyleError(error("S030", f"样式表 {self.name} 缺少文字角色“{name}”", Location(self.files[0]))) from None

    def face(self, role_name: str) -> FontFace:
        """The font face of a text role."""
        return self.fonts[self.role(role_name).font]

    def latin_face(self, role_name: str) -> FontFace:
        """The face of a text role's digits and Latin letters (§7.1: Times New Roman unless the role says otherwise)."""
        return self.fonts[self.role(role_name).latin_font]

    def tracking(self, role_name: str) -> float:
        """Points added to every character's advance so chars_per_line body characters fill one line (§5.2.3).

        Negative (condensed) for roles set in the body size, rounded away from zero to the twentieths of a
        point Word can store, so both outputs fit 28 字 into 156 mm on the same measure; 0 for other sizes,
        which keep their natural width.
        """
        size = self.role(role_name).size.pt
        cell = self.grid.cell_pt
        if size != self.role(BODY_ROLE).size.pt or size <= cell:
            return 0.0
        return -math.ceil(round((size - cell) * SPACING_STEPS_PER_PT, 6)) / SPACING_STEPS_PER_PT


# The sections of a style file: key → (Chinese name, schema).
SECTIONS: dict[str, tuple[str, type]] = {
    "page": ("页面", PageGeometry), "grid": ("版心网格", Grid), "header": ("版头", Header), "body": ("主体", BodySpacing),
    "seal": ("印章", Seal), "table": ("表格", TableRules), "attachment": ("附件", AttachmentSpacing),
    "colophon": ("版记", Colophon), "page_number": ("页码", PageNumber), "pdf": ("PDF", PdfOptions),
}
_TOP = {"base": "继承的样式表", "name": "名称", "description": "说明", "fonts": "字体",
        "roles": "文字角色", **{key: label for key, (label, _) in SECTIONS.items()}}
# Word's built-in paragraph styles a role may become, by id, with the names Word knows them by
# (ECMA-376 Part 1 §17.7.4.9: the name identifies a built-in style, whatever the application shows).
WORD_BUILT_IN_STYLES = {"Normal": "Normal", "Title": "Title", **{f"Heading{n}": f"heading {n}" for n in range(1, 10)}}
# Styles every DOCX keeps for Word (default fonts of runs, tables and lists): no role may take their id or name.
WORD_TEMPLATE_STYLES = {"DefaultParagraphFont": "Default Paragraph Font", "TableNormal": "Normal Table",
                        "NoList": "No List"}
_TEMPLATE_NAMES = frozenset(name.casefold() for name in WORD_TEMPLATE_STYLES.values())
_BUILT_IN_IDS = {name.casefold(): style_id for style_id, name in WORD_BUILT_IN_STYLES.items()}
_STYLE_ID_RE = re.compile(r"[A-Za-z0-9_-]+")
_OWN_ROLE_KEYS = frozenset(f.name for f in dataclasses.fields(TextRole) if not f.metadata.get("inherited", True))
_LENGTH_RE = re.compile(r"\s*([0-9]+(?:\.[0-9]+)?)\s*(mm|pt|字|行)\s*")
_COLOR_RE = re.compile(r"#[0-9A-Fa-f]{6}")
S = TypeVar("S", bound="DataclassInstance")  # a schema section: a dataclass whose fields are read


def labels(schema: type) -> dict[str, str]:
    """Field key → Chinese label, as the schema declares them ({} for a type that is no schema)."""
    if not dataclasses.is_dataclass(schema):
        return {}
    return {f.name: f.metadata["label"] for f in dataclasses.fields(schema) if "label" in f.metadata}


# ---------------------------------------------------------------- loading
def style_path(name_or_path: str) -> Path:
    """A style given by name (gbt9704) or by path."""
    if name_or_path.endswith((".yaml", ".yml")) or "/" in name_or_path:
        return Path(name_or_path)
    return STYLES_DIR / f"{name_or_path}.yaml"


def built_in_styles() -> list[str]:
    """The names of the style sheets that come with the program."""
    return sorted(path.stem for path in STYLES_DIR.glob("*.yaml"))


def load_style(name_or_path: str = DEFAULT_STYLE) -> StyleSheet:
    """Load and validate a style sheet with its bases; raise StyleError listing every problem."""
    problems: list[Diagnostic] = []
    merged, files = _merged_tree(style_path(name_or_path), problems, [])
    if merged is None or problems:
        raise StyleError(problems or [error("S001", "无法读取样式表", Location(name_or_path))])
    sheet = _build(merged, files, problems)
    if problems or sheet is None:
        raise StyleError(problems)
    return sheet


Tree = dict[str, "Tree | Scalar | Seq | Map"]


def _merged_tree(path: Path, problems: list[Diagnostic], chain: list[Path]) -> tuple[Tree | None, list[str]]:
    """The style tree of `path` laid over its base's, recursively."""
    name = relative_name(path)
    if path.resolve() in chain:
        problems.append(error("S002", "样式表的 base 形成了循环继承", Location(name)))
        return None, []
    root, found = read_yaml(path, name)
    problems.extend(found)
    if root is None:
        return None, []
    reader = Reader()
    top = reader.mapping(root, "样式表", _TOP)
    problems.extend(reader.problems)
    if top is None:
        return None, []
    tree: Tree = {}
    files: list[str] = []
    base_name = reader.text(top.get("base"), "base")
    if base_name:
        base_path = _base_path(base_name, path.parent)
        if base_path is None:
            problems.append(error("S003", f"找不到 base 样式表“{base_name}”", (top.get("base") or top).location,
                                  f"写内置样式表的名称（{'、'.join(built_in_styles())}），或与本文件同一目录中的样式表文件名。"))
            return None, []
        base_tree, files = _merged_tree(base_path, problems, chain + [path.resolve()])
        if base_tree is None:
            return None, []
        tree = base_tree
    _overlay(tree, top, top_level=True)
    return tree, [name, *files]


def _base_path(base_name: str, folder: Path) -> Path | None:
    """A base named by path, or by name: beside the style that names it first, then among the built-in styles."""
    if "/" in base_name or base_name.endswith((".yaml", ".yml")):
        candidates = [folder / base_name]
    else:
        candidates = [folder / f"{base_name}.yaml", STYLES_DIR / f"{base_name}.yaml"]
    return next((candidate for candidate in candidates if candidate.is_file()), None)


def _overlay(tree: Tree, node: Map, top_level: bool = False) -> None:
    """Lay a mapping over a tree: nested mappings merge key by key, anything else replaces."""
    for key, value in node.entries:
        if key.raw == "base" and top_level:
            continue  # the file's base names the style to inherit, read before; a role's base stays
        current = tree.get(key.raw)
        if isinstance(value, Map) and isinstance(current, dict):
            current["__node__"] = value
            _overlay(current, value)
        elif isinstance(value, Map):
            sub: Tree = {"__node__": value}  # keeps the location of the mapping
            _overlay(sub, value)
            tree[key.raw] = sub
        else:
            tree[key.raw] = value


def _location(tree: Tree, default: Location) -> Location:
    node = tree.get("__node__")
    return node.location if isinstance(node, Map) else default


@functools.cache
def _hints(schema: type) -> dict[str, Any]:
    """A schema's field types, evaluated once: each evaluation compiles every annotation's string."""
    return get_type_hints(schema)


class _StyleReader:
    """Reads any schema dataclass from a merged tree, field by field as the schema declares, collecting problems."""

    def __init__(self, problems: list[Diagnostic], file: str) -> None:
        self.problems = problems
        self.file = file
        self.char_pt = 0.0  # one 字: the width of a Chinese character of the body size (Word's 字符 unit)
        self.line_pt = 0.0

    def fail(self, code: str, message: str, location: Location, hint: str = "") -> None:
        self.problems.append(error(code, message, location, hint))

    def section(self, tree: Tree, key: str, where_label: str, schema: type) -> Tree:
        value = tree.get(key)
        if not isinstance(value, dict):
            self.fail("S010", f"样式表缺少“{key}”（{where_label}）部分", Location(self.file))
            return {}
        self.unknown_keys(value, labels(schema), key)
        return value

    def unknown_keys(self, tree: Tree, known: Mapping[str, str], where: str, allowed_extra: tuple[str, ...] = ()) -> None:
        """Report each key of `tree` that the schema does not know."""
        for sub, node in tree.items():
            if sub != "__node__" and sub not in known and sub not in allowed_extra:
                place = node.location if isinstance(node, (Scalar, Map, Seq)) else _location(tree, Location(self.file))
                self.fail("S011", f"“{where}”中有未知的键“{sub}”", place, "可用的键：" + "、".join(known))

    def read(self, schema: type[S], tree: Tree, where: str) -> S:
        """An instance of `schema` from `tree`: every declared field required, typed, in its units and bounds."""
        hints = _hints(schema)
        values: dict[str, object] = {}
        for item in dataclasses.fields(schema):
            if "label" not in item.metadata:
                continue
            values[item.name] = self._value(hints[item.name], tree, item.name, where, item.metadata)
        return schema(**values)

    def _value(self, kind: object, tree: Tree, key: str, where: str, meta: Mapping[str, Any]) -> object:
        node = tree.get(key)
        label = meta["label"]
        if isinstance(kind, type) and labels(kind):  # a mapping of its own schema
            return self._nested(kind, tree, key, where, label)
        if not meta["required"] and (node is None or isinstance(node, Scalar) and is_null(node)):
            assert kind is str, "only text may be left out"
            return ""
        if kind == tuple[str, ...]:
            reader = Reader()
            found = reader.texts(node if isinstance(node, (Scalar, Seq)) else None, f"{where}.{key}")
            self.problems.extend(reader.problems)
            return found
        scalar = self._scalar(tree, key, where, label)
        if kind is Length:
            return self._length(scalar, f"{where}.{key}", label, meta)
        if kind is int:
            return self._integer(scalar, f"{where}.{key}", label, meta)
        if kind is bool:
            reader = Reader()
            value = reader.boolean(scalar, f"{where}.{key}")
            self.problems.extend(reader.problems)
            return bool(value)
        if kind is Color:
            if scalar is None:
                return Color("#000000")
            if not _COLOR_RE.fullmatch(scalar.raw):
                self.fail("S015", f"{where}.{key}（{label}）应当是 #RRGGBB 形式的颜色，这里是“{scalar.raw}”", scalar.location)
                return Color("#000000")
            return Color(scalar.raw.upper())
        return scalar.raw if scalar is not None else ""

    def _nested(self, schema: type[S], tree: Tree, key: str, where: str, label: str) -> S:
        """A mapping of its own schema (`word: {id: …, name: …}`); one problem when it is missing or not a mapping."""
        value = tree.get(key)
        if isinstance(value, dict):
            self.unknown_keys(value, labels(schema), f"{where}.{key}")
            return self.read(schema, value, f"{where}.{key}")
        keys = "、".join(f"{sub}（{sub_label}）" for sub, sub_label in labels(schema).items())
        if value is None or (isinstance(value, Scalar) and is_null(value)):
            self.fail("S013", f"样式表缺少 {where}.{key}（{label}）", _location(tree, Location(self.file)),
                      f"在 {where} 下添加“{key}: {{…}}”，其中写 {keys}。")
        else:
            place = value.location if isinstance(value, (Scalar, Seq, Map)) else _location(tree, Location(self.file))
            self.fail("S012", f"{where}.{key}（{label}）应当是一组“键: 值”", place, f"其中写 {keys}。")
        reported, self.problems = self.problems, []
        blank = self.read(schema, {}, f"{where}.{key}")  # every field empty: already reported as a whole
        self.problems = reported
        return blank

    def _scalar(self, tree: Tree, key: str, where: str, label: str) -> Scalar | None:
        value = tree.get(key)
        if isinstance(value, (dict, Seq, Map)):
            self.fail("S012", f"{where}.{key}（{label}）应当是一个值", _location(tree, Location(self.file)))
            return None
        if value is None or (isinstance(value, Scalar) and is_null(value)):
            self.fail("S013", f"样式表缺少 {where}.{key}（{label}）", _location(tree, Location(self.file)),
                      f"在 {where} 下添加“{key}: …”。")
            return None
        return value

    def _length(self, node: Scalar | None, what: str, label: str, meta: Mapping[str, Any]) -> Length:
        if node is None:
            return Length(0, "pt", 0)
        units: tuple[str, ...] = meta["units"]
        match = _LENGTH_RE.fullmatch(node.raw)
        if not match or match[2] not in units:
            self.fail("S014", f"{what}（{label}）应当是带单位的长度（{'、'.join(units)}），这里是“{node.raw}”",
                      node.location, "例如 37mm、16pt、2字、1行。")
            return Length(0, "pt", 0)
        amount, unit = float(match[1]), match[2]
        factor = {"mm": 72 / 25.4, "pt": 1.0, "字": self.char_pt, "行": self.line_pt}[unit]
        length = Length(amount, unit, amount * factor)
        self._bounds(length.pt, node, what, label, meta, "pt")
        return length

    def _integer(self, node: Scalar | None, what: str, label: str, meta: Mapping[str, Any]) -> int:
        if node is None:
            return 0
        if not re.fullmatch(r"[+-]?\d{1,6}", node.raw.strip()):
            self.fail("S014", f"{what}（{label}）应当是整数，这里是“{node.raw}”", node.location)
            return 0
        value = int(node.raw)
        self._bounds(value, node, what, label, meta, "")
        return value

    def _bounds(self, value: float, node: Scalar, what: str, label: str, meta: Mapping[str, Any], unit: str) -> None:
        low, high = meta["minimum"], meta["maximum"]
        if low is not None and value < low - 1e-9 or high is not None and value > high + 1e-9:
            shown = f"{value:g}{unit}"
            self.fail("S021", f"{what}（{label}）是 {node.raw}（{shown}），超出合理范围 {low:g}～{high:g}{unit}",
                      node.location, "检查数值和单位是否写错。")


def _build(tree: Tree, files: list[str], problems: list[Diagnostic]) -> StyleSheet | None:
    r = _StyleReader(problems, files[0])
    sections: dict[str, object] = {}
    for key, (label, schema) in SECTIONS.items():
        section_tree = r.section(tree, key, label, schema)
        sections[key] = r.read(schema, section_tree, key)
        if key == "grid":  # 字 and 行 are lengths on the grid: known once page and grid are read
            page, grid = sections["page"], sections["grid"]
            assert isinstance(page, PageGeometry) and isinstance(grid, Grid)
            cell = page.text_width.pt / grid.chars_per_line if grid.chars_per_line else 0.0
            sections["grid"] = dataclasses.replace(grid, cell_pt=cell)
            r.char_pt, r.line_pt = _body_size(tree), grid.line_pitch.pt
            _check_grid(page, grid, section_tree, r)
    fonts = _fonts(tree, r)
    roles = _roles(tree, r, fonts)
    page_number = sections["page_number"]
    assert isinstance(page_number, PageNumber)
    if page_number.format and "{n}" not in page_number.format:
        number_tree = tree.get("page_number")
        r.fail("S016", "page_number.format 中必须有 {n}（页码数字的位置）",
               _location(number_tree, Location(files[0])) if isinstance(number_tree, dict) else Location(files[0]))
    _check_word_styles(roles, page_number, tree, r)
    pdf = sections["pdf"]
    assert isinstance(pdf, PdfOptions)
    _check_fallbacks(pdf, fonts, tree, r)
    name, description = tree.get("name"), tree.get("description")
    return StyleSheet(
        name=name.raw if isinstance(name, Scalar) and not is_null(name) else Path(files[0]).stem,
        description=description.raw if isinstance(description, Scalar) and not is_null(description) else "",
        fonts=fonts, roles=roles, files=tuple(files),
        **sections,  # type: ignore[arg-type]
    )


def _body_size(tree: Tree) -> float:
    """The body role's size in points, read ahead: it is the unit 字 every other length may be written in."""
    roles_tree = tree.get("roles")
    body = roles_tree.get(BODY_ROLE) if isinstance(roles_tree, dict) else None
    size = body.get("size") if isinstance(body, dict) else None
    match = _LENGTH_RE.fullmatch(size.raw) if isinstance(size, Scalar) else None
    return float(match[1]) if match and match[2] == "pt" else 0.0  # a bad size is reported with the roles


def _check_grid(page: PageGeometry, grid: Grid, tree: Tree, r: _StyleReader) -> None:
    if grid.lines_per_page and grid.line_pitch.pt * grid.lines_per_page > page.text_height.pt + 0.5:
        r.fail("S020", f"{grid.lines_per_page} 行 × {grid.line_pitch.amount}{grid.line_pitch.unit} 超出版心高度 "
                       f"{page.text_height.amount}{page.text_height.unit}", _location(tree, Location(r.file)),
               "减小行距或每页行数。")


def _check_fallbacks(pdf: PdfOptions, fonts: Mapping[str, FontFace], tree: Tree, r: _StyleReader) -> None:
    """Faces declared as fallbacks must be faces the style already uses."""
    known = {face.face for face in fonts.values()}
    pdf_tree = tree.get("pdf")
    node = pdf_tree.get("fallback_faces") if isinstance(pdf_tree, dict) else None
    for face in pdf.fallback_faces:
        if face not in known:
            r.fail("S019", f"pdf.fallback_faces 中的“{face}”不是样式表使用的字体",
                   node.location if isinstance(node, (Scalar, Seq)) else Location(r.file),
                   "可用的字体：" + "、".join(sorted(known)))


def _node_at(tree: Tree, path: tuple[str, ...]) -> Tree | Scalar | Seq | Map | None:
    """The value at `path` below `tree`, None when missing."""
    node: Tree | Scalar | Seq | Map | None = tree
    for key in path:
        node = node.get(key) if isinstance(node, dict) else None
    return node


def _node_location(tree: Tree, path: tuple[str, ...], default: Location) -> Location:
    """Where the value at `path` below `tree` was written, else where its nearest written parent was."""
    location = default
    node: Tree | Scalar | Seq | Map | None = tree
    for key in path:
        if not isinstance(node, dict):
            break
        location = _location(node, location)
        node = node.get(key)
    if isinstance(node, (Scalar, Seq, Map)):
        return node.location
    return _location(node, location) if isinstance(node, dict) else location


def _check_word_styles(roles: Mapping[str, TextRole], page_number: PageNumber, tree: Tree, r: _StyleReader) -> None:
    """Each Word style id is written as an id can be, and, like each name, is one style's; Word's built-in styles
    keep their own names (Word knows 标题 1 by the name "heading 1"); the styles every DOCX keeps for Word
    (Default Paragraph Font and the like) are no role's."""
    styles: list[tuple[str, str, str, str]] = []  # (path of the word entry, key of the name, id, name)
    for role in roles.values():
        where = f"roles.{role.name}.word"
        styles.append((where, "name", role.word.id, role.word.name))
        styles.append((where, "character_name", role.word.character_id, role.word.character_name))
    even = page_number.even_word
    styles.append(("page_number.even_word", "name", even.id, even.name))
    ids: dict[str, str] = {}
    names: dict[str, str] = {}
    clashing: set[str] = set()
    for where, name_key, style_id, name in styles:
        if not isinstance(_node_at(tree, tuple(where.split("."))), dict):
            continue  # missing or no mapping: reported as a whole
        paragraph = name_key == "name"
        kind = "段落样式" if paragraph else "字符样式"
        id_at = _node_location(tree, (*where.split("."), "id"), Location(r.file))
        name_at = _node_location(tree, (*where.split("."), name_key), Location(r.file))
        if paragraph and not _STYLE_ID_RE.fullmatch(style_id):
            problem = "不能为空" if not style_id else f"是“{style_id}”，只能由英文字母、数字、下划线和连字符组成"
            r.fail("S024", f"{where}.id（Word 样式 ID）{problem}", id_at,
                   "例如 GwRecipient；中文名称写在 name 和 character_name 中。")
            continue
        if not name.strip():
            r.fail("S024", f"{where}.{name_key}（Word {kind}名）不能为空", name_at,
                   "写出 Word 样式列表中显示的名称，例如 主送机关。")
            continue
        built_in_name = WORD_BUILT_IN_STYLES.get(style_id) if paragraph else None
        built_in_id = _BUILT_IN_IDS.get(name.casefold())
        template = ("ID", style_id, id_at) if style_id in WORD_TEMPLATE_STYLES else \
            ("名", name, name_at) if name.casefold() in _TEMPLATE_NAMES else None
        if template is not None:
            what, value, at = template
            r.fail("S026", f"{where} 的{kind}{' ' if what == 'ID' else ''}{what}“{value}”已被 Word 文件自带的样式占用", at,
                   "换一个；" + "、".join(f"{key}（{value}）" for key, value in WORD_TEMPLATE_STYLES.items())
                   + " 是每个 Word 文件自带的样式。")
            continue
        if built_in_name is not None and name != built_in_name:
            r.fail("S026", f"{where}.id 是 Word 内置样式 {style_id}，它的名称必须是“{built_in_name}”，这里是“{name}”",
                   name_at, f"把 name 改为 {built_in_name}（Word 按这个名称认出内置样式；中文名称可写在 alias 中），"
                            "或换一个样式 ID。")
        elif built_in_id is not None and style_id != built_in_id:
            r.fail("S026", f"{where}.{name_key} 是“{name}”，这是 Word 内置样式 {built_in_id} 的名称", name_at,
                   f"换一个名称，或把这个段落样式的 id 写为 {built_in_id}。")
        owner = f"{where} 的{kind}"
        for value, seen, what, at in ((style_id, ids, " ID", id_at), (name, names, "名", name_at)):
            if what == " ID" and where in clashing:
                continue  # the paragraph style's id clashed: its character style's, made from it, goes unsaid
            first = seen.setdefault(value.casefold(), owner)
            if first != owner:
                if what == " ID":
                    clashing.add(where)
                r.fail("S025", f"{owner}{what}“{value}”与 {first}重复", at,
                       f"每个样式 ID 只能属于一个样式（字符样式的 ID 是段落样式的 ID 加 {CHARACTER_STYLE_SUFFIX}）。"
                       if what == " ID" else "每个样式名只能属于一个样式：Word 按名称区分样式。")


def _fonts(tree: Tree, r: _StyleReader) -> dict[str, FontFace]:
    fonts_tree = tree.get("fonts")
    if not isinstance(fonts_tree, dict):
        r.fail("S010", "样式表缺少“fonts”（字体）部分", Location(r.file))
        return {}
    faces: dict[str, FontFace] = {}
    for key, face_tree in fonts_tree.items():
        if key == "__node__":
            continue
        if not isinstance(face_tree, dict):
            r.fail("S012", f"fonts.{key} 应当是一组“键: 值”", _location(fonts_tree, Location(r.file)))
            continue
        r.unknown_keys(face_tree, labels(FontFace), f"fonts.{key}")
        faces[key] = dataclasses.replace(r.read(FontFace, face_tree, f"fonts.{key}"), key=key)
    return faces


def _roles(tree: Tree, r: _StyleReader, fonts: Mapping[str, FontFace]) -> dict[str, TextRole]:
    """Every role, each merged over its base role (`base:`, the body's by default) key by key."""
    roles_tree = tree.get("roles")
    if not isinstance(roles_tree, dict) or not isinstance(roles_tree.get(BODY_ROLE), dict):
        r.fail("S010", "样式表缺少“roles”部分或其中的 body（正文）", Location(r.file))
        return {}
    declared: dict[str, Tree] = {name: own for name, own in roles_tree.items()
                                 if name != "__node__" and isinstance(own, dict)}
    for name, own in roles_tree.items():
        if name != "__node__" and not isinstance(own, dict):
            r.fail("S012", f"roles.{name} 应当是一组“键: 值”", _location(roles_tree, Location(r.file)))
    roles: dict[str, TextRole] = {}
    for name, own in declared.items():
        r.unknown_keys(own, labels(TextRole), f"roles.{name}", allowed_extra=("base",))
        merged = _merged_role(name, declared, r)
        if merged is None:
            continue
        where = f"roles.{name}"
        role = dataclasses.replace(r.read(TextRole, merged, where), name=name)
        for key, named in (("font", role.font), ("latin_font", role.latin_font)):
            if named and named not in fonts:
                r.fail("S017", f"{where}.{key} 是“{named}”，但 fonts 中没有这个字体", merged[key].location,  # type: ignore[union-attr]
                       "可用的字体：" + "、".join(fonts))
        if role.align not in ALIGNMENTS:
            r.fail("S018", f"{where}.align 应当是 {'、'.join(ALIGNMENTS)} 之一，这里是“{role.align}”",
                   merged["align"].location)  # type: ignore[union-attr]
        roles[name] = role
    return roles


def _merged_role(name: str, declared: Mapping[str, Tree], r: _StyleReader) -> Tree | None:
    """A role's own keys over its bases', following `base:` (the body for a role that names none) to the body."""
    chain: list[str] = []
    current: str | None = name
    while current is not None:
        if current in chain:
            r.fail("S022", f"文字角色的 base 形成了循环继承：{' → '.join(chain + [current])}",
                   _location(declared[name], Location(r.file)))
            return None
        if current not in declared:
            r.fail("S023", f"roles.{chain[-1]}.base 是“{current}”，但没有这个文字角色",
                   _location(declared[chain[-1]], Location(r.file)), "可用的角色：" + "、".join(declared))
            return None
        chain.append(current)
        base = declared[current].get("base")
        if isinstance(base, Scalar) and not is_null(base):
            current = base.raw
        else:
            current = BODY_ROLE if current != BODY_ROLE else None
    merged: Tree = {}
    for role in reversed(chain):
        merged.update({key: value for key, value in declared[role].items()
                       if key != "base" and (role == name or key not in _OWN_ROLE_KEYS)})
    return merged
