"""Text normalisation for fidelity comparisons between the seed and every output."""

from __future__ import annotations

import re
import unicodedata

# The seed folded punctuation to ASCII and wrote ranges with "-"; the outputs use ～ (GB/T 15835)
# and — for year spans. Compare them as one dash so only real differences show.
_RANGE_MARKS = re.compile(r"[～~—\-]")


def normalise(text: str) -> str:
    """NFKC, no whitespace, range marks folded to "-"."""
    folded = unicodedata.normalize("NFKC", text)
    return _RANGE_MARKS.sub("-", re.sub(r"\s+", "", folded))
