"""Settings of the bare app (bench/loadtest/bare): DATABASE_URL and SECRET_KEY from the
environment, connections kept 60 s as in the app's production default, nothing else."""

from __future__ import annotations

import os

import dj_database_url

SECRET_KEY = os.environ["SECRET_KEY"]
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS: list[str] = []
MIDDLEWARE: list[str] = []
ROOT_URLCONF = "bench.loadtest.bare.app"
DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
USE_TZ = True
