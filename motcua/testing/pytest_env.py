"""Loaded with `-p` before pytest-django reads the settings: test-only environment defaults."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("MOTCUA_TASK_BACKEND", "immediate")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("MOTCUA_HTTPS", "0")  # the test client and live server speak plain HTTP
os.environ.setdefault("DB_CONN_MAX_AGE", "0")  # live-server threads share the test database
