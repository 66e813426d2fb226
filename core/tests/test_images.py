import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.images import reencode_image


def make_image(size=(1200, 800), fmt="JPEG", exif=True) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    image = Image.new("RGB", size, (200, 30, 30))
    kwargs = {}
    if exif:
        exif_data = Image.Exif()
        exif_data[0x010F] = "Aparat z GPS"  # Make
        exif_data[0x0112] = 6  # Orientation: the camera was turned, the picture must be too
        kwargs["exif"] = exif_data.tobytes()
    image.save(buffer, format=fmt, **kwargs)
    return SimpleUploadedFile(f"zdjecie.{fmt.lower()}", buffer.getvalue())


def test_image_is_shrunk_turned_upright_and_reencoded_without_exif():
    stored, thumbnail = reencode_image(make_image(), name="zdjecie.jpg", max_side=512)
    assert thumbnail is None
    with Image.open(io.BytesIO(stored.read())) as image:
        assert image.format == "WEBP"
        assert image.size == (341, 512)  # 1200 × 800 turned a quarter, then shrunk
        assert not image.getexif()


def test_one_decode_gives_the_picture_and_its_thumbnail():
    stored, thumbnail = reencode_image(
        make_image(exif=False), name="a.jpg", max_side=600, thumbnail_side=120
    )
    with Image.open(stored) as image, Image.open(thumbnail) as small:
        assert image.size == (600, 400)
        assert small.size == (120, 80)


def test_non_image_is_refused_with_a_clear_message():
    upload = SimpleUploadedFile("cv.jpg", b"%PDF-1.7 not an image")
    with pytest.raises(ValidationError) as error:
        reencode_image(upload, name="cv.jpg", max_side=512)
    assert error.value.code == "not_an_image"
    assert error.value.params["name"] == "cv.jpg"


def test_transparent_png_keeps_its_transparency():
    buffer = io.BytesIO()
    Image.new("RGBA", (50, 50), (0, 0, 0, 0)).save(buffer, format="PNG")
    stored, _ = reencode_image(
        SimpleUploadedFile("a.png", buffer.getvalue()), name="a.png", max_side=512
    )
    with Image.open(stored) as image:
        assert image.mode == "RGBA"


def test_pillow_refuses_bombs_from_the_header_everywhere_in_the_process(settings):
    # Set at start-up, so Django's own ImageField and any other Image.open() obey it too.
    assert Image.MAX_IMAGE_PIXELS == 25_000_000
