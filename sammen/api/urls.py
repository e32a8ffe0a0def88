from django.urls import path, re_path
from django.views.generic import RedirectView

from . import views
from .api import answer_not_found, api, not_allowed_as_problem

_patterns, _app_name, _namespace = api.urls
# ninja's own root answers 404 without its script-driven docs page; ours leads to the docs.
_patterns = [pattern for pattern in _patterns if pattern.name != "api-root"]
for _pattern in _patterns:
    _pattern.callback = not_allowed_as_problem(_pattern.callback)

app_name = "api"
urlpatterns = [
    *_patterns,
    path("", RedirectView.as_view(pattern_name="api:docs"), name="root"),
    path("docs", views.docs, name="docs"),
    # Whatever else is asked under /api/v1/ is answered as a problem too, not as a page.
    re_path(r"^(?P<rest>.*)$", answer_not_found, name="not_found"),
]
