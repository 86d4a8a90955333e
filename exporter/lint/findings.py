"""What lint finds and what fix changes: findings with a place, a code, Chinese words, and the exact edit that corrects them."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import Level, Location


@dataclass(frozen=True)
class ValueChange:
    """What an edit does to the YAML value it touches, so the edited text can be read back and compared."""

    scalar_start: int  # where the scalar starts in the text before the edit: it names the scalar
    start: int  # the changed characters of the value
    end: int
    replacement: str


@dataclass(frozen=True)
class Edit:
    """One exact replacement in a source file: the characters [start, end) of its text, `before`, become `after`.

    Offsets count characters of the file's UTF-8 text (a byte-order mark not counted). `location` is where the
    visible change starts; `shown` is that change as a clerk reads it (“6-8个 → {6～8个}”), which may be smaller
    than `before` → `after` when the whole value had to be put in quotes.
    """

    location: Location
    start: int
    end: int
    before: str
    after: str
    shown: str
    why: str  # the rule, in Chinese: 数值范围用浪纹线“～”连接
    value: ValueChange | None = field(default=None, compare=False, repr=False)

    def overlaps(self, other: "Edit") -> bool:
        """True when the two edits touch the same characters (or insert at the same place)."""
        return self.start < other.end and other.start < self.end or self.start == other.start


def apply_edits(text: str, edits: list[Edit]) -> str:
    """`text` with every edit made; the edits must not overlap and must match the text (see `stale_edit`)."""
    pieces: list[str] = []
    position = 0
    for edit in sorted(edits, key=lambda e: e.start):
        pieces += [text[position:edit.start], edit.after]
        position = edit.end
    return "".join(pieces) + text[position:]


def stale_edit(text: str, edit: Edit) -> bool:
    """True when the text no longer holds what the edit replaces (the file changed since it was linted)."""
    return text[edit.start:edit.end] != edit.before


@dataclass(frozen=True)
class Finding:
    """One place where a source breaks a rule of GB/T 15834, GB/T 15835 or 公文 usage."""

    location: Location
    code: str
    message: str
    hint: str
    edit: Edit | None = None  # the safe correction `exporter fix` makes; None: the clerk decides
    unfixed: str = ""  # why fix leaves a correctable problem alone (a line break inside it, a block scalar …)
    level: Level = Level.WARNING  # an error only when the file cannot be read as YAML at all

    @property
    def fixable(self) -> bool:
        return self.edit is not None

    def __str__(self) -> str:
        text = f"{self.location}: {self.level.value}[{self.code}]: {self.message}"
        hint = self.hint
        if self.edit is not None:
            hint += "（exporter fix 可以自动改正）"
        elif self.unfixed:
            hint += f"（exporter fix 不改这一处：{self.unfixed}）"
        return text + (f"\n    修改建议：{hint}" if hint else "")
