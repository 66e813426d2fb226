import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accounts.tests.factories import UserFactory
from core.search import search_document
from core.uploads import check_upload
from networks.tests.factories import NetworkFactory
from resources import services
from resources.demo import demo_pdf
from resources.models import Resource, ResourceType, Status


def pdf_file(name: str = "scenariusz.pdf", title: str = "Scenariusz") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, demo_pdf(title), content_type="application/pdf")


def png_file(name: str = "obraz.png", size=(64, 48)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def resource_share(*, network, author, files=None, **fields) -> Resource:
    """Share a material the way the site does (through the service)."""
    defaults = {
        "title": "Scenariusz lekcji – matematyka",
        "description": "Lekcja o ułamkach dla klas 4–8.",
        "resource_type": ResourceType.LESSON_SCENARIO,
        "levels": ["primary_4_8"],
        "tags": ["ułamki"],
        "licence": "cc-by",
    }
    defaults.update(fields)
    uploads = [check_upload(f) for f in (files if files is not None else [pdf_file()])]
    return services.resource_create(network=network, author=author, uploads=uploads, **defaults)


def resource_published(*, network, author, coordinator, **fields) -> Resource:
    resource = resource_share(network=network, author=author, **fields)
    services.resource_submit(resource=resource, by=author)
    return services.resource_publish(resource=resource, by=coordinator)


class ResourceFactory(factory.django.DjangoModelFactory):
    """Rows for volume tests only (query budgets); real states come from the services."""

    class Meta:
        model = Resource

    network = factory.SubFactory(NetworkFactory)
    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Materiał {n} – scenariusz lekcji")
    description = "Opis materiału o matematyce."
    description_html = "<p>Opis materiału o matematyce.</p>"
    resource_type = ResourceType.LESSON_SCENARIO
    levels = factory.LazyFunction(lambda: ["primary_1_3"])
    status = Status.PUBLISHED
    published_at = factory.Faker("date_time_this_year", tzinfo=__import__("datetime").UTC)
    search_vector = factory.LazyAttribute(lambda o: search_document(o.title, o.description))


TITLE_WORDS = [
    "Scenariusz lekcji",
    "Samouczek",
    "Zestawienie bibliograficzne",
    "Opis dobrej praktyki",
    "Prezentacja",
    "Procedura",
    "Karta pracy",
    "Gra dydaktyczna",
]
SUBJECT_WORDS = [
    "matematyka",
    "czytelnictwo",
    "źródła historyczne",
    "przyroda",
    "język polski",
    "informatyka",
    "praca z filmem",
    "myślenie twórcze",
    "edukacja wczesnoszkolna",
    "biblioteka szkolna",
    "ułamki",
    "geometria",
    "ortografia",
]


def bulk_published(*, network, author, count: int) -> None:
    """Insert many published materials in one statement (volume tests and the benchmark).

    Titles combine a kind and a subject; their search documents are made by
    core.search in Python, once per word group, and combined in SQL.
    """
    from django.db import connection

    kinds = TITLE_WORDS
    subjects = SUBJECT_WORDS
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO resources_resource (
                network_id, author_id, title, description, description_html, resource_type,
                levels, tags, licence, external_url, status, curation_comment, download_count,
                rating_count, rating_sum, rating_average, created_at, updated_at, published_at,
                search_vector)
            SELECT %(network)s, %(author)s,
                   (%(kinds)s::text[])[1 + n %% %(nk)s] || ' – ' || (%(subjects)s::text[])[1 + (n / %(nk)s) %% %(ns)s] || ' ' || n,
                   'Opis materiału numer ' || n, '<p>Opis materiału numer ' || n || '</p>',
                   (ARRAY['lesson_scenario','tutorial','bibliography','good_practice','presentation'])[1 + n %% 5],
                   ARRAY[(ARRAY['preschool','primary_1_3','primary_4_8','secondary','adult'])[1 + n %% 5]],
                   ARRAY[]::varchar[], (ARRAY['cc-by','cc-by-sa','cc0'])[1 + n %% 3], '', 'published', '',
                   n %% 97, n %% 4, (n %% 4) * 4, CASE WHEN n %% 4 = 0 THEN 0 ELSE 4 END,
                   now() - n * interval '1 minute', now(), now() - n * interval '1 minute',
                   to_tsvector('simple', (%(kind_docs)s::text[])[1 + n %% %(nk)s] || ' ' || (%(subject_docs)s::text[])[1 + (n / %(nk)s) %% %(ns)s] || ' opis material materialu numer ' || n)
            FROM generate_series(1, %(count)s) AS n
            """,
            {
                "network": network.pk,
                "author": author.pk,
                "kinds": kinds,
                "subjects": subjects,
                "kind_docs": [search_document(k) for k in kinds],
                "subject_docs": [search_document(s) for s in subjects],
                "nk": len(kinds),
                "ns": len(subjects),
                "count": count,
            },
        )
