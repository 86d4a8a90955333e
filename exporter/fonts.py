"""Face → font file (the clerk's official fonts first, open fallbacks last) and cached advance widths."""

from __future__ import annotations

import hashlib
import marshal
from array import array
from bisect import bisect_left
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Mapping, Sequence

from .atomic import write_bytes_atomically
from .errors import Diagnostic, FontError, Location, error
from .yamlsource import Map, Node, Reader, read_yaml

if TYPE_CHECKING:
    from fontTools.ttLib import TTFont

PROJECT_DIR = Path(__file__).resolve().parent.parent
MANIFEST_PATH = PROJECT_DIR / "fonts" / "manifest.yaml"
MANIFEST_NAME = "fonts/manifest.yaml"
LOCAL_FONTS_DIR = PROJECT_DIR / "fonts" / "local"
FONTS_DIR_ENV = "EXPORTER_FONTS_DIR"
CACHE_DIR_ENV = "EXPORTER_FONT_CACHE"
DEFAULT_CACHE_DIR = Path("~/.cache/gongwen-exporter/fonts")
SETUP_HINT = ("在项目文件夹运行 bash setup.sh（或 python -m exporter fonts）下载开源替代字体；"
              "有正式字体文件（如 simfang.ttf）时，把它复制到 fonts/local/ 文件夹。")
FONT_SUFFIXES = (".ttf", ".ttc", ".otf", ".otc")
OUTLINES = ("glyf", "cff→convert")
_WHERE = Location("字体")
_ORIGIN_NOTES = {"local": "用户提供的正式字体", "system": "系统中的正式字体"}


# ---------------------------------------------------------------- the manifest
@dataclass(frozen=True)
class OfficialCandidate:
    """One way to recognise an official font: by file name (with its index in a .ttc) or by family name.

    Both match in any letter case; the family names are kept as written because the fontconfig
    file of the LibreOffice preview names them.
    """

    file: str | None
    family: str | None
    index: int = 0


@dataclass(frozen=True)
class OpenSource:
    """Where an open face comes from: an npm package or a Debian package, and the file inside it."""

    kind: str  # "npm" | "debian"
    package: str
    version: str
    member: str  # path inside the package


@dataclass(frozen=True)
class OpenFace:
    """An open fallback face, pinned by the SHA-256 of the file inside its package."""

    family: str
    style: str
    version: str
    source: OpenSource
    sha256: str
    licence: str
    licence_files: tuple[str, ...]
    outline: str  # "glyf" | "cff→convert"

    @property
    def cache_name(self) -> str:
        """The file name in the font cache; a converted face is keyed by its source's hash."""
        name = Path(self.source.member).name
        if self.outline == "glyf":
            return name
        return f"{Path(name).stem}-{self.sha256[:12]}.ttf"


@dataclass(frozen=True)
class FaceEntry:
    """One face key of the style sheets: its role, the official fonts to look for, the open fallback."""

    key: str
    role: str
    official: tuple[OfficialCandidate, ...]
    open: OpenFace

    @property
    def official_families(self) -> tuple[str, ...]:
        """The family names the DOCX may ask for, in manifest order."""
        return tuple(c.family for c in self.official if c.family)


_manifests: dict[Path, dict[str, FaceEntry]] = {}


def load_manifest(path: Path = MANIFEST_PATH) -> dict[str, FaceEntry]:
    """The faces of fonts/manifest.yaml by key; read once per process."""
    if path not in _manifests:
        node, problems = read_yaml(path, MANIFEST_NAME)
        reader = Reader()
        faces = _read_faces(node, reader) if node is not None else {}
        problems += reader.problems
        if problems:
            raise FontError(problems)
        _manifests[path] = faces
    return _manifests[path]


def _read_faces(node: Node, reader: Reader) -> dict[str, FaceEntry]:
    root = reader.mapping(node, "字体清单", {"faces": "字体"}, ("faces",))
    faces_node = root.get("faces") if root else None
    if not isinstance(faces_node, Map):
        return {}
    faces: dict[str, FaceEntry] = {}
    for key, face_node in faces_node.entries:
        face = reader.mapping(face_node, f"字体 {key.raw}",
                              {"role": "角色", "official": "正式字体", "open": "开源替代字体"},
                              ("role", "official", "open"))
        if face is None:
            continue
        role = reader.text(face.get("role"), f"{key.raw}.role")
        official = [_read_candidate(item, f"{key.raw}.official", reader)
                    for item in reader.seq(face.get("official"), f"{key.raw}.official")]
        open_face = _read_open(face.get("open"), f"{key.raw}.open", reader)
        if role and open_face:
            faces[key.raw] = FaceEntry(key.raw, role, tuple(c for c in official if c), open_face)
    return faces


def _read_candidate(node: Node, what: str, reader: Reader) -> OfficialCandidate | None:
    item = reader.mapping(node, what, {"file": "文件名", "family": "字体名", "index": "字体集中的序号"})
    if item is None:
        return None
    file = reader.text(item.get("file"), what)
    family = reader.text(item.get("family"), what)
    if (file is None) == (family is None):
        reader.fail("F010", f"{what} 的每一项要么写 file，要么写 family", item.location)
        return None
    index = reader.integer(item.get("index"), f"{what}.index", minimum=0) or 0
    return OfficialCandidate(file, family, index)


def _read_open(node: Node | None, what: str, reader: Reader) -> OpenFace | None:
    fields = {"family": "字体名", "style": "字重", "version": "版本", "source": "来源", "sha256": "校验值",
              "licence": "许可证", "licence_files": "许可证文件", "outline": "轮廓"}
    item = reader.mapping(node, what, fields, tuple(fields))
    if item is None:
        return None
    family, style, version, sha256, licence, outline = (
        reader.text(item.get(name), f"{what}.{name}")
        for name in ("family", "style", "version", "sha256", "licence", "outline"))
    licence_files = reader.texts(item.get("licence_files"), f"{what}.licence_files")
    source = _read_source(item.get("source"), f"{what}.source", reader)
    if outline not in OUTLINES:
        reader.fail("F011", f"{what}.outline 只能是 {' 或 '.join(OUTLINES)}", item.location)
        return None
    if not (sha256 and len(sha256) == 64 and all(c in "0123456789abcdef" for c in sha256)):
        reader.fail("F012", f"{what}.sha256 应当是 64 位小写十六进制数", item.location)
        return None
    if not (family and style and version and licence and source):
        return None
    return OpenFace(family, style, version, source, sha256, licence, licence_files, outline)


def _read_source(node: Node | None, what: str, reader: Reader) -> OpenSource | None:
    item = reader.mapping(node, what, {"npm": "npm 包", "debian": "Debian 包", "version": "版本", "path": "包内路径"},
                          ("version", "path"))
    if item is None:
        return None
    kinds = [kind for kind in ("npm", "debian") if item.get(kind) is not None]
    if len(kinds) != 1:
        reader.fail("F013", f"{what} 要写 npm 或 debian 其中之一", item.location)
        return None
    package = reader.text(item.get(kinds[0]), what)
    version = reader.text(item.get("version"), what)
    member = reader.text(item.get("path"), what)
    if not (package and version and member):
        return None
    return OpenSource(kinds[0], package, version, member)


def font_cache_dir() -> Path:
    """The folder the set-up fills with open faces (env EXPORTER_FONT_CACHE overrides the default)."""
    return Path(os.environ.get(CACHE_DIR_ENV) or DEFAULT_CACHE_DIR).expanduser().resolve()


# ---------------------------------------------------------------- resolution
@dataclass(frozen=True)
class FontFile:
    """The file that serves one face, and how it was chosen."""

    face: str
    path: Path
    subfont_index: int
    family: str
    origin: str  # "local" | "system" | "open"
    description: str  # e.g. "仿宋 ← simfang.ttf（用户提供的正式字体）"


def default_local_dirs() -> list[Path]:
    """Folders holding the clerk's own licensed fonts: EXPORTER_FONTS_DIR first, then fonts/local/."""
    named = [Path(p).expanduser() for p in os.environ.get(FONTS_DIR_ENV, "").split(os.pathsep) if p]
    return named + [LOCAL_FONTS_DIR]


def default_system_dirs() -> list[Path]:
    """The operating system's font folders."""
    home = Path.home()
    dirs = [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), home / ".fonts", home / ".local/share/fonts"]
    if sys.platform == "win32":
        dirs = [Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts",
                Path(os.environ.get("LOCALAPPDATA", home)) / "Microsoft" / "Windows" / "Fonts"]
    elif sys.platform == "darwin":
        dirs = [Path("/Library/Fonts"), Path("/System/Library/Fonts"), home / "Library" / "Fonts"]
    return dirs


def resolve_fonts(faces: Iterable[str], *, local_dirs: Sequence[Path] | None = None,
                  system_dirs: Sequence[Path] | None = None, cache_dir: Path | None = None) -> dict[str, FontFile]:
    """The file serving each face: the clerk's fonts, then the system's official fonts, then the open cache."""
    manifest = load_manifest()
    wanted = list(dict.fromkeys(faces))
    unknown = [face for face in wanted if face not in manifest]
    if unknown:
        raise FontError([error("F002", f"字体清单 {MANIFEST_NAME} 中没有字体“{face}”", _WHERE,
                               "样式表 fonts: 中的 pdf: 只能是：" + "、".join(manifest)) for face in unknown])
    cache = cache_dir if cache_dir is not None else font_cache_dir()
    index = _FontIndex(cache / "font-index.bin")
    tiers = (("local", _font_files(default_local_dirs() if local_dirs is None else local_dirs)),
             ("system", _font_files(default_system_dirs() if system_dirs is None else system_dirs)))
    resolved: dict[str, FontFile] = {}
    missing: list[Diagnostic] = []
    for face in wanted:
        entry = manifest[face]
        notes: list[str] = []
        found = None
        for origin, files in tiers:
            found = _find_official(entry, origin, files, index, notes)
            if found:
                break
        if found is None:
            found = _open_font(entry, cache, notes)
        if found is None:
            missing.append(error("F001", f"找不到“{entry.role}”字体（{face}）：没有找到正式字体，"
                                         f"开源替代字体 {entry.open.family} 也还没有下载", _WHERE, SETUP_HINT))
        else:
            resolved[face] = found
    index.save()
    if missing:
        raise FontError(missing)
    return resolved


def _font_files(dirs: Sequence[Path]) -> list[Path]:
    files: list[Path] = []
    for folder in dirs:
        for root, subdirs, names in os.walk(folder):
            subdirs.sort()
            files.extend(Path(root) / name for name in sorted(names) if name.lower().endswith(FONT_SUFFIXES))
    return files


def _find_official(entry: FaceEntry, origin: str, files: list[Path], index: "_FontIndex",
                   notes: list[str]) -> FontFile | None:
    for candidate in entry.official:
        for path in files:
            if candidate.file is not None and path.name.casefold() != candidate.file.casefold():
                continue
            for sub in index.subfonts(path):
                if candidate.file is not None and sub.index != candidate.index:
                    continue
                if candidate.family is not None and candidate.family.casefold() not in sub.families:
                    continue
                if not sub.truetype:
                    note = f"跳过 {path.name}：PostScript（CFF）轮廓，PDF 无法嵌入"
                    if note not in notes:
                        notes.append(note)
                    continue
                shown = path.name if sub.index == 0 else f"{path.name}#{sub.index}"
                return FontFile(entry.key, path, sub.index, sub.family, origin,
                                _describe(entry, shown, _ORIGIN_NOTES[origin], notes))
    return None


def _open_font(entry: FaceEntry, cache: Path, notes: list[str]) -> FontFile | None:
    path = cache / entry.open.cache_name
    if not path.is_file():
        return None
    what = f"开源替代字体 {entry.open.family} {entry.open.style}，不是正式字体"
    return FontFile(entry.key, path, 0, entry.open.family, "open", _describe(entry, path.name, what, notes))


def _describe(entry: FaceEntry, shown: str, what: str, notes: list[str]) -> str:
    text = f"{entry.role} ← {shown}（{what}）"
    return text + "".join(f"；{note}" for note in notes)


@dataclass(frozen=True)
class _Subfont:
    index: int
    families: frozenset[str]  # every family and full name, case-folded
    family: str  # the English family name when there is one
    truetype: bool  # glyf outlines, which the PDF can embed


class _FontIndex:
    """Family names and outline kind of each font file, kept on disk by (path, size, mtime) for fast rebuilds."""

    _FORMAT = 1

    def __init__(self, store: Path) -> None:
        self._store = store
        self._entries: dict[str, tuple[int, int, tuple[tuple[tuple[str, ...], str, bool], ...]]] = {}
        self._changed = False
        try:
            version, entries = marshal.loads(store.read_bytes())
            if version == self._FORMAT:
                self._entries = entries
        except (OSError, ValueError, EOFError, TypeError):
            pass

    def subfonts(self, path: Path) -> tuple[_Subfont, ...]:
        try:
            stat = path.stat()
        except OSError:
            return ()
        key = str(path)
        entry = self._entries.get(key)
        if entry is None or entry[:2] != (stat.st_size, stat.st_mtime_ns):
            entry = (stat.st_size, stat.st_mtime_ns, _read_subfonts(path))
            self._entries[key] = entry
            self._changed = True
        return tuple(_Subfont(i, frozenset(names), family, truetype)
                     for i, (names, family, truetype) in enumerate(entry[2]))

    def save(self) -> None:
        if not self._changed or not self._store.parent.is_dir():
            return
        kept = {key: value for key, value in self._entries.items() if os.path.exists(key)}
        write_bytes_atomically(self._store, marshal.dumps((self._FORMAT, kept)))


def _read_subfonts(path: Path) -> tuple[tuple[tuple[str, ...], str, bool], ...]:
    """(names, family, has glyf) for each font in the file; nothing for a damaged file."""
    from fontTools.ttLib import TTFont  # here, not at the top: warm builds never parse a font

    try:
        with path.open("rb") as handle:
            head = handle.read(12)
        count = int.from_bytes(head[8:12], "big") if head[:4] == b"ttcf" else 1
        result = []
        for number in range(count):
            font = TTFont(path, fontNumber=number, lazy=True) if head[:4] == b"ttcf" else TTFont(path, lazy=True)
            names = [record for record in font["name"].names if record.nameID in (1, 4, 16, 21)]
            english = [r.toUnicode("replace") for r in names if r.nameID == 1 and r.langID == 0x409]
            texts = tuple(sorted({r.toUnicode("replace").casefold() for r in names}))
            family = english[0] if english else next((r.toUnicode("replace") for r in names if r.nameID == 1), path.stem)
            result.append((texts, family, "glyf" in font))
            font.close()
        return tuple(result)
    except Exception:  # noqa: BLE001 — any unreadable file is simply not a candidate
        return ()




# ---------------------------------------------------------------- metrics
class FontMetrics:
    """Advance widths and vertical extent of one face, in em (1.0 = the font size).

    `ascent` is the height above the baseline and `descent` the depth below it, both positive,
    from the OS/2 typographic values (the ideographic em box of CJK faces) or else from hhea.
    """

    __slots__ = ("units_per_em", "ascent", "descent", "_codes", "_widths", "_notdef", "_scale", "_font", "_ink")

    def __init__(self, units_per_em: int, ascent: int, descent: int, notdef: int, codes: array[int], widths: array[int],
                 font: FontFile | None = None, inks: Mapping[str, tuple[int, int]] | None = None) -> None:
        """`codes` are the code points the face maps, ascending, and `widths` their advances in font units.

        Arrays, not a dictionary: they load from the cache as two blocks of bytes, while a CJK face's
        30,000 dictionary entries took some 5 ms each run; layout asks once per character it meets.
        """
        self.units_per_em = units_per_em
        self._scale = 1.0 / units_per_em
        self.ascent = ascent * self._scale
        self.descent = descent * self._scale
        self._notdef = notdef
        self._codes = codes
        self._widths = widths
        self._font = font  # the file, read again only for a glyph's outline
        # outlines read when the cache was made, in font units
        self._ink = {ch: (low * self._scale, high * self._scale) for ch, (low, high) in (inks or {}).items()}

    def ink(self, ch: str) -> tuple[float, float]:
        """The bottom and top of the outline of `ch` above the baseline, in em, from the face's glyph.

        (0.0, 0.0) for a glyph with no outline, or when the face's file is not known.
        """
        found = self._ink.get(ch)
        if found is None:
            bounds = _glyph_ink(self._font, ch) if self._font else (0, 0)
            found = self._ink[ch] = (bounds[0] * self._scale, bounds[1] * self._scale)
        return found

    def _index(self, ch: str) -> int:
        code = ord(ch)
        index = bisect_left(self._codes, code)
        return index if index < len(self._codes) and self._codes[index] == code else -1

    def advance(self, ch: str) -> float:
        """The advance width of `ch` in em; a character the face lacks gets the width of its .notdef box."""
        index = self._index(ch)
        return (self._widths[index] if index >= 0 else self._notdef) * self._scale

    def covers(self, ch: str) -> bool:
        """Whether the face has a glyph for `ch` (a missing one would print as nothing)."""
        return self._index(ch) >= 0


_METRICS_FORMAT = 3
# Characters whose outlines layout measures (the page number's dash, §7.5): read once into the cache, since
# the glyph table takes a third of a second to open.
INKED = ("—",)
_CODE_POINTS = "I" if array("I").itemsize == 4 else "L"
_metrics_memo: dict[tuple[str, int, int, int], FontMetrics] = {}


def load_metrics(font: FontFile) -> FontMetrics:
    """The metrics of `font`: from memory, else from the on-disk cache, else parsed once with fontTools."""
    stat = font.path.stat()
    key = (str(font.path), font.subfont_index, stat.st_size, stat.st_mtime_ns)
    metrics = _metrics_memo.get(key)
    if metrics is None:
        metrics = _cached_metrics(key, font) or _parse_metrics(font, key)
        _metrics_memo[key] = metrics
    return metrics


def _metrics_file(key: tuple[str, int, int, int]) -> Path:
    # The format is part of the name: exporters of two versions sharing a cache keep their own records
    # instead of replacing each other's on every run.
    digest = hashlib.sha256(repr((_METRICS_FORMAT, key)).encode()).hexdigest()[:24]
    return font_cache_dir() / "metrics" / f"{digest}.bin"


def _cached_metrics(key: tuple[str, int, int, int], font: FontFile) -> FontMetrics | None:
    try:
        stored_format, stored_key, fields = marshal.loads(_metrics_file(key).read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    if stored_format != _METRICS_FORMAT or stored_key != key:
        return None
    return _metrics_of(fields, font)


def _metrics_of(fields: tuple[int, int, int, int, bytes, bytes, dict[str, tuple[int, int]]], font: FontFile) -> FontMetrics:
    units, ascent, descent, notdef, code_bytes, width_bytes, inks = fields
    codes, widths = array(_CODE_POINTS), array("H")
    codes.frombytes(code_bytes)
    widths.frombytes(width_bytes)
    return FontMetrics(units, ascent, descent, notdef, codes, widths, font, inks)


def _parse_metrics(font: FontFile, key: tuple[str, int, int, int]) -> FontMetrics:
    from fontTools.ttLib import TTFont  # here, not at the top: warm builds never parse a font

    try:
        ttf = TTFont(font.path, fontNumber=font.subfont_index, lazy=True)
        widths = ttf["hmtx"].metrics
        advances = sorted((code, widths[glyph][0]) for code, glyph in ttf.getBestCmap().items())
        notdef = widths[ttf.getGlyphOrder()[0]][0]
        units = ttf["head"].unitsPerEm
        os2 = ttf["OS/2"] if "OS/2" in ttf else None
        if os2 is not None and os2.sTypoAscender - os2.sTypoDescender > 0:
            ascent, descent = os2.sTypoAscender, -os2.sTypoDescender
        else:
            ascent, descent = ttf["hhea"].ascent, -ttf["hhea"].descent
        inks = {ch: _outline_bounds(ttf, ch) for ch in INKED}
        ttf.close()
    except Exception as exc:  # noqa: BLE001 — a damaged font is a clerk-facing error, not a crash
        raise FontError(error("F003", f"字体文件 {font.path} 无法读取（{type(exc).__name__}），可能已损坏",
                              _WHERE, SETUP_HINT)) from exc
    fields = (units, ascent, descent, notdef, array(_CODE_POINTS, (code for code, _ in advances)).tobytes(),
              array("H", (width for _, width in advances)).tobytes(), inks)
    target = _metrics_file(key)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomically(target, marshal.dumps((_METRICS_FORMAT, key, fields)))
    except OSError:
        pass  # a read-only cache only costs speed
    return _metrics_of(fields, font)


def _glyph_ink(font: FontFile, ch: str) -> tuple[int, int]:
    """The vertical bounds of a character's outline in font units; a damaged font is a clerk-facing error."""
    from fontTools.ttLib import TTFont  # here, not at the top: only a character outside INKED asks

    try:
        ttf = TTFont(font.path, fontNumber=font.subfont_index, lazy=True)
        bounds = _outline_bounds(ttf, ch)
        ttf.close()
        return bounds
    except Exception as exc:  # noqa: BLE001 — as for the metrics: one sentence, no traceback
        raise FontError(error("F003", f"字体文件 {font.path} 无法读取（{type(exc).__name__}），可能已损坏",
                              _WHERE, SETUP_HINT)) from exc


def _outline_bounds(ttf: TTFont, ch: str) -> tuple[int, int]:
    """yMin and yMax of the character's outline in font units; (0, 0) without an outline."""
    name = ttf.getBestCmap().get(ord(ch))
    glyph = ttf["glyf"][name] if name is not None and "glyf" in ttf else None
    return (int(glyph.yMin), int(glyph.yMax)) if glyph is not None and glyph.numberOfContours else (0, 0)


def font_report(fonts: Mapping[str, FontFile]) -> list[str]:
    """One line per face saying which file serves it, for --verbose and the PDF's metadata."""
    return [f"{font.description}：{font.path}" for font in fonts.values()]
