"""Traditional script turned into simplified for matching, offsets kept.

OpenCC's ``t2s`` conversion (opencc-python-reimplemented, dictionaries inside the package) runs
on each line holding a traditional-only character. Where a phrase conversion would change a
line's length, that line is converted character by character instead, each character to one
character, so the simplified text always has the same length and offsets as the text as written.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def _converter():
    from opencc import OpenCC

    return OpenCC("t2s")


@lru_cache(maxsize=1)
def _traditional() -> frozenset[str]:
    """Characters t2s changes that are not simplified characters themselves."""
    import opencc

    folder = Path(opencc.__file__).parent / "dictionary"
    simplified_side = set()
    for line in (folder / "STCharacters.txt").read_text(encoding="utf-8").splitlines():
        simplified_side.add(line.split("\t", 1)[0])
    changed = set()
    for line in (folder / "TSCharacters.txt").read_text(encoding="utf-8").splitlines():
        trad, _, simp = line.partition("\t")
        if trad and simp.split(" ")[0] != trad and trad not in simplified_side:
            changed.add(trad)
    return frozenset(changed)


@lru_cache(maxsize=4096)
def _char(c: str) -> str:
    out = _converter().convert(c)
    return out if len(out) == 1 else c


def simplified(text: str) -> str:
    """``text`` in simplified script, of the same length; ``text`` itself when it has no traditional characters."""
    traditional = _traditional()
    if not any(c in traditional for c in text):
        return text
    out = []
    for line in re.split(r"(?<=\n)", text):
        if any(c in traditional for c in line):
            converted = _converter().convert(line)
            if len(converted) != len(line):
                converted = "".join(_char(c) for c in line)
            line = converted
        out.append(line)
    return "".join(out)
