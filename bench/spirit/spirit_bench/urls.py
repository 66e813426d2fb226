import spirit.urls
from django.urls import include, path

# Spirit alone, as its project template has it (without Django's admin, not measured).
urlpatterns = [path("", include(spirit.urls))]
