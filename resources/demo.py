"""Demo materials in the networks the networks app seeds (idempotent; skipped when absent)."""

from django.core.files.base import ContentFile

from accounts.models import User
from core.uploads import check_upload
from networks.models import Membership, Network
from networks.permissions import coordinators_of
from resources import services
from resources.models import EducationLevel, Licence, Resource, ResourceType, Subject


def demo_pdf(title: str) -> bytes:
    """A tiny valid one-page PDF with the title as its text."""
    text = title.encode("ascii", "replace").replace(b"(", b"").replace(b")", b"")
    stream = b"BT /F1 18 Tf 72 720 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    body, offsets = b"%PDF-1.4\n", []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(body))
        body += f"{number} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(body)
    body += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    body += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    body += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return body


MATERIALS = [
    {
        "network": "matematyka-w-klasach-1-3",
        "author": "nauczycielka@example.org",
        "title": "Scenariusz lekcji – matematyka: ułamki w kuchni",
        "description": "Uczniowie poznają **ułamki** przy dzieleniu pizzy i odmierzaniu składników.\n\n"
        "- czas: 45 minut\n- pomoce: papierowe koła, miarki kuchenne",
        "resource_type": ResourceType.LESSON_SCENARIO,
        "levels": [EducationLevel.PRIMARY_1_3],
        "subjects": ["matematyka", "edukacja-wczesnoszkolna"],
        "tags": ["ułamki", "gry dydaktyczne"],
        "licence": Licence.CC_BY_SA,
        "publish": True,
    },
    {
        "network": "matematyka-w-klasach-1-3",
        "author": "koordynator@example.org",
        "title": "Gry matematyczne na przerwę – samouczek",
        "description": "Jak w 10 minut przygotować z uczniami grę planszową ćwiczącą dodawanie.",
        "resource_type": ResourceType.TUTORIAL,
        "levels": [EducationLevel.PRIMARY_1_3, EducationLevel.PRIMARY_4_8],
        "subjects": ["matematyka"],
        "tags": ["gry"],
        "licence": Licence.CC_BY,
        "publish": False,
    },
    {
        "network": "czytelnictwo-w-bibliotece",
        "author": "bibliotekarz@example.org",
        "title": "Zestawienie bibliograficzne: czytelnictwo dzieci i młodzieży",
        "description": "Wybór publikacji z lat 2015–2025 o rozwijaniu nawyku czytania.",
        "resource_type": ResourceType.BIBLIOGRAPHY,
        "levels": [EducationLevel.ADULT],
        "subjects": ["biblioteka-szkolna", "jezyk-polski"],
        "tags": ["czytelnictwo", "biblioteka"],
        "licence": Licence.CC_BY,
        "publish": True,
    },
]


def seed() -> None:
    for spec in MATERIALS:
        network = Network.objects.filter(slug=spec["network"]).first()
        author = User.objects.filter(email=spec["author"]).first()
        if network is None or author is None:
            continue
        if Resource.objects.filter(network=network, title=spec["title"]).exists():
            continue
        if not Membership.objects.filter(network=network, user=author).exists():
            continue
        upload = ContentFile(demo_pdf(spec["title"]), name=f"{spec['title'][:40]}.pdf")
        resource = services.resource_create(
            network=network,
            author=author,
            uploads=[check_upload(upload)],
            subjects=Subject.objects.filter(slug__in=spec["subjects"]),
            title=spec["title"],
            description=spec["description"],
            resource_type=spec["resource_type"],
            levels=spec["levels"],
            topic=network.topic,
            tags=spec["tags"],
            licence=spec["licence"],
        )
        if not spec["publish"]:
            continue
        coordinator = coordinators_of(network).first()
        if coordinator is None:
            continue
        if resource.author_id == author.pk:
            services.resource_submit(resource=resource, by=author)
        services.resource_publish(resource=resource, by=coordinator)
