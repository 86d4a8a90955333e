"""The font set-up: fetch, verify and convert the open faces into the cache, and write the preview's fontconfig file."""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

from .atomic import write_bytes_atomically
from .errors import ExporterError, FontError, Location, error
from .oserrors import reason
from .fonts import (PROJECT_DIR, SETUP_HINT, FaceEntry, FontFile, OpenFace, OpenSource, default_local_dirs,
                    font_cache_dir, font_report, load_manifest, resolve_fonts)

LICENCE_DIR = PROJECT_DIR / "fonts" / "LICENSES"
FONTCONFIG_NAME = "fonts.conf"
SYSTEM_FONTCONFIG = "/etc/fonts/fonts.conf"
CU2QU_MAX_ERROR = 1.0  # font units (1/1000 em): fontTools' otf2ttf default, far below a printed dot
COMMAND_TIMEOUT = 600  # seconds for one download


class SetupFailure(Exception):
    """A set-up step failed; the message is the Chinese explanation for the clerk."""


def fontconfig_path() -> Path:
    """The fontconfig file that maps the official font names to the open faces (for LibreOffice previews)."""
    path = font_cache_dir() / FONTCONFIG_NAME
    if not path.is_file():
        raise FontError(error("F004", f"还没有生成字体配置文件 {path}", Location("字体"), SETUP_HINT))
    return path


def run_setup(verbose: bool = False) -> int:
    """Bring the font cache up to date; 0 when every face is in place, 1 after a clear message."""
    started = time.perf_counter()
    try:
        return _set_up(verbose, started)
    except SetupFailure as exc:
        print(f"字体设置失败：{exc}", file=sys.stderr)
    except ExporterError as exc:
        print(f"字体设置失败：\n{exc}", file=sys.stderr)
    except OSError as exc:
        print(f"字体设置失败：无法读写 {exc.filename or '字体缓存'}（{reason(exc)}）。"
              f"请检查磁盘空间和文件夹权限；可用环境变量 EXPORTER_FONT_CACHE 指定别的缓存文件夹。", file=sys.stderr)
    return 1


def _set_up(verbose: bool, started: float) -> int:
    manifest = load_manifest()
    entries = list(manifest.values())
    cache = font_cache_dir()
    cache.mkdir(parents=True, exist_ok=True)
    stale = []
    for entry in entries:
        problem = check_cached_face(entry.open, cache)
        if problem:
            print(f"{entry.role}（{entry.open.family} {entry.open.style}）：{problem}，需要获取。")
            stale.append(entry)
    _install_faces(stale, cache)
    licences_changed = _copy_licences(entries, cache)
    fonts = resolve_fonts(manifest, cache_dir=cache)
    config_changed = _write_fontconfig(cache, entries, fonts)
    if stale or licences_changed or config_changed or verbose:
        _verify_fontconfig(cache / FONTCONFIG_NAME, entries, fonts, verbose)
    if verbose:
        for line in font_report(fonts):
            print(f"  {line}")
    seconds = time.perf_counter() - started
    fetched = f"已获取 {len(stale)} 种，" if stale else ""
    state = "已就绪并校验" if stale else "都已就绪，无需下载"
    print(f"{fetched}全部 {len(entries)} 种开源字体{state}（{seconds:.1f} 秒）。字体缓存：{cache}")
    print(f"LibreOffice 预览用的字体配置：{cache / FONTCONFIG_NAME}")
    return 0


# ---------------------------------------------------------------- verification
def file_sha256(path: Path) -> str:
    """The SHA-256 of a file, read in blocks."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def check_cached_face(face: OpenFace, cache: Path) -> str | None:
    """What is wrong with the cached copy of `face` (in Chinese), or None when it is complete and unaltered."""
    path = cache / face.cache_name
    if not path.is_file():
        return "缓存中还没有"
    if face.outline == "glyf":
        expected = face.sha256
    else:  # converted here: its hash was recorded beside it when it was written
        record = _hash_record(path)
        expected = record.read_text(encoding="ascii").strip() if record.is_file() else ""
    if file_sha256(path) != expected:
        return "缓存中的文件校验值不符（已损坏或被改动）"
    return None


def _hash_record(path: Path) -> Path:
    return path.with_name(path.name + ".sha256")


def _verified(data: bytes, face: OpenFace, origin: str) -> bytes:
    actual = hashlib.sha256(data).hexdigest()
    if actual != face.sha256:
        raise SetupFailure(f"{face.family} {face.style} 的校验值不符（来源：{origin}；应为 {face.sha256[:16]}…，"
                           f"实际为 {actual[:16]}…）。文件没有放入缓存；软件源中的版本可能已经变化，请联系维护人员。")
    return data


# ---------------------------------------------------------------- fetching
def _install_faces(entries: list[FaceEntry], cache: Path) -> None:
    by_package: dict[tuple[str, str, str], list[FaceEntry]] = {}
    for entry in entries:
        source = entry.open.source
        by_package.setdefault((source.kind, source.package, source.version), []).append(entry)
    for group in by_package.values():
        source = group[0].open.source
        with tempfile.TemporaryDirectory(prefix="gongwen-fonts-") as temp:
            members = [entry.open.source.member for entry in group]
            if source.kind == "npm":
                files = _fetch_npm(source, members, Path(temp))
            else:
                files = _fetch_debian(source, members, Path(temp), [e.open for e in group])
            for entry in group:
                face = entry.open
                data = _verified(files[face.source.member], face, f"{face.source.kind} {face.source.package}")
                if face.outline == "glyf":
                    write_bytes_atomically(cache / face.cache_name, data)
                else:
                    _install_converted(data, face, cache)
                print(f"{entry.role}（{face.family} {face.style}）：已放入缓存并校验。")


def _fetch_npm(source: OpenSource, members: list[str], temp: Path) -> dict[str, bytes]:
    npm = shutil.which("npm")
    if npm is None:
        raise SetupFailure("需要 npm 来下载字体包，但没有找到它。请先安装 Node.js 和 npm（Debian：apt-get install npm）。")
    spec = f"{source.package}@{source.version}"
    print(f"正在下载 npm 包 {spec}……")
    _run([npm, "pack", "--pack-destination", str(temp), spec], temp, f"无法从 npm 下载 {spec}，请检查网络连接")
    tarballs = sorted(temp.glob("*.tgz"))
    if not tarballs:
        raise SetupFailure(f"npm 没有生成 {spec} 的压缩包")
    try:
        with tarfile.open(tarballs[0], "r:gz") as archive:
            return {member: _tar_member(archive, member, spec) for member in members}
    except (tarfile.TarError, EOFError, OSError) as exc:
        raise SetupFailure(f"npm 包 {spec} 已损坏，无法解开（{exc}）。请重试。") from exc


def _tar_member(archive: tarfile.TarFile, member: str, spec: str) -> bytes:
    try:
        handle = archive.extractfile(member)
    except KeyError:
        handle = None
    if handle is None:
        raise SetupFailure(f"npm 包 {spec} 中没有 {member}；字体清单 fonts/manifest.yaml 中的路径可能写错了。")
    return handle.read()


def _fetch_debian(source: OpenSource, members: list[str], temp: Path, faces: list[OpenFace]) -> dict[str, bytes]:
    installed = {member: Path("/") / member for member in members}
    if all(path.is_file() for path in installed.values()):
        data = {member: path.read_bytes() for member, path in installed.items()}
        if all(hashlib.sha256(data[f.source.member]).hexdigest() == f.sha256 for f in faces):
            print(f"使用已安装的 Debian 软件包 {source.package} 中的字体文件。")
            return data
    apt_get, dpkg_deb = shutil.which("apt-get"), shutil.which("dpkg-deb")
    if apt_get is None or dpkg_deb is None:
        raise SetupFailure(f"需要 apt-get 和 dpkg-deb 来获取 Debian 软件包 {source.package}，但没有找到它们"
                           f"（这一步只能在 Debian 或 Ubuntu 上完成）。")
    print(f"正在下载 Debian 软件包 {source.package}（不会安装它）……")
    failed = f"无法下载 Debian 软件包 {source.package}，请检查网络连接"
    try:
        _run([apt_get, "download", source.package], temp, failed)
    except SetupFailure:
        print("先更新软件包列表（apt-get update）再重试……")
        _run([apt_get, "update"], temp, "无法更新软件包列表（需要管理员权限和网络连接）")
        _run([apt_get, "download", source.package], temp, failed)
    packages = sorted(temp.glob("*.deb"))
    if not packages:
        raise SetupFailure(f"apt-get 没有下载到 {source.package} 的 .deb 文件")
    root = temp / "unpacked"
    _run([dpkg_deb, "-x", str(packages[0]), str(root)], temp, f"无法解开 {packages[0].name}")
    found = {}
    for member in members:
        path = root / member
        if not path.is_file():
            raise SetupFailure(f"Debian 软件包 {source.package} 中没有 {member}；软件包的版本可能已经变化"
                               f"（清单中是 {source.version}）。")
        found[member] = path.read_bytes()
    return found


def _run(command: list[str], cwd: Path, failure: str) -> None:
    try:
        result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=COMMAND_TIMEOUT,
                                stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as exc:
        raise SetupFailure(f"{failure}（{COMMAND_TIMEOUT} 秒内没有完成）。") from exc
    except OSError as exc:
        raise SetupFailure(f"{failure}（无法运行 {command[0]}：{reason(exc)}）。") from exc
    if result.returncode != 0:
        lines = [line.strip() for line in (result.stderr or result.stdout).splitlines() if line.strip()]
        # npm prints a stack trace after the cause; apt-get and dpkg-deb mark theirs with "E:" or "error"
        telling = [line for line in lines if line.startswith(("E:", "npm error code", "dpkg-deb: error"))
                   or "reason:" in line]
        details = (telling or lines)[-3:] or [f"退出码 {result.returncode}"]
        raise SetupFailure(f"{failure}。\n  技术细节：" + "\n  ".join(details))


# ---------------------------------------------------------------- conversion
def _install_converted(source: bytes, face: OpenFace, cache: Path) -> None:
    """Convert a CFF face to TrueType outlines once; the record of its hash is written last."""
    print(f"正在把 {face.family} 转换为 TrueType 轮廓（约 25 秒，只需一次）……")
    target = cache / face.cache_name
    try:
        data = convert_cff_to_truetype(source)
    except Exception as exc:  # noqa: BLE001 — fontTools raises many kinds; the clerk needs one sentence
        raise SetupFailure(f"{face.family} 转换为 TrueType 轮廓时出错（{type(exc).__name__}：{exc}）。"
                           f"请联系维护人员。") from exc
    write_bytes_atomically(target, data)
    write_bytes_atomically(_hash_record(target), (hashlib.sha256(data).hexdigest() + "\n").encode("ascii"))


def convert_cff_to_truetype(source: bytes) -> bytes:
    """The font with its cubic CFF outlines turned into quadratic glyf outlines (fontTools' otf2ttf)."""
    font = TTFont(io.BytesIO(source), recalcTimestamp=False)  # same input, same bytes
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, CU2QU_MAX_ERROR, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    del font["CFF "]
    if "VORG" in font:  # vertical origins belong to CFF fonts only
        del font["VORG"]
    glyf.compile(font)
    metrics = font["hmtx"]
    for name, glyph in glyf.glyphs.items():
        if hasattr(glyph, "xMin"):  # TrueType wants the left side bearing to equal xMin
            metrics[name] = (metrics[name][0], glyph.xMin)
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    for field in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                  "maxStackElements", "maxSizeOfInstructions"):
        setattr(maxp, field, 0)
    maxp.maxComponentElements = max(len(getattr(g, "components", None) or ()) for g in glyphs.values())
    maxp.compile(font)
    post = font["post"]
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = order
    font.sfntVersion = "\000\001\000\000"
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


# ---------------------------------------------------------------- licences and fontconfig
def _copy_licences(entries: list[FaceEntry], cache: Path) -> bool:
    """Put the licence texts beside the fonts; True when something was written."""
    target_dir = cache / "LICENSES"
    target_dir.mkdir(exist_ok=True)
    changed = False
    names = sorted({name for entry in entries for name in entry.open.licence_files})
    for name in names:
        source = LICENCE_DIR / name
        if not source.is_file():
            raise SetupFailure(f"缺少许可证文件 fonts/LICENSES/{name}")
        data = source.read_bytes()
        target = target_dir / name
        if not target.is_file() or target.read_bytes() != data:
            write_bytes_atomically(target, data)
            changed = True
    return changed


def fontconfig_text(cache: Path, entries: list[FaceEntry], fonts: dict[str, FontFile],
                    local_dirs: list[Path]) -> str:
    """The fontconfig file: system fonts, this cache, the clerk's fonts, and each official name → its face."""
    lines = [
        '<?xml version="1.0"?>',
        '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">',
        "<!-- Written by `python -m exporter fonts`. For LibreOffice previews of the DOCX:",
        "     FONTCONFIG_FILE=this-file soffice ... Official names fall back to the open faces. -->",
        "<fontconfig>",
        f'  <include ignore_missing="yes">{SYSTEM_FONTCONFIG}</include>',
        f"  <dir>{escape(str(cache))}</dir>",
        *(f"  <dir>{escape(str(folder.resolve()))}</dir>" for folder in local_dirs),
    ]
    for entry in entries:
        face = entry.open
        # A plain alias would pick the Regular of the family; a bold stand-in needs the weight set too,
        # unless the clerk's official face serves the role.
        needs_weight = face.style.lower() == "bold" and fonts[entry.key].origin == "open"
        for name in entry.official_families:
            if needs_weight:
                lines += [
                    '  <match target="pattern">',
                    f'    <test name="family" qual="any"><string>{escape(name)}</string></test>',
                    f'    <edit name="family" mode="append" binding="strong"><string>{escape(face.family)}</string></edit>',
                    '    <edit name="weight" mode="assign" binding="strong"><const>bold</const></edit>',
                    "  </match>",
                ]
            else:
                # `accept` puts the open face right after the official name: a real official font still wins.
                lines.append(f'  <alias binding="strong"><family>{escape(name)}</family>'
                             f"<accept><family>{escape(face.family)}</family></accept></alias>")
    lines.append("</fontconfig>")
    return "\n".join(lines) + "\n"


def _write_fontconfig(cache: Path, entries: list[FaceEntry], fonts: dict[str, FontFile]) -> bool:
    text = fontconfig_text(cache, entries, fonts, default_local_dirs())
    target = cache / FONTCONFIG_NAME
    if target.is_file() and target.read_text(encoding="utf-8") == text:
        return False
    write_bytes_atomically(target, text.encode("utf-8"))
    return True


def fc_match(config: Path, family: str) -> tuple[Path, str]:
    """The file and style fontconfig picks for `family` under `config`."""
    pattern = "".join("\\" + c if c in "\\-:," else c for c in family) + ":lang=zh-cn"
    result = subprocess.run(["fc-match", "-f", "%{file}\n%{style[0]}", pattern], capture_output=True, text=True,
                            env={**os.environ, "FONTCONFIG_FILE": str(config)}, timeout=120, check=True)
    file, _, style = result.stdout.partition("\n")
    return Path(file), style


def _verify_fontconfig(config: Path, entries: list[FaceEntry], fonts: dict[str, FontFile], verbose: bool) -> None:
    if shutil.which("fc-match") is None:
        print("没有找到 fc-match，跳过字体配置的校验（只影响 LibreOffice 预览）。")
        return
    wrong = []
    for entry in entries:
        expected = fonts[entry.key].path.resolve()
        for name in entry.official_families:
            try:
                picked, style = fc_match(config, name)
            except (subprocess.SubprocessError, OSError) as exc:
                raise SetupFailure(f"fc-match 运行失败：{exc}") from exc
            if verbose:
                print(f"  字体配置：{name} → {picked.name}（{style}）")
            if picked.resolve() != expected and fonts[entry.key].origin == "open":
                wrong.append(f"{name} → {picked.name}（应为 {expected.name}）")
    if wrong:
        raise SetupFailure("字体配置没有起作用：" + "；".join(wrong))
    print(f"字体配置已校验：{sum(len(e.official_families) for e in entries)} 个正式字体名都指向正确的字体。")
