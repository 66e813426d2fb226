"""Who may see what of a person's account: one function per capability."""


def can_view_email(user, person) -> bool:
    """A person's e-mail address is shown to themselves only (staff see it in the admin)."""
    return user.is_authenticated and user.pk == person.pk
