"""The Borgen demo's cover image: a stylised square with houses and trees, drawn by code (no
picture from elsewhere) and given to the process through the same service staff use, so it is
checked and re-encoded like any upload."""

import functools
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from sammen.core.translations import set_translations
from sammen.processes.services import set_cover_image

WIDTH, HEIGHT = 1200, 500
ALT = {
    "nb": (
        "Tegning av et torg på Borgen: lave hus med røde, gule og blå fasader rundt en "
        "åpen plass med benker, trær og en lekeplass, under en lys himmel."
    ),
    "nn": (
        "Teikning av eit torg på Borgen: låge hus med raude, gule og blå fasadar rundt ein "
        "open plass med benkar, tre og ein leikeplass, under ein lys himmel."
    ),
    "en": (
        "Drawing of a square at Borgen: low houses with red, yellow and blue fronts around "
        "an open space with benches, trees and a playground, under a light sky."
    ),
}

SKY_TOP, SKY_BOTTOM = (186, 220, 240), (232, 244, 250)
GRASS = (120, 170, 100)
PAVING = (214, 205, 190)
HOUSES = [(178, 58, 46), (226, 182, 62), (64, 110, 160), (235, 232, 222), (120, 150, 90)]
ROOF = (70, 60, 60)
WINDOW = (250, 246, 220)
TRUNK = (110, 80, 50)
LEAVES = [(46, 110, 60), (70, 135, 70), (90, 150, 80)]


@functools.cache
def borgen_cover_png() -> bytes:
    """The drawing as a PNG; the same bytes every time (it is drawn once per process)."""
    image = Image.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(image)
    horizon = 300
    for y in range(horizon):
        t = y / horizon
        colour = tuple(round(a + (b - a) * t) for a, b in zip(SKY_TOP, SKY_BOTTOM, strict=True))
        draw.line([(0, y), (WIDTH, y)], fill=colour)
    draw.ellipse([980, 40, 1070, 130], fill=(250, 214, 110))
    draw.rectangle([0, horizon, WIDTH, HEIGHT], fill=GRASS)
    # The square: a wide paved trapezoid, seen from above and in front.
    draw.polygon([(300, horizon + 10), (900, horizon + 10), (1100, HEIGHT), (100, HEIGHT)], PAVING)
    # A row of houses along the back of the square.
    x = 40
    for index in range(9):
        width = 100 + (index * 37) % 40
        height = 110 + (index * 53) % 70
        top = horizon + 10 - height
        draw.rectangle([x, top, x + width, horizon + 10], fill=HOUSES[index % len(HOUSES)])
        draw.polygon([(x - 8, top), (x + width / 2, top - 45), (x + width + 8, top)], ROOF)
        for row in range(2):
            for column in range(2):
                left = x + 18 + column * (width - 54)
                upper = top + 18 + row * 45
                draw.rectangle([left, upper, left + 18, upper + 24], fill=WINDOW)
        x += width + 22
    # Trees in front of the houses and on the grass.
    for index, (cx, base) in enumerate(
        [(90, 360), (260, 330), (560, 335), (820, 330), (1000, 350), (1140, 420), (40, 470)]
    ):
        draw.rectangle([cx - 6, base - 40, cx + 6, base], fill=TRUNK)
        radius = 34 + (index * 7) % 14
        draw.ellipse(
            [cx - radius, base - 40 - 2 * radius, cx + radius, base - 40 + 10],
            fill=LEAVES[index % len(LEAVES)],
        )
    # Benches and a small playground on the square.
    for left in (380, 700):
        draw.rectangle([left, 400, left + 90, 410], fill=TRUNK)
        draw.rectangle([left + 8, 410, left + 14, 428], fill=TRUNK)
        draw.rectangle([left + 76, 410, left + 82, 428], fill=TRUNK)
    draw.polygon([(560, 470), (600, 380), (640, 470)], outline=(200, 70, 50), width=6)
    draw.line([(540, 470), (660, 470)], fill=(200, 70, 50), width=6)
    draw.ellipse([585, 440, 615, 470], fill=(64, 110, 160))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False, compress_level=1)
    return buffer.getvalue()


def load_borgen_cover(*, actor, process) -> None:
    """Give the process the drawing as its cover image, with its text in three languages."""
    upload = SimpleUploadedFile("borgen-torget.png", borgen_cover_png(), "image/png")
    set_cover_image(actor=actor, process=process, upload=upload, alt=ALT["nb"])
    set_translations(
        actor=actor,
        obj=process,
        texts={"cover_alt_nn": ALT["nn"], "cover_alt_en": ALT["en"]},
    )
