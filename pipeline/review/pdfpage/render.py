"""A PDF page rendered as a PNG, as the review app shows it (the page's /Rotate applied, as the
number boxes of pagetext assume): at a scale, or at a width in pixels (what the page's panel, its
zoom and the screen's pixel ratio ask for, so the image is sharp). pdfium renders under the pdfium
lock (document.opened); the PNG is encoded after it is released."""
from __future__ import annotations

import io

from .document import checked_page, opened, whole

_MAX_SCALE = 10.0  # render_page_png: at most 720 dpi
_MAX_WIDTH = 6000  # pixels: a page wider than that is not asked for


def render_page_png(pdf_path, page: int, scale: float = 1.5, width: int | None = None) -> bytes:
    """PNG bytes of a 1-based page rendered at `scale` pixels per PDF point (1.5: 108 dpi), or, when
    `width` is given, at the scale that makes it `width` pixels wide (at most _MAX_SCALE);
    ceil(page width * scale) by ceil(page height * scale) pixels, annotations drawn, on white."""
    if isinstance(scale, bool) or not isinstance(scale, (int, float)) or not 0 < scale <= _MAX_SCALE:
        raise ValueError(f"{pdf_path}: scale {scale!r} is not a number above 0 and at most {_MAX_SCALE:g}")
    if width is not None and not 0 < whole(pdf_path, width, "width") <= _MAX_WIDTH:
        raise ValueError(f"{pdf_path}: width {width!r} is not a number of pixels from 1 to {_MAX_WIDTH}")
    with opened(pdf_path) as doc:
        pdf_page = doc[checked_page(pdf_path, page, len(doc)) - 1]
        try:
            if width is not None:
                scale = min(_MAX_SCALE, width / pdf_page.get_width())   # the width as displayed (rotation applied)
            image = pdf_page.render(scale=scale).to_pil()  # BGR read as RGB: a copy of the bitmap
        finally:
            pdf_page.close()
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=3)
    return out.getvalue()
