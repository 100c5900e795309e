#!/usr/bin/env python3
"""Rebuild NotoSansCJKsc-Regular-GB2312.ttf, the font yusuan-render-pdf bundles.

Needs fonttools (`pip install fonttools`) and Debian's fonts-noto-cjk
(/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc, face 2 is Noto Sans CJK SC).
Run from the repository root: `python3 assets/fonts/make-subset.py`.

The character set: every GB2312 character (7,445: 6,763 hanzi, punctuation, full-width
forms), ASCII, Latin-1, general punctuation, CJK symbols, enclosed numbers, box drawing,
full-width forms, and every character of the fixtures and the Rust sources. Layout tables
and hinting are dropped (the renderer does not shape); the CFF outlines are converted to
TrueType (quadratic, max error 1 unit) so the renderer can subset them per document.
"""
import glob, os, sys
from fontTools import subset
from fontTools.ttLib import TTFont, newTable
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.pens.reverseContourPen import ReverseContourPen

SRC = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "NotoSansCJKsc-Regular-GB2312.ttf")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def charset():
    chars = set()
    for b1 in range(0xA1, 0xF8):
        for b2 in range(0xA1, 0xFF):
            try:
                chars.add(bytes([b1, b2]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    ranges = [(0x20, 0x7E), (0xA0, 0xFF), (0x2000, 0x206F), (0x2100, 0x214F), (0x2150, 0x218F),
              (0x2190, 0x21FF), (0x2200, 0x22FF), (0x2460, 0x24FF), (0x2500, 0x257F),
              (0x25A0, 0x25FF), (0x2600, 0x26FF), (0x3000, 0x303F), (0x3200, 0x32FF),
              (0xFE30, 0xFE4F), (0xFF00, 0xFFEF), (0x02C6, 0x02DD)]
    for a, b in ranges:
        chars.update(chr(c) for c in range(a, b + 1))
    files = glob.glob(os.path.join(ROOT, "../shared/fixtures/*.txt"))
    files += glob.glob(os.path.join(ROOT, "crates/**/*.rs"), recursive=True)
    for f in files:
        try:
            chars.update(c for c in open(f, encoding="utf-8").read() if ord(c) >= 0x20)
        except (OSError, UnicodeDecodeError):
            pass
    return sorted(ord(c) for c in chars)


def to_truetype(font):
    order = font.getGlyphOrder()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    glyphs = font.getGlyphSet()
    for name in order:
        pen = TTGlyphPen(glyphs)
        glyphs[name].draw(Cu2QuPen(ReverseContourPen(pen), 1.0, reverse_direction=False))
        glyf[name] = pen.glyph()
    del font["CFF "]
    glyf.compile(font)
    font["maxp"] = maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for a in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs",
              "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions",
              "maxComponentElements", "maxComponentDepth"):
        setattr(maxp, a, 0)
    maxp.maxZones = 1
    maxp.compile(font)
    font["post"].formatType = 3.0
    font.sfntVersion = "\000\001\000\000"


def main():
    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.name_IDs = ["*"]
    options.drop_tables += ["VORG", "vhea", "vmtx", "DSIG", "BASE", "GDEF", "GPOS", "GSUB", "meta"]
    options.font_number = 2
    font = subset.load_font(SRC, options)
    s = subset.Subsetter(options)
    s.populate(unicodes=charset())
    s.subset(font)
    # Convert from a saved copy, as pyftsubset's output file would be.
    tmp = OUT + ".otf"
    font.save(tmp)
    font = TTFont(tmp)
    to_truetype(font)
    font.save(OUT)
    os.remove(tmp)
    print(OUT, os.path.getsize(OUT), "bytes,", font["maxp"].numGlyphs, "glyphs")


if __name__ == "__main__":
    sys.exit(main())
