"""The WSGI application (gunicorn: `motcua.wsgi`).

API calls without a session take the lean handler (`motcua.api.lean`); everything else takes
Django's full handler. MOTCUA_LEAN_API=0 sends every request through the full handler.
"""

import os

import django
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
django.setup(set_prefix=False)

from motcua.api.lean import LeanWSGIHandler, PathDispatcher  # noqa: E402  (after setup)

application = (
    PathDispatcher(full=WSGIHandler(), lean=LeanWSGIHandler())
    if settings.MOTCUA["LEAN_API"]
    else WSGIHandler()
)
