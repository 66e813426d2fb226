from django import template
from django.utils.safestring import mark_safe

from core import fragments

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist, name: str, values):
        self.nodelist = nodelist
        self.name = name
        self.values = values

    def render(self, context) -> str:
        if context.get("csrf_token") is None or context.get("render_afresh"):
            # Rendered without a request (an e-mail, a bare Context): its forms have no token,
            # and such a copy must not be served to a page whose forms need one. A page sent
            # back with what the person typed and its errors is theirs alone.
            return self.nodelist.render(context)
        key = fragments.key(self.name, [value.resolve(context) for value in self.values])

        def render():
            with context.push(csrf_token=fragments.csrf_placeholder()):
                return self.nodelist.render(context)

        html = fragments.get_or_render(key, render, fragments.SHELL_TIMEOUT)
        # Our template's output, whether rendered now or found under the same key.
        return mark_safe(fragments.fill_csrf(html, lambda: str(context["csrf_token"])))  # noqa: S308


@register.tag("fragment")
def do_fragment(parser, token):
    """{% fragment "name" value … %}…{% endfragment %}: the enclosed HTML, cached under a key
    made of the name, the values (every one the HTML shows must be among them), the
    language, time zone and code version (core.fragments); its CSRF token is the reader's."""
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError("{% fragment %} needs a quoted name first")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    values = [parser.compile_filter(bit) for bit in bits[2:]]
    return FragmentNode(nodelist, bits[1][1:-1], values)
