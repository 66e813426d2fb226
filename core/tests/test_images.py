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
        kwargs["exif"] = exif_data.tobytes()
    image.save(buffer, format=fmt, **kwargs)
    return SimpleUploadedFile(
        f"zdjecie.{fmt.lower()}", buffer.getvalue(), content_type="image/jpeg"
    )


def test_image_is_shrunk_to_the_limit_and_reencoded_without_exif():
    result = reencode_image(make_image(), max_side=512)
    with Image.open(io.BytesIO(result.read())) as image:
        assert image.format == "WEBP"
        assert max(image.size) == 512
        assert not image.getexif()


def test_non_image_is_refused_with_a_clear_message():
    upload = SimpleUploadedFile("cv.jpg", b"%PDF-1.7 not an image", content_type="image/jpeg")
    with pytest.raises(ValidationError) as error:
        reencode_image(upload, max_side=512)
    assert error.value.code == "not_an_image"


def test_svg_is_refused_even_when_named_png():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'
    with pytest.raises(ValidationError):
        reencode_image(SimpleUploadedFile("a.png", svg), max_side=512)


def test_decompression_bomb_is_refused_before_decoding():
    # A tiny PNG that claims a huge canvas: refused from its header alone.
    upload = make_image(size=(8000, 8000), fmt="PNG", exif=False)
    with pytest.raises(ValidationError) as error:
        reencode_image(upload, max_side=512, max_pixels=10_000_000)
    assert error.value.code in {"too_many_pixels", "not_an_image"}


def test_transparent_png_keeps_its_transparency():
    buffer = io.BytesIO()
    Image.new("RGBA", (50, 50), (0, 0, 0, 0)).save(buffer, format="PNG")
    result = reencode_image(SimpleUploadedFile("a.png", buffer.getvalue()), max_side=512)
    with Image.open(io.BytesIO(result.read())) as image:
        assert image.mode == "RGBA"
