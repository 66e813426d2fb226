import factory
from allauth.account.models import EmailAddress

from accounts.models import User

PASSWORD = "correct-horse-battery-staple"
# What a person types into the profile form (every field filled in).
PROFILE = {
    "display_name": "Anna Kowalska",
    "institution_name": "SP nr 5 w Zamościu",
    "institution_type": "school",
    "professional_role": "teacher",
    "subjects": "matematyka, informatyka",
    "voivodeship": "lubelskie",
    "town": "Zamość",
    "bio": "Uczę matematyki.",
}


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"osoba{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Osoba {n}")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified_email(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)
