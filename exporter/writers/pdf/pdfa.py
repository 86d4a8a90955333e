"""PDF/A-2b: the sRGB output intent, written with ReportLab's document objects."""

from __future__ import annotations

from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

from reportlab.pdfbase import pdfdoc

from ...errors import Location, StyleError, error

PDFA_PART = 2  # PDF/A-2b (ISO 19005-2, level B)
OUTPUT_CONDITION = "sRGB IEC61966-2.1"
# The v2 sRGB profile: Debian's icc-profiles-free first, then the copy pikepdf ships (found, not imported).
_PROFILE_PLACES = (Path("/usr/share/color/icc/sRGB.icc"),)


@lru_cache(maxsize=1)
def srgb_profile() -> bytes:
    """The bytes of an ICC v2 sRGB profile; a style error when none is installed."""
    places = list(_PROFILE_PLACES)
    spec = find_spec("pikepdf")
    if spec and spec.submodule_search_locations:
        places += [Path(p) / "pdfa" / "data" / "sRGB.icc" for p in spec.submodule_search_locations]
    for place in places:
        if place.is_file():
            return place.read_bytes()
    raise StyleError(error("P001", "生成 PDF/A 需要 sRGB 色彩配置文件，但本机没有找到",
                           Location("PDF/A"), "安装 icc-profiles-free（apt install icc-profiles-free），"
                           "或在样式表中设置 pdf: {pdfa: false}。"))


def output_intent() -> pdfdoc.PDFDictionary:
    """The one PDF/A output intent: sRGB, the space every colour of the report is given in."""
    profile = pdfdoc.PDFStream(pdfdoc.PDFDictionary({"N": 3}), srgb_profile(), filters=[pdfdoc.PDFZCompress])
    return pdfdoc.PDFDictionary({
        "Type": pdfdoc.PDFName("OutputIntent"),
        "S": pdfdoc.PDFName("GTS_PDFA1"),
        "OutputConditionIdentifier": pdfdoc.PDFString(OUTPUT_CONDITION),
        "Info": pdfdoc.PDFString(OUTPUT_CONDITION),
        "DestOutputProfile": profile,
    })
