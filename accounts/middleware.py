from django.conf import settings


class UserLanguageMiddleware:
    """Polish unless the person chose otherwise; their saved choice follows them.

    Runs before LocaleMiddleware. The browser's Accept-Language is ignored: the
    platform is Polish by default (as its e-mails are), and many Polish teachers'
    browsers are set to English. A logged-in person's saved language is fed to
    LocaleMiddleware through the language cookie, so a choice made on one device
    follows the person to the next one.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        user = getattr(request, "user", None)
        saved = user.language if user is not None and user.is_authenticated else ""
        cookie_name = settings.LANGUAGE_COOKIE_NAME
        stale = bool(saved) and request.COOKIES.get(cookie_name) != saved
        if stale:
            request.COOKIES[cookie_name] = saved
        response = self.get_response(request)
        if stale and cookie_name not in response.cookies:
            response.set_cookie(
                cookie_name,
                saved,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            )
        return response
