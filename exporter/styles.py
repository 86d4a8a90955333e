"""Style sheets: typed values with units, inheritance through `base:`, validation with locations."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from .errors import Diagnostic, Location, StyleError, error, relative_name
from .yamlsource import Map, Reader, Scalar, Seq, is_null, read_yaml

STYLES_DIR = Path(__file__).resolve().parent.parent / "styles"
DEFAULT_STYLE = "gbt9704"
MM_PER_PT = 25.4 / 72
UNITS = ("mm", "pt", "字", "行")
# Word keeps character spacing (w:spacing) in twentieths of a point; both outputs use the value Word can store.
SPACING_STEPS_PER_PT = 20
ALIGNMENTS = ("left", "right", "center", "justify")


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


@dataclass(frozen=True)
class FontFace:
    """A face by role: the name the DOCX asks for and the face the PDF embeds."""

    key: str
    word: str
    word_alt: str
    pdf: str


@dataclass(frozen=True)
class TextRole:
    """How one kind of text looks."""

    name: str
    font: str  # key into StyleSheet.fonts
    size: Length
    first_indent: Length
    left_indent: Length
    right_indent: Length
    align: str
    bold: bool
    color: str  # "#RRGGBB"
    outline_level: int  # 1..4 for headings, 0 otherwise
    latin_font: str  # key into StyleSheet.fonts for digits and Latin letters
    keep_with_next: bool  # never the last line on a page: a heading stands with the text it opens


@dataclass(frozen=True)
class PageGeometry:
    """Paper and text block (版心)."""

    width: Length
    height: Length
    margin_top: Length
    margin_left: Length
    text_width: Length
    text_height: Length

    @property
    def margin_right_pt(self) -> float:
        return self.width.pt - self.margin_left.pt - self.text_width.pt

    @property
    def margin_bottom_pt(self) -> float:
        return self.height.pt - self.margin_top.pt - self.text_height.pt


@dataclass(frozen=True)
class Grid:
    """Lines per page, characters per line and the line pitch."""

    lines_per_page: int
    chars_per_line: int
    line_pitch: Length
    cell_pt: float  # text width / characters per line


@dataclass(frozen=True)
class Header:
    """版头 settings."""

    enabled: bool
    mark_offset: Length
    mark_suffix: str
    number_gap: Length
    number_indent: Length
    rule_gap: Length
    rule_width: Length
    rule_color: str
    title_gap: Length


@dataclass(frozen=True)
class BodySpacing:
    """Gaps around the body's closing elements."""

    recipient_gap: Length
    attachment_gap: Length
    signature_gap: Length
    date_offset: Length


@dataclass(frozen=True)
class Seal:
    """印章 placement (§7.3.5.1)."""

    diameter: Length
    top_gap: Length
    date_right_indent: Length

    def name_line(self, line_pitch: float) -> int:
        """Grid lines from the body's last line to the 署名: the name sits just below the seal's centre."""
        return max(1, round((self.top_gap.pt + self.diameter.pt / 2) / line_pitch))


@dataclass(frozen=True)
class Colophon:
    """版记 settings."""

    enabled: bool
    thick_rule: Length
    thin_rule: Length
    even_page: bool


@dataclass(frozen=True)
class PageNumber:
    """页码 settings."""

    format: str
    offset: Length
    inset: Length

    def text(self, number: int) -> str:
        return self.format.replace("{n}", str(number))


@dataclass(frozen=True)
class PdfOptions:
    """PDF-only settings."""

    pdfa: bool
    language: str
    fallback_faces: tuple[str, ...]  # PDF faces tried, in order, for a character a role's face lacks


@dataclass(frozen=True)
class StyleSheet:
    """A whole style sheet, every value checked."""

    name: str
    description: str
    page: PageGeometry
    grid: Grid
    fonts: Mapping[str, FontFace]
    latin_font: str  # key into fonts: the face of digits and Latin letters unless a role names its own
    roles: Mapping[str, TextRole]
    header: Header
    body: BodySpacing
    seal: Seal
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
        if size != self.role("body").size.pt or size <= cell:
            return 0.0
        return -math.ceil(round((size - cell) * SPACING_STEPS_PER_PT, 6)) / SPACING_STEPS_PER_PT


# ---------------------------------------------------------------- schema
_PAGE = {"width": "纸张宽度", "height": "纸张高度", "margin_top": "天头（上边距）", "margin_left": "订口（左边距）",
         "text_width": "版心宽度", "text_height": "版心高度"}
_GRID = {"lines_per_page": "每页行数", "chars_per_line": "每行字数", "line_pitch": "行距"}
_FONT = {"word": "Word 中的字体名", "word_alt": "Word 备用字体名", "pdf": "PDF 嵌入字体"}
_ROLE = {"font": "字体", "size": "字号", "first_indent": "首行缩进", "left_indent": "左缩进",
         "right_indent": "右缩进", "align": "对齐方式", "bold": "加粗", "color": "颜色", "outline_level": "大纲级别",
         "latin_font": "西文字体", "keep_with_next": "与下段同页"}
_HEADER = {"enabled": "是否印版头", "mark_offset": "发文机关标志距版心上边缘", "mark_suffix": "发文机关标志后缀",
           "number_gap": "标志与发文字号的间距", "number_indent": "发文字号缩进", "rule_gap": "发文字号与红线间距",
           "rule_width": "红线粗细", "rule_color": "红线颜色", "title_gap": "红线与标题间距"}
_BODY = {"recipient_gap": "标题与主送机关间距", "attachment_gap": "正文与附件说明间距",
         "signature_gap": "正文与署名间距", "date_offset": "成文日期相对署名右移"}
_SEAL = {"diameter": "印章直径", "top_gap": "印章顶端距正文", "date_right_indent": "加盖印章时成文日期右空"}
_COLOPHON = {"enabled": "是否印版记", "thick_rule": "版记粗线", "thin_rule": "版记细线", "even_page": "版记置于偶数页"}
_PAGE_NUMBER = {"format": "页码格式", "offset": "页码距版心下边缘", "inset": "页码缩进"}
_PDF = {"pdfa": "PDF/A-2b", "language": "文档语言", "fallback_faces": "缺字时依次使用的字体"}
_TOP = {"base": "继承的样式表", "name": "名称", "description": "说明", "page": "页面", "grid": "版心网格",
        "fonts": "字体", "latin_font": "西文字体", "roles": "文字角色", "header": "版头", "body": "主体", "seal": "印章",
        "colophon": "版记", "page_number": "页码", "pdf": "PDF"}
_SECTIONS = {"page": _PAGE, "grid": _GRID, "header": _HEADER, "body": _BODY, "seal": _SEAL, "colophon": _COLOPHON,
             "page_number": _PAGE_NUMBER, "pdf": _PDF}
_LENGTH_RE = re.compile(r"\s*([0-9]+(?:\.[0-9]+)?)\s*(mm|pt|字|行)\s*")
_COLOR_RE = re.compile(r"#[0-9A-Fa-f]{6}")


# ---------------------------------------------------------------- loading
def style_path(name_or_path: str) -> Path:
    """A style given by name (gbt9704) or by path."""
    if name_or_path.endswith((".yaml", ".yml")) or "/" in name_or_path:
        return Path(name_or_path)
    return STYLES_DIR / f"{name_or_path}.yaml"


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


Tree = dict[str, "Tree | Node"]


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
        base_path = style_path(base_name) if "/" in base_name or base_name.endswith(".yaml") else path.parent / f"{base_name}.yaml"
        if not base_path.exists():
            problems.append(error("S003", f"找不到 base 样式表“{base_name}”", top.get("base").location,  # type: ignore[union-attr]
                                  f"styles/ 目录中应有 {base_name}.yaml。"))
            return None, []
        base_tree, files = _merged_tree(base_path, problems, chain + [path.resolve()])
        if base_tree is None:
            return None, []
        tree = base_tree
    _overlay(tree, top)
    return tree, [name, *files]


def _overlay(tree: Tree, node: Map) -> None:
    """Lay a mapping over a tree: nested mappings merge key by key, anything else replaces."""
    for key, value in node.entries:
        if key.raw == "base":
            continue
        current = tree.get(key.raw)
        if isinstance(value, Map) and isinstance(current, dict):
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


class _StyleReader:
    """Turns the merged tree into typed values, collecting problems."""

    def __init__(self, problems: list[Diagnostic], file: str) -> None:
        self.problems = problems
        self.reader = Reader()
        self.file = file
        self.char_pt = 0.0  # one 字: the width of a Chinese character of the body size (Word's 字符 unit)
        self.line_pt = 0.0

    def section(self, tree: Tree, key: str) -> Tree:
        value = tree.get(key)
        schema = _SECTIONS.get(key, {})
        if not isinstance(value, dict):
            self.problems.append(error("S010", f"样式表缺少“{key}”（{_TOP[key]}）部分", Location(self.file)))
            return {}
        self.unknown_keys(value, schema, key)
        return value

    def unknown_keys(self, tree: Tree, schema: dict[str, str], where: str) -> None:
        """Report each key of `tree` that `schema` does not know."""
        for sub, node in tree.items():
            if sub != "__node__" and sub not in schema:
                place = node.location if isinstance(node, (Scalar, Map)) else _location(tree, Location(self.file))
                self.problems.append(error("S011", f"“{where}”中有未知的键“{sub}”", place, "可用的键：" + "、".join(schema)))

    def scalar(self, tree: Tree, key: str, where: str) -> Scalar | None:
        value = tree.get(key)
        if isinstance(value, dict) or (value is not None and not isinstance(value, Scalar)):
            self.problems.append(error("S012", f"{where}.{key} 应当是一个值", _location(tree, Location(self.file))))
            return None
        if is_null(value):  # type: ignore[arg-type]
            self.problems.append(error("S013", f"样式表缺少 {where}.{key}", _location(tree, Location(self.file)),
                                       f"在 {where} 下添加“{key}: …”。"))
            return None
        return value  # type: ignore[return-value]

    def length(self, tree: Tree, key: str, where: str, units: tuple[str, ...] = UNITS) -> Length:
        node = self.scalar(tree, key, where)
        if node is None:
            return Length(0, "pt", 0)
        match = _LENGTH_RE.fullmatch(node.raw)
        if not match or match[2] not in units:
            self.problems.append(error("S014", f"{where}.{key} 应当是带单位的长度（{'、'.join(units)}），这里是“{node.raw}”",
                                       node.location, "例如 37mm、16pt、2字、1行。"))
            return Length(0, "pt", 0)
        amount, unit = float(match[1]), match[2]
        factor = {"mm": 72 / 25.4, "pt": 1.0, "字": self.char_pt, "行": self.line_pt}[unit]
        return Length(amount, unit, amount * factor)

    def text(self, tree: Tree, key: str, where: str) -> str:
        node = self.scalar(tree, key, where)
        return node.raw if node else ""

    def optional_text(self, tree: Tree, key: str, default: str) -> str:
        node = tree.get(key)
        return node.raw if isinstance(node, Scalar) and not is_null(node) else default

    def integer(self, tree: Tree, key: str, where: str, minimum: int = 1) -> int:
        value = self.reader.integer(self.scalar(tree, key, where), f"{where}.{key}", minimum)
        self._drain()
        return value or 0

    def boolean(self, tree: Tree, key: str, where: str, default: bool | None = None) -> bool:
        node = tree.get(key)
        if default is not None and (node is None or is_null(node)):  # type: ignore[arg-type]
            return default
        value = self.reader.boolean(self.scalar(tree, key, where), f"{where}.{key}")
        self._drain()
        return bool(value)

    def color(self, tree: Tree, key: str, where: str, default: str | None = None) -> str:
        node = tree.get(key)
        if default is not None and (node is None or is_null(node)):  # type: ignore[arg-type]
            return default
        scalar = self.scalar(tree, key, where)
        if scalar is None:
            return "#000000"
        if not _COLOR_RE.fullmatch(scalar.raw):
            self.problems.append(error("S015", f"{where}.{key} 应当是 #RRGGBB 形式的颜色，这里是“{scalar.raw}”", scalar.location))
            return "#000000"
        return scalar.raw.upper()

    def _drain(self) -> None:
        self.problems.extend(self.reader.problems)
        self.reader.problems.clear()


def _build(tree: Tree, files: list[str], problems: list[Diagnostic]) -> StyleSheet | None:
    r = _StyleReader(problems, files[0])
    page_tree = r.section(tree, "page")
    page = PageGeometry(*(r.length(page_tree, k, "page", ("mm", "pt")) for k in _PAGE))
    grid_tree = r.section(tree, "grid")
    lines = r.integer(grid_tree, "lines_per_page", "grid")
    chars = r.integer(grid_tree, "chars_per_line", "grid")
    pitch = r.length(grid_tree, "line_pitch", "grid", ("mm", "pt"))
    grid = Grid(lines, chars, pitch, page.text_width.pt / chars if chars else 0.0)
    r.line_pt = pitch.pt
    r.char_pt = _body_size(tree, r)
    if lines and pitch.pt * lines > page.text_height.pt + 0.5:
        problems.append(error("S020", f"{lines} 行 × {pitch.amount}{pitch.unit} 超出版心高度 {page.text_height.amount}{page.text_height.unit}",
                              _location(grid_tree, Location(files[0])), "减小行距或每页行数。"))

    fonts = _fonts(tree, r)
    latin = r.text(tree, "latin_font", "样式表")
    if latin and latin not in fonts:
        problems.append(error("S017", f"latin_font 是“{latin}”，但 fonts 中没有这个字体", tree["latin_font"].location,  # type: ignore[union-attr]
                              "可用的字体：" + "、".join(fonts)))
    roles = _roles(tree, r, fonts, latin)

    header_tree = r.section(tree, "header")
    header = Header(
        enabled=r.boolean(header_tree, "enabled", "header"),
        mark_offset=r.length(header_tree, "mark_offset", "header"),
        mark_suffix=r.optional_text(header_tree, "mark_suffix", ""),
        number_gap=r.length(header_tree, "number_gap", "header"),
        number_indent=r.length(header_tree, "number_indent", "header"),
        rule_gap=r.length(header_tree, "rule_gap", "header"),
        rule_width=r.length(header_tree, "rule_width", "header"),
        rule_color=r.color(header_tree, "rule_color", "header"),
        title_gap=r.length(header_tree, "title_gap", "header"),
    )
    body_tree = r.section(tree, "body")
    body = BodySpacing(*(r.length(body_tree, k, "body") for k in _BODY))
    seal_tree = r.section(tree, "seal")
    seal = Seal(*(r.length(seal_tree, k, "seal") for k in _SEAL))
    colophon_tree = r.section(tree, "colophon")
    colophon = Colophon(
        enabled=r.boolean(colophon_tree, "enabled", "colophon"),
        thick_rule=r.length(colophon_tree, "thick_rule", "colophon"),
        thin_rule=r.length(colophon_tree, "thin_rule", "colophon"),
        even_page=r.boolean(colophon_tree, "even_page", "colophon", default=True),
    )
    number_tree = r.section(tree, "page_number")
    number_format = r.text(number_tree, "format", "page_number")
    if number_format and "{n}" not in number_format:
        problems.append(error("S016", "page_number.format 中必须有 {n}（页码数字的位置）",
                              _location(number_tree, Location(files[0]))))
    page_number = PageNumber(number_format, r.length(number_tree, "offset", "page_number"),
                             r.length(number_tree, "inset", "page_number"))
    pdf_tree = r.section(tree, "pdf")
    pdf = PdfOptions(pdfa=r.boolean(pdf_tree, "pdfa", "pdf", default=False),
                     language=r.optional_text(pdf_tree, "language", "zh-CN"),
                     fallback_faces=_fallback_faces(pdf_tree, fonts, problems, files[0]))
    return StyleSheet(
        name=r.optional_text(tree, "name", Path(files[0]).stem),
        description=r.optional_text(tree, "description", ""),
        page=page, grid=grid, fonts=fonts, latin_font=latin,
        roles=roles, header=header, body=body, seal=seal, colophon=colophon, page_number=page_number, pdf=pdf,
        files=tuple(files),
    )


def _fallback_faces(tree: Tree, fonts: Mapping[str, FontFace], problems: list[Diagnostic], file: str) -> tuple[str, ...]:
    """Faces declared as fallbacks must be PDF faces the style already uses."""
    node = tree.get("fallback_faces")
    reader = Reader()
    faces = reader.texts(node if isinstance(node, (Scalar, Seq)) else None, "pdf.fallback_faces")
    problems.extend(reader.problems)
    known = {face.pdf for face in fonts.values()}
    for face in faces:
        if face not in known:
            problems.append(error("S019", f"pdf.fallback_faces 中的“{face}”不是样式表使用的 PDF 字体",
                                  node.location if isinstance(node, (Scalar, Seq)) else Location(file),
                                  "可用的字体：" + "、".join(sorted(known))))
    return faces


def _fonts(tree: Tree, r: _StyleReader) -> dict[str, FontFace]:
    fonts_tree = tree.get("fonts")
    if not isinstance(fonts_tree, dict):
        r.problems.append(error("S010", "样式表缺少“fonts”（字体）部分", Location(r.file)))
        return {}
    faces: dict[str, FontFace] = {}
    for key, face_tree in fonts_tree.items():
        if key == "__node__":
            continue
        if not isinstance(face_tree, dict):
            r.problems.append(error("S012", f"fonts.{key} 应当是一组“键: 值”", _location(fonts_tree, Location(r.file))))
            continue
        r.unknown_keys(face_tree, _FONT, f"fonts.{key}")
        word = r.text(face_tree, "word", f"fonts.{key}")
        faces[key] = FontFace(key, word, r.optional_text(face_tree, "word_alt", word), r.text(face_tree, "pdf", f"fonts.{key}"))
    return faces


def _body_size(tree: Tree, r: _StyleReader) -> float:
    """The body role's size in points, read ahead: it is the unit 字 every other length may be written in."""
    roles_tree = tree.get("roles")
    body = roles_tree.get("body") if isinstance(roles_tree, dict) else None
    size = body.get("size") if isinstance(body, dict) else None
    match = _LENGTH_RE.fullmatch(size.raw) if isinstance(size, Scalar) else None
    return float(match[1]) if match and match[2] == "pt" else 0.0  # a bad size is reported with the roles


def _roles(tree: Tree, r: _StyleReader, fonts: Mapping[str, FontFace], latin: str) -> dict[str, TextRole]:
    roles_tree = tree.get("roles")
    if not isinstance(roles_tree, dict) or not isinstance(roles_tree.get("body"), dict):
        r.problems.append(error("S010", "样式表缺少“roles”部分或其中的 body（正文）", Location(r.file)))
        return {}
    body_tree: Tree = roles_tree["body"]  # type: ignore[assignment]
    roles: dict[str, TextRole] = {}
    for name, own in roles_tree.items():
        if name == "__node__":
            continue
        if not isinstance(own, dict):
            r.problems.append(error("S012", f"roles.{name} 应当是一组“键: 值”", _location(roles_tree, Location(r.file))))
            continue
        r.unknown_keys(own, _ROLE, f"roles.{name}")
        merged: Tree = {**body_tree, **own} if name != "body" else own
        where = f"roles.{name}"
        zero = Length(0, "字", 0)
        font = r.text(merged, "font", where)
        for key in ("font", "latin_font"):
            named = r.optional_text(merged, key, "")
            if named and named not in fonts:
                r.problems.append(error("S017", f"{where}.{key} 是“{named}”，但 fonts 中没有这个字体",
                                        merged[key].location, "可用的字体：" + "、".join(fonts)))  # type: ignore[union-attr]
        align = r.optional_text(merged, "align", "justify")
        if align not in ALIGNMENTS:
            r.problems.append(error("S018", f"{where}.align 应当是 {'、'.join(ALIGNMENTS)} 之一，这里是“{align}”",
                                    merged["align"].location))  # type: ignore[union-attr]
        # Outline levels are never inherited from body: only headings carry one.
        level = r.integer(own, "outline_level", where, 0) if "outline_level" in own else 0
        roles[name] = TextRole(
            name=name, font=font, size=r.length(merged, "size", where, ("pt",)),
            first_indent=r.length(merged, "first_indent", where) if "first_indent" in merged else zero,
            left_indent=r.length(merged, "left_indent", where) if "left_indent" in merged else zero,
            right_indent=r.length(merged, "right_indent", where) if "right_indent" in merged else zero,
            align=align,
            bold=r.boolean(merged, "bold", where, default=False),
            color=r.color(merged, "color", where, default="#000000"),
            outline_level=level,
            latin_font=r.optional_text(merged, "latin_font", latin),
            # Keeping is never inherited from body: only the roles that say so keep.
            keep_with_next=r.boolean(own, "keep_with_next", where, default=False),
        )
    return roles
