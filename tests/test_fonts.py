"""Font resolution order, metrics, the set-up's verification and the preview's fontconfig file."""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.t2CharStringPen import T2CharStringPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont

from exporter import fonts as fonts_module
from exporter import fontsetup
from exporter.errors import FontError
from exporter.fonts import FontFile, font_cache_dir, font_report, load_manifest, load_metrics, resolve_fonts
from exporter.fontsetup import check_cached_face, fontconfig_path, fontconfig_text, run_setup

CJK_FACES = ("songti", "fangsong", "heiti", "kaiti", "xiaobiaosong")
FACES = (*CJK_FACES, "latin")
SEED_REPORT = Path(__file__).resolve().parent / "data" / "nanyang-2022-report.txt"
# What the resolver turns the seed's half-width marks into, and the other marks a 公文 uses.
CHINESE_PUNCTUATION = "，。、；：？！（）《》“”‘’—…〔〕★％·"


# ---------------------------------------------------------------- small fonts built on the spot
def build_font(path: Path, family: str, *, cjk_advance: int = 1000, cff: bool = False) -> Path:
    """A two-glyph font (中 and 1) named `family`, with TrueType or CFF outlines."""
    chars = {"中": cjk_advance, "1": 500}
    names = {ch: f"uni{ord(ch):04X}" for ch in chars}
    order = [".notdef", *names.values()]
    builder = FontBuilder(1000, isTTF=not cff)
    builder.setupGlyphOrder(order)
    builder.setupCharacterMap({ord(ch): name for ch, name in names.items()})
    advances = {".notdef": 500, **{names[ch]: width for ch, width in chars.items()}}
    if cff:
        strings = {}
        for name in order:
            pen = T2CharStringPen(advances[name], None)
            _box(pen, advances[name])
            strings[name] = pen.getCharString()
        builder.setupCFF("TestFont-Regular", {"FullName": "TestFont"}, strings, {})
    else:
        glyphs = {}
        for name in order:
            pen = TTGlyphPen(None)
            _box(pen, advances[name])
            glyphs[name] = pen.glyph()
        builder.setupGlyf(glyphs)
    builder.setupHorizontalMetrics({name: (width, 50) for name, width in advances.items()})
    builder.setupHorizontalHeader(ascent=880, descent=-120)
    builder.setupNameTable({"familyName": family, "styleName": "Regular"}, mac=False)
    builder.setupOS2(sTypoAscender=880, sTypoDescender=-120, usWinAscent=880, usWinDescent=120)
    builder.setupPost()
    path.parent.mkdir(parents=True, exist_ok=True)
    builder.save(str(path))
    return path


def _box(pen, width: int) -> None:
    pen.moveTo((50, -100))
    pen.lineTo((50, 800))
    pen.lineTo((width - 50, 800))
    pen.lineTo((width - 50, -100))
    pen.closePath()


@pytest.fixture()
def open_cache(tmp_path: Path) -> Path:
    """A cache folder holding links to the set-up's open faces (the set-up has run before the tests)."""
    cache = tmp_path / "cache"
    cache.mkdir()
    for entry in load_manifest().values():
        (cache / entry.open.cache_name).symlink_to(font_cache_dir() / entry.open.cache_name)
    return cache


@pytest.fixture()
def private_metrics_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Metrics of test fonts go to a temporary cache, and nothing is remembered from earlier tests."""
    cache = tmp_path / "metrics-cache"
    cache.mkdir()
    monkeypatch.setenv("EXPORTER_FONT_CACHE", str(cache))
    monkeypatch.setattr(fonts_module, "_metrics_memo", {})
    return cache


# ---------------------------------------------------------------- resolution order
def test_local_font_beats_system_font_which_beats_open_face(tmp_path: Path, open_cache: Path) -> None:
    local = build_font(tmp_path / "local" / "simfang.ttf", "FangSong")
    system = build_font(tmp_path / "system" / "truetype" / "simfang.ttf", "FangSong")

    chosen = resolve_fonts(["fangsong"], local_dirs=[local.parent], system_dirs=[tmp_path / "system"],
                           cache_dir=open_cache)["fangsong"]
    assert (chosen.origin, chosen.path) == ("local", local)
    assert chosen.description == "仿宋 ← simfang.ttf（用户提供的正式字体）"

    chosen = resolve_fonts(["fangsong"], local_dirs=[], system_dirs=[tmp_path / "system"],
                           cache_dir=open_cache)["fangsong"]
    assert (chosen.origin, chosen.path) == ("system", system)

    chosen = resolve_fonts(["fangsong"], local_dirs=[], system_dirs=[], cache_dir=open_cache)["fangsong"]
    assert chosen.origin == "open"
    assert chosen.path == open_cache / "FandolFang-Regular-d838ad32ce22.ttf"
    assert chosen.family == "FandolFang"


def test_official_font_is_recognised_by_its_family_name_whatever_the_file_is_called(
        tmp_path: Path, open_cache: Path) -> None:
    font = build_font(tmp_path / "local" / "my-heiti-copy.ttf", "黑体")
    chosen = resolve_fonts(["heiti", "kaiti"], local_dirs=[font.parent], system_dirs=[], cache_dir=open_cache)
    assert chosen["heiti"].path == font
    assert chosen["heiti"].origin == "local"
    assert chosen["kaiti"].origin == "open"  # a 黑体 file does not serve 楷体


def test_a_subfont_of_a_collection_is_found_by_family_with_its_index(tmp_path: Path, open_cache: Path) -> None:
    collection = TTCollection()
    collection.fonts = [TTFont(build_font(tmp_path / "n.ttf", "NSimSun", cjk_advance=900)),
                        TTFont(build_font(tmp_path / "s.ttf", "SimSun", cjk_advance=1000))]
    (tmp_path / "fonts").mkdir()
    collection.save(str(tmp_path / "fonts" / "songti-collection.ttc"))

    chosen = resolve_fonts(["songti"], local_dirs=[tmp_path / "fonts"], system_dirs=[], cache_dir=open_cache)
    assert chosen["songti"].subfont_index == 1
    assert chosen["songti"].description.startswith("宋体 ← songti-collection.ttc#1")


def test_postscript_outlines_are_skipped_with_a_note(tmp_path: Path, open_cache: Path) -> None:
    build_font(tmp_path / "local" / "fangsong.otf", "仿宋_GB2312", cff=True)
    chosen = resolve_fonts(["fangsong"], local_dirs=[tmp_path / "local"], system_dirs=[], cache_dir=open_cache)
    assert chosen["fangsong"].origin == "open"
    assert "跳过 fangsong.otf：PostScript（CFF）轮廓" in chosen["fangsong"].description


def test_a_missing_face_names_the_role_and_the_set_up_command(tmp_path: Path) -> None:
    with pytest.raises(FontError) as caught:
        resolve_fonts(["fangsong"], local_dirs=[], system_dirs=[], cache_dir=tmp_path)
    message = str(caught.value)
    assert "仿宋" in message and "FandolFang" in message
    assert "bash setup.sh" in message and "python -m exporter fonts" in message


def test_a_face_the_manifest_does_not_know_is_a_font_error(open_cache: Path) -> None:
    with pytest.raises(FontError, match="字体清单 fonts/manifest.yaml 中没有字体“lishu”"):
        resolve_fonts(["lishu"], local_dirs=[], system_dirs=[], cache_dir=open_cache)


def test_font_report_says_which_file_serves_each_role(open_cache: Path) -> None:
    report = font_report(resolve_fonts(FACES, local_dirs=[], system_dirs=[], cache_dir=open_cache))
    assert len(report) == 6
    assert report[1] == ("仿宋 ← FandolFang-Regular-d838ad32ce22.ttf（开源替代字体 FandolFang Regular，不是正式字体）："
                         f"{open_cache / 'FandolFang-Regular-d838ad32ce22.ttf'}")
    assert report[4].startswith("小标宋 ← NotoSerifSC_700Bold.ttf（开源替代字体 Noto Serif SC Bold")
    assert report[5].startswith("西文（Times New Roman） ← LiberationSerif-Regular.ttf（开源替代字体 Liberation Serif")


# ---------------------------------------------------------------- metrics
@pytest.fixture(scope="module")
def build_fonts() -> dict[str, FontFile]:
    """The faces a build uses, resolved the way the build resolves them."""
    return resolve_fonts(FACES)


@pytest.mark.parametrize("face", CJK_FACES)
def test_han_characters_are_one_em_and_digits_narrower(build_fonts: dict[str, FontFile], face: str) -> None:
    metrics = load_metrics(build_fonts[face])
    assert metrics.advance("中") == 1.0
    assert metrics.advance("，") == 1.0
    for digit in "0123456789":
        assert 0.3 < metrics.advance(digit) < 0.7
    assert 0.7 < metrics.ascent < 1.0 and 0.0 < metrics.descent < 0.3
    assert metrics.units_per_em == 1000


def test_latin_face_has_the_widths_of_times_new_roman(build_fonts: dict[str, FontFile]) -> None:
    """Word sets digits and Latin letters in Times New Roman: the PDF measures them with the same advances."""
    metrics = load_metrics(build_fonts["latin"])
    assert {metrics.advance(digit) for digit in "0123456789"} == {0.5}
    assert (metrics.advance("."), metrics.advance("%"), metrics.advance("A")) == (0.25, pytest.approx(0.833, abs=0.001),
                                                                                   pytest.approx(0.722, abs=0.001))
    assert not metrics.covers("中")


def test_the_page_number_dash_has_its_ink_near_the_middle_of_the_em(build_fonts: dict[str, FontFile]) -> None:
    bottom, top = load_metrics(build_fonts["songti"]).ink("—")
    assert 0.1 < bottom < top < 0.6 and top - bottom < 0.15  # a thin stroke, read from the glyph's outline


@pytest.mark.parametrize("face", CJK_FACES)
def test_every_character_of_the_seed_report_is_covered(build_fonts: dict[str, FontFile], face: str) -> None:
    metrics = load_metrics(build_fonts[face])
    characters = set(SEED_REPORT.read_text(encoding="utf-8")) - set("\r\n") | set(CHINESE_PUNCTUATION)
    assert len(characters) > 600
    assert [ch for ch in sorted(characters) if not metrics.covers(ch)] == []
    assert not metrics.covers("\ue000")  # private use: no face has it


def test_metrics_come_from_the_disk_cache_without_parsing_the_font_again(
        tmp_path: Path, private_metrics_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    font_path = build_font(tmp_path / "simfang.ttf", "FangSong", cjk_advance=1000)
    font = FontFile("fangsong", font_path, 0, "FangSong", "local", "")
    assert load_metrics(font).advance("1") == 0.5
    assert list((private_metrics_cache / "metrics").iterdir())

    monkeypatch.setattr(fonts_module, "_metrics_memo", {})
    def parse_again(*args: object) -> None:
        raise AssertionError("the font was parsed again")

    monkeypatch.setattr(fonts_module, "_parse_metrics", parse_again)
    warm = load_metrics(font)
    assert (warm.advance("中"), warm.advance("1"), warm.ascent, warm.descent) == (1.0, 0.5, 0.88, 0.12)


def test_a_changed_font_file_is_measured_again(tmp_path: Path, private_metrics_cache: Path) -> None:
    font_path = build_font(tmp_path / "simkai.ttf", "KaiTi", cjk_advance=1000)
    font = FontFile("kaiti", font_path, 0, "KaiTi", "local", "")
    assert load_metrics(font).advance("中") == 1.0
    build_font(font_path, "KaiTi", cjk_advance=960)
    os.utime(font_path, ns=(time.time_ns(), time.time_ns() + 10**9))
    assert load_metrics(font).advance("中") == 0.96


def test_a_subfont_is_measured_from_its_own_tables(tmp_path: Path, private_metrics_cache: Path) -> None:
    collection = TTCollection()
    collection.fonts = [TTFont(build_font(tmp_path / "a.ttf", "A", cjk_advance=900)),
                        TTFont(build_font(tmp_path / "b.ttf", "B", cjk_advance=1000))]
    collection.save(str(tmp_path / "both.ttc"))
    first, second = (load_metrics(FontFile("songti", tmp_path / "both.ttc", i, "", "local", "")) for i in (0, 1))
    assert (first.advance("中"), second.advance("中")) == (0.9, 1.0)


# ---------------------------------------------------------------- set-up
def test_a_corrupted_cache_file_is_detected(tmp_path: Path) -> None:
    manifest = load_manifest()
    heiti, fangsong = manifest["heiti"].open, manifest["fangsong"].open
    for face in (heiti, fangsong):
        shutil.copyfile(font_cache_dir() / face.cache_name, tmp_path / face.cache_name)
    record = tmp_path / (fangsong.cache_name + ".sha256")
    shutil.copyfile(font_cache_dir() / record.name, record)
    assert check_cached_face(heiti, tmp_path) is None
    assert check_cached_face(fangsong, tmp_path) is None

    for face in (heiti, fangsong):
        with (tmp_path / face.cache_name).open("r+b") as handle:
            handle.seek(5000)
            byte = handle.read(1)
            handle.seek(5000)
            handle.write(bytes([byte[0] ^ 0xFF]))
        assert "校验值不符" in check_cached_face(face, tmp_path)
    assert check_cached_face(manifest["kaiti"].open, tmp_path) == "缓存中还没有"


def test_a_converted_face_without_its_hash_record_is_not_trusted(tmp_path: Path) -> None:
    fangsong = load_manifest()["fangsong"].open
    shutil.copyfile(font_cache_dir() / fangsong.cache_name, tmp_path / fangsong.cache_name)
    assert "校验值不符" in check_cached_face(fangsong, tmp_path)


def test_set_up_without_npm_fails_with_a_message_and_leaves_no_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("EXPORTER_FONT_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    assert run_setup() == 1
    err = capsys.readouterr().err
    assert "字体设置失败：需要 npm 来下载字体包" in err and "Traceback" not in err
    assert [p.name for p in (tmp_path / "cache").iterdir()] == []


def test_a_download_with_the_wrong_hash_is_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    heiti = load_manifest()["heiti"]
    wrong = dataclasses.replace(heiti, open=dataclasses.replace(heiti.open, sha256="0" * 64))
    monkeypatch.setattr(fontsetup, "load_manifest", lambda: {"heiti": wrong})
    monkeypatch.setenv("EXPORTER_FONT_CACHE", str(tmp_path / "cache"))
    assert run_setup() == 1
    err = capsys.readouterr().err
    assert "Noto Sans SC Regular 的校验值不符" in err and "文件没有放入缓存" in err
    assert [p.name for p in (tmp_path / "cache").iterdir()] == []


def test_a_second_set_up_finds_everything_in_place_quickly(capsys: pytest.CaptureFixture[str]) -> None:
    run_setup()
    capsys.readouterr()
    started = time.perf_counter()
    assert run_setup() == 0
    assert time.perf_counter() - started < 1.0
    out = capsys.readouterr().out
    assert "全部 6 种开源字体都已就绪，无需下载" in out
    assert "正在下载" not in out


# ---------------------------------------------------------------- the preview's fontconfig file
def fc_match(family: str) -> tuple[str, str]:
    result = subprocess.run(["fc-match", "-f", "%{file}|%{style[0]}", f"{family}:lang=zh-cn"],
                            env={**os.environ, "FONTCONFIG_FILE": str(fontconfig_path())},
                            capture_output=True, text=True, check=True)
    file, style = result.stdout.split("|")
    return Path(file).name, style


@pytest.mark.parametrize("family, file, style", [
    ("仿宋_GB2312", "FandolFang-Regular-d838ad32ce22.ttf", "Regular"),
    ("仿宋", "FandolFang-Regular-d838ad32ce22.ttf", "Regular"),
    ("FangSong", "FandolFang-Regular-d838ad32ce22.ttf", "Regular"),
    ("楷体_GB2312", "LXGWWenKai-Regular.ttf", "Regular"),
    ("KaiTi", "LXGWWenKai-Regular.ttf", "Regular"),
    ("黑体", "NotoSansSC_400Regular.ttf", "Regular"),
    ("SimHei", "NotoSansSC_400Regular.ttf", "Regular"),
    ("宋体", "NotoSerifSC_400Regular.ttf", "Regular"),
    ("SimSun", "NotoSerifSC_400Regular.ttf", "Regular"),
    ("方正小标宋简体", "NotoSerifSC_700Bold.ttf", "Bold"),
    ("方正小标宋_GBK", "NotoSerifSC_700Bold.ttf", "Bold"),
    ("Times New Roman", "LiberationSerif-Regular.ttf", "Regular"),
])
def test_fontconfig_maps_official_names_to_the_open_faces(family: str, file: str, style: str) -> None:
    assert fc_match(family) == (file, style)


def test_an_official_xiaobiaosong_is_not_forced_to_bold(tmp_path: Path) -> None:
    entries = list(load_manifest().values())
    served = {e.key: FontFile(e.key, tmp_path / f"{e.key}.ttf", 0, "", "open", "") for e in entries}
    assert "<const>bold</const>" in fontconfig_text(tmp_path, entries, served, [])
    served["xiaobiaosong"] = dataclasses.replace(served["xiaobiaosong"], origin="local")
    text = fontconfig_text(tmp_path, entries, served, [tmp_path / "local"])
    assert "<const>bold</const>" not in text
    assert f"<dir>{tmp_path / 'local'}</dir>" in text
