from django import template

from resources.selectors import given_count

register = template.Library()


@register.inclusion_tag("resources/partials/_given.html")
def given_materials(person):
    """{% given_materials person %} — what a person has given to the bank, for their profile."""
    return {"person": person, "given_count": given_count(person)}
