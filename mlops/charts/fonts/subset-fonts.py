#!/usr/bin/python3
"""Makes the chart fonts committed beside this script: DejaVu Sans (regular and bold) cut to the characters charts
use, so a machine without fonts renders chart text the same way and the bundle ships ~1/10 of the full files.

Source: Debian's fonts-dejavu-core 2.37-6 (/usr/share/fonts/truetype/dejavu/). Needs fontTools (Debian
python3-fonttools). Run from the repository root: /usr/bin/python3 mlops/charts/fonts/subset-fonts.py
"""
from pathlib import Path

from fontTools import subset

SOURCE = Path("/usr/share/fonts/truetype/dejavu")
HERE = Path(__file__).resolve().parent
# Basic Latin, Latin-1, Latin Extended-A, Greek (α, σ…), general punctuation (– — ‘ ’ “ ” …), super/subscripts,
# arrows, and the math signs d3-format and labels use (U+2212 minus: d3-format's default sign for negatives).
UNICODES = (
    "U+0020-007E,U+00A0-017F,U+0370-03FF,U+2010-205E,U+2070-209F,U+2190-21FF,"
    "U+2200-22FF,U+25A0-25FF"
)

for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
    options = subset.Options()
    options.name_IDs = ["*"]  # keep the family name and the copyright/licence strings
    options.name_languages = ["*"]
    options.layout_features = ["*"]
    options.notdef_outline = True
    options.hinting = False  # resvg does not hint; the hinting tables are a third of the file
    font = subset.load_font(str(SOURCE / name), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=subset.parse_unicodes(UNICODES))
    subsetter.subset(font)
    subset.save_font(font, str(HERE / name), options)
    print(f"{name}: {(HERE / name).stat().st_size} bytes")
