"""The show's cover art: a square PNG drawn with Pillow (no downloads, no assets)."""

from __future__ import annotations

import functools
import io
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from ..errors import InputError
from ..fsutil import atomic_write_bytes

COVER_SIZE = 1400
_FONTS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
)


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for path in _FONTS:
        if Path(path).is_file():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size=size)


def _background(size: int) -> Image.Image:
    """A diagonal indigo-to-teal gradient."""
    t = np.linspace(0.0, 1.0, size, dtype=np.float32)
    mix = (t[None, :] * 0.6 + t[:, None] * 0.4)[..., None]
    top = np.array([30, 27, 75], dtype=np.float32)
    bottom = np.array([13, 148, 136], dtype=np.float32)
    rgb = (top * (1 - mix) + bottom * mix).astype(np.uint8)
    return Image.fromarray(rgb, "RGB")


def _leaps(draw: ImageDraw.ImageDraw, size: int) -> None:
    """Three arcs hopping left to right: the 'tiny leaps'."""
    y = int(size * 0.78)
    x0 = int(size * 0.08)
    for w in (0.16, 0.23, 0.34):
        x1 = x0 + int(size * w)
        h = int(size * w * 0.9)
        draw.arc((x0, y - h, x1, y + h), 180, 360, fill=(250, 204, 21), width=size // 70)
        r = size // 60
        draw.ellipse((x1 - r, y - r, x1 + r, y + r), fill=(250, 204, 21))
        x0 = x1 + int(size * 0.02)


def _wrap(text: str, max_chars: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= max_chars:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


@functools.lru_cache(maxsize=4)
def render_cover(show_name: str, tagline: str = "", size: int = COVER_SIZE) -> bytes:
    """PNG bytes of a ``size``x``size`` cover with the show's name on it."""
    img = _background(size)
    draw = ImageDraw.Draw(img)
    _leaps(draw, size)
    lines = _wrap(show_name, 12)[:3]
    px = int(size * 0.16)
    font = _font(px)
    while px > 24 and max(draw.textlength(x, font=font) for x in lines) > size * 0.84:
        px = int(px * 0.92)
        font = _font(px)
    y = int(size * 0.10)
    for line in lines:
        draw.text((int(size * 0.08), y), line, font=font, fill=(255, 255, 255))
        y += int(px * 1.15)
    if tagline:
        small = _font(int(size * 0.035))
        for i, line in enumerate(_wrap(tagline, 44)[:3]):
            pos = (int(size * 0.08), y + int(size * 0.02) + i * int(size * 0.05))
            draw.text(pos, line, font=small, fill=(204, 251, 241))
    draw.rectangle((0, size - size // 40, size, size), fill=(250, 204, 21))
    buf = io.BytesIO()
    img.save(buf, "PNG", compress_level=6)
    return buf.getvalue()


def write_cover(out: Path, show_name: str, tagline: str = "", given: Path | None = None) -> Path:
    """Write the cover to ``out``: a copy of ``given`` (checked to be a square PNG or
    JPEG of 1400-3000 px) or a freshly drawn one."""
    if given is None:
        return atomic_write_bytes(out, render_cover(show_name, tagline))
    try:
        with Image.open(given) as im:
            w, h = im.size
            fmt = im.format
    except (OSError, ValueError) as exc:
        raise InputError(f"{given}: cannot read cover image ({exc})") from exc
    if fmt not in ("PNG", "JPEG") or w != h or not 1400 <= w <= 3000:
        raise InputError(
            f"{given}: cover must be a square PNG/JPEG of 1400-3000 px, got {fmt} {w}x{h}"
        )
    return atomic_write_bytes(out, given.read_bytes())
