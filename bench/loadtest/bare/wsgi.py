"""WSGI entry point of the bare app: `gunicorn bench.loadtest.bare.wsgi`."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.loadtest.bare.settings")
application = get_wsgi_application()
