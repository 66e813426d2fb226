"""Demo materials in the networks the networks app seeds (idempotent; skipped when absent)."""

import random
from datetime import datetime, time, timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User
from core.uploads import check_upload
from networks.models import ActivityKind, ActivityLog, Membership, Network
from networks.permissions import coordinators_of
from notifications.models import Notification
from resources import services
from resources.models import (
    CurationEvent,
    Download,
    EducationLevel,
    Licence,
    Resource,
    ResourceType,
    Subject,
)


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
    seed_library_materials()


# --- the library network's bank: 24 materials, as the Sieć BP report lists them -------
#
# Shared through resource_create (the file goes through the upload check and storage,
# the search document and the activity entry are written as for anyone) and published
# through submit/publish, then dated back to when they were shared: those services stamp
# "now". Downloads are bulk-created (one per person, material and day, as
# resource_download_record counts them) with their log entries.

T = ResourceType
LIBRARY_MATERIALS = [
    # (month, type, title, published)
    (
        1,
        T.GOOD_PRACTICE,
        "Diagnoza potrzeb szkoły — przykład z Biblioteki Pedagogicznej w Puławach",
        True,
    ),
    (1, T.TOOL, "Ankieta diagnozująca potrzeby nauczycieli (wzór do edycji)", True),
    (2, T.LESSON_SCENARIO, "Scenariusz lekcji bibliotecznej: katalog online krok po kroku", True),
    (
        2,
        T.LESSON_SCENARIO,
        "Scenariusz: wiarygodność źródeł informacji w internecie (kl. 7–8)",
        True,
    ),
    (2, T.PROCEDURE, "Procedura współpracy biblioteki pedagogicznej ze szkołą", True),
    (3, T.BIBLIOGRAPHY, "Zestawienie bibliograficzne: ocenianie kształtujące", True),
    (3, T.BIBLIOGRAPHY, "Zestawienie bibliograficzne: wspomaganie pracy szkoły", False),
    (4, T.PRESENTATION, "Moderowanie dyskusji w sieci — prezentacja z warsztatów", False),
    (4, T.RECOMMENDATION, "Organizowanie sieci współpracy: rekomendacje dla koordynatorów", True),
    (
        4,
        T.GOOD_PRACTICE,
        "Sieć bibliotekarzy szkolnych powiatu biłgorajskiego — opis praktyki",
        True,
    ),
    (5, T.TUTORIAL, "Samouczek: Padlet w pracy z uczniami", True),
    (5, T.TUTORIAL, "Samouczek: tworzenie quizów w aplikacji online", False),
    (
        5,
        T.LESSON_SCENARIO,
        "Scenariusz zajęć z wykorzystaniem otwartych zasobów edukacyjnych",
        True,
    ),
    (6, T.GOOD_PRACTICE, "Oferta biblioteki dla rady pedagogicznej — przykłady", False),
    (6, T.PROCEDURE, "Wzór porozumienia o współpracy biblioteki ze szkołą", True),
    (
        7,
        T.BIBLIOGRAPHY,
        "Zestawienie bibliograficzne: czytelnictwo dzieci i młodzieży 2015–2025",
        True,
    ),
    (7, T.PRESENTATION, "Tydzień Bibliotek w sieci — prezentacja akcji", False),
    (8, T.TUTORIAL, "Samouczek: licencje Creative Commons dla nauczycieli", True),
    (9, T.RECOMMENDATION, "Podsumowanie pierwszego roku sieci: wnioski i rekomendacje", True),
    (13, T.TUTORIAL, "Samouczek: jak znaleźć i podpisać zasoby OZE", False),
    (13, T.LESSON_SCENARIO, "Scenariusz: licencje CC w gazetce szkolnej (kl. 8)", True),
    (14, T.TUTORIAL, "Samouczek: aplikacje do quizów bez zakładania kont", False),
    (14, T.GOOD_PRACTICE, "Pierwsze spotkanie szkolnej sieci — scenariusz i materiały", False),
    (14, T.TOOL, "Karta obserwacji zajęć bibliotecznych", False),
]


@transaction.atomic
def seed_library_materials() -> None:
    from networks.demo import LIBRARY_SLUG, library_givers, library_moment, library_people

    network = Network.objects.filter(slug=LIBRARY_SLUG).first()
    if network is None or Resource.objects.filter(network=network).exists():
        return
    coordinator, people = library_people(network)
    givers = library_givers(people)
    subjects = list(Subject.objects.filter(slug="biblioteka-szkolna"))
    rng = random.Random(2027)
    resources = []
    for index, (month, kind, title, publish) in enumerate(LIBRARY_MATERIALS):
        shared = library_moment(month, 3 + (index * 5) % 24, 11 + index % 8)
        if shared >= timezone.now():
            continue
        author = givers[index % len(givers)]
        upload = ContentFile(demo_pdf(title), name=f"{slugify(title)[:40]}.pdf")
        resource = services.resource_create(
            network=network,
            author=author,
            uploads=[check_upload(upload)],
            subjects=subjects,
            title=title,
            description=f"{title}. Materiał wypracowany w sieci; można go dowolnie zmieniać.",
            resource_type=kind,
            levels=[EducationLevel.ADULT],
            topic=network.topic,
            tags=["biblioteka pedagogiczna", "wspomaganie szkół"],
            licence=Licence.CC_BY_SA,
        )
        published = None
        if publish:
            services.resource_submit(resource=resource, by=author)
            services.resource_publish(resource=resource, by=coordinator)
            published = shared + timedelta(days=4)
        Resource.objects.filter(pk=resource.pk).update(
            created_at=shared,
            updated_at=published or shared,
            submitted_at=shared + timedelta(days=1) if publish else None,
            published_at=published,
        )
        resource.files.update(created_at=shared)
        CurationEvent.objects.filter(resource=resource).update(created_at=published or shared)
        # The curation notices went out when it happened and were read long ago.
        Notification.objects.filter(
            item_key__in=[
                f"resources.submitted:{resource.pk}",
                f"resources.published:{resource.pk}",
            ]
        ).update(created_at=published or shared, read_at=published or shared)
        ActivityLog.objects.filter(
            network=network, object_key=f"resources.resource:{resource.pk}"
        ).update(created_at=shared)
        resources.append((resource, shared))
    _library_downloads(network, [coordinator, *people], resources, rng)


def _library_downloads(network, everyone, resources, rng) -> None:
    downloads, log, counts = [], [], {}
    now = timezone.now()
    for resource, shared in resources:
        for person in rng.sample(everyone, k=min(len(everyone), rng.randint(6, 22))):
            moment = shared + timedelta(days=rng.randint(0, 120), hours=rng.randint(0, 10))
            if moment >= now:
                continue
            day = timezone.localdate(moment)
            downloads.append(
                Download(
                    resource=resource,
                    user=person,
                    visitor=services.download_visitor_key(
                        resource_id=resource.pk, user=person, ip_address="", day=day
                    ),
                    day=day,
                )
            )
            log.append(
                ActivityLog(
                    network=network,
                    user=person,
                    kind=ActivityKind.DOWNLOAD,
                    object_key=f"resources.resource:{resource.pk}",
                    category=resource.resource_type,
                    created_at=moment,
                )
            )
            counts[resource.pk] = counts.get(resource.pk, 0) + 1
    Download.objects.bulk_create(downloads)
    for download in downloads:
        download.created_at = timezone.make_aware(datetime.combine(download.day, time(12)))
    Download.objects.bulk_update(downloads, ["created_at"])
    ActivityLog.objects.bulk_create(log)
    for pk, count in counts.items():
        Resource.objects.filter(pk=pk).update(download_count=count)
