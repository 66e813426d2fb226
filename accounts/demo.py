"""Fixed demo accounts, so that anyone can try every role (never in production)."""

from allauth.account.models import EmailAddress

from accounts.models import InstitutionType, ProfessionalRole, User, Voivodeship

DEMO_PASSWORD = "sieci-demo-2026"  # noqa: S105 (public demo login, never in production)

DEMO_ACCOUNTS = [
    {
        "email": "koordynator@example.org",
        "display_name": "Marek Koordynator",
        "institution_name": "Ośrodek Doskonalenia Nauczycieli w Lublinie",
        "institution_type": InstitutionType.TEACHER_TRAINING_CENTRE,
        "professional_role": ProfessionalRole.CONSULTANT,
        "subjects": "matematyka, edukacja wczesnoszkolna",
        "voivodeship": Voivodeship.LUBELSKIE,
        "town": "Lublin",
        "bio": "Koordynuję sieci współpracy nauczycieli edukacji wczesnoszkolnej.",
        "can_create_networks": True,
    },
    {
        "email": "nauczycielka@example.org",
        "display_name": "Anna Nauczycielka",
        "institution_name": "Szkoła Podstawowa nr 5 w Zamościu",
        "institution_type": InstitutionType.SCHOOL,
        "professional_role": ProfessionalRole.TEACHER,
        "subjects": "matematyka",
        "voivodeship": Voivodeship.LUBELSKIE,
        "town": "Zamość",
        "bio": "Uczę matematyki w klasach 4–8.",
    },
    {
        "email": "bibliotekarz@example.org",
        "display_name": "Piotr Bibliotekarz",
        "institution_name": "Biblioteka Pedagogiczna w Chełmie",
        "institution_type": InstitutionType.PEDAGOGICAL_LIBRARY,
        "professional_role": ProfessionalRole.LIBRARIAN,
        "subjects": "czytelnictwo",
        "voivodeship": Voivodeship.LUBELSKIE,
        "town": "Chełm",
        "bio": "Wspieram szkoły w rozwijaniu czytelnictwa.",
    },
    {
        "email": "admin@example.org",
        "display_name": "Administrator platformy",
        "is_staff": True,
        "is_superuser": True,
    },
]


def seed() -> None:
    for account in DEMO_ACCOUNTS:
        fields = dict(account)
        email = fields.pop("email")
        user, created = User.objects.get_or_create(email=email, defaults=fields)
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
