"""Settings for the CAC Training & Resource Catalog, read from the environment.

Safe by default: DEBUG is off and there is no secret key unless the environment gives them.
`make run` turns DEBUG on for local development; the README lists every variable.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from catalog.mail_settings import mail_server
from catalog.object_storage import media_settings

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    """A yes/no environment variable; anything unrecognised is a start-up error, not a guess."""
    value = os.environ.get(name)
    if value is None:
        return default
    normalised = value.strip().lower()
    if normalised in {"1", "true", "yes", "on"}:
        return True
    if normalised in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be 1/0, true/false, yes/no or on/off, not {value!r}.")


def env_list(name: str, default: str = "") -> list[str]:
    """A comma-separated environment variable as a list, blanks dropped."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

# Used only with DEBUG on (`make run`); production refuses to start with it or without a key.
DEVELOPMENT_SECRET_KEY = "django-insecure-development-only-key-never-use-it-in-production"  # noqa: S105
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = DEVELOPMENT_SECRET_KEY
if not DEBUG and SECRET_KEY in {"", DEVELOPMENT_SECRET_KEY}:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a long random value when DEBUG is off "
        "(for local development, `make run` turns DEBUG on)."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
USES_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
# PostgreSQL's planner prices a random page read at 4 sequential ones, as for spinning disks: with
# the catalog index in memory that makes it read a whole index table rather than the few thousand
# rows its GIN indexes find (a search with two facets ~35% slower at 100,000 entries). Set on
# each connection; POSTGRES_RANDOM_PAGE_COST changes it, and an empty value keeps the server's.
RANDOM_PAGE_COST = os.environ.get("POSTGRES_RANDOM_PAGE_COST", "1.1").strip()
if RANDOM_PAGE_COST and not RANDOM_PAGE_COST.replace(".", "", 1).isdigit():
    raise ImproperlyConfigured("POSTGRES_RANDOM_PAGE_COST must be a number such as 1.1, or empty.")
# Parallel query splits one search over helper processes: on a small server already serving
# several pages at once they compete with those pages for the same cores (at 100,000 entries and
# 8 clients on 2 cores, a search with two facets answered 16-18 pages a second with the server's
# default of 2, 22 with none; alone, 73 ms instead of 80). Set on each connection;
# POSTGRES_PARALLEL_WORKERS changes it, and an empty value keeps the server's.
PARALLEL_WORKERS = os.environ.get("POSTGRES_PARALLEL_WORKERS", "0").strip()
if PARALLEL_WORKERS and not (PARALLEL_WORKERS.isascii() and PARALLEL_WORKERS.isdigit()):
    raise ImproperlyConfigured(
        "POSTGRES_PARALLEL_WORKERS must be a whole number such as 0, or empty."
    )
_planner = [f"-c random_page_cost={RANDOM_PAGE_COST}"] if RANDOM_PAGE_COST else []
if PARALLEL_WORKERS:
    _planner.append(f"-c max_parallel_workers_per_gather={int(PARALLEL_WORKERS)}")
if USES_POSTGRES and _planner:
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = " ".join(_planner)
# No page waits longer than this many seconds for PostgreSQL to accept a connection: while it is
# down every page answers the plain 503 page (catalog.outage) after at most this long, where
# psycopg's own default waits 130 s (and it counts 1 as 2). Queries themselves have no time
# limit (no statement_timeout): rebuilding the index and large imports run for minutes.
_connect_timeout = os.environ.get("DATABASE_CONNECT_TIMEOUT", "3").strip()
if not (_connect_timeout.isascii() and _connect_timeout.isdigit() and int(_connect_timeout) > 0):
    raise ImproperlyConfigured(
        "DATABASE_CONNECT_TIMEOUT must be a whole number of seconds, 1 or more (default 3)."
    )
DATABASE_CONNECT_TIMEOUT = int(_connect_timeout)
if USES_POSTGRES:
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = DATABASE_CONNECT_TIMEOUT
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # `make run` answers requests in threads, and a browser sends some at once (Wagtail's editor
    # publishes a page and releases its editing session together). SQLite's default takes the
    # write lock at a transaction's first write, and a transaction that read first then fails at
    # once with "database is locked"; taking it as each transaction begins, a second writer waits
    # for the first (up to 20 s). tests/browser/test_live_server.py sends them together.
    DATABASES["default"].setdefault("OPTIONS", {}).update(transaction_mode="IMMEDIATE", timeout=20)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "catalog",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.typed_table_block",
    "wagtail.contrib.settings",  # the site's identity (catalog.models.site)
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "wagtail.contrib.sitemaps",
    "django.contrib.sitemaps",  # the sitemap.xml template
    "csp",
    "axes",  # counts wrong passwords, locks out (see "Sign-in" below)
    "django_otp",
    "django_otp.plugins.otp_totp",  # staff two-factor sign-in (catalog.two_factor)
    "django_tasks_db",  # the queue of large resource imports (TASKS["imports"])
]
if USES_POSTGRES:
    # Wagtail's database search backend uses PostgreSQL's full-text search through it.
    INSTALLED_APPS.append("django.contrib.postgres")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "catalog.admin_policy.AdminPolicyMiddleware",  # django-csp's, with the admin's exceptions
    "catalog.middleware.policy_headers",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the session: it marks what was computed for a signed-in visitor `private`.
    "catalog.middleware.personal_responses",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Compresses feeds, calendars, transcripts, sitemaps, never HTML (catalog.compression).
    # Below the CSRF middleware, which clears its "token used" mark once it has seen the
    # response; no middleware above it changes a body. WhiteNoise's static files never get here.
    "catalog.compression.TextCompressionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "catalog.two_factor.second_factor_gate",
    "catalog.staff_sessions.staff_idle_timeout",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
    # Wagtail's page views find their Site without a query (catalog.current_site).
    "catalog.current_site.KnownSiteMiddleware",
    # Runs the view itself, so after every other middleware's process_view.
    "catalog.middleware.AtomicWritesMiddleware",
]

# --- HTTPS, headers and the Content Security Policy ----------------------------------------------
# With DEBUG off the site is served over HTTPS behind a proxy that sets X-Forwarded-Proto (and
# must overwrite a client's own). `manage.py check --deploy` passes with no warning (make check).

HTTPS = not DEBUG
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
# A load balancer probes the app itself over plain HTTP: the liveness check answers it.
SECURE_REDIRECT_EXEMPT = [r"^healthz/$", r"^readyz/$"]
SECURE_HSTS_SECONDS = 365 * 24 * 3600 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
# Signing in without a page to return to lands on the home page, not Django's /accounts/profile/.
LOGIN_REDIRECT_URL = "/"
# Django's defaults, stated so that the headers every page sends can be read here.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"  # nothing of a page's address reaches another site
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No other site may embed our pages, files or audio (catalog.middleware), except a public
# episode's audio and transcript and the show's cover art (share_with_other_sites).
CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"
# No page uses a camera, a microphone, the location or the like (catalog.middleware.policy_headers).
# The episode player may start itself (a shared #t= link) and go full screen on our own pages.
PERMISSIONS_POLICY = ", ".join(
    [f"{feature}=(self)" for feature in ("autoplay", "fullscreen")]
    + [f"{feature}=()" for feature in (
        "accelerometer", "browsing-topics", "camera", "display-capture", "encrypted-media",
        "geolocation", "gyroscope", "magnetometer", "microphone", "midi", "payment",
        "picture-in-picture", "publickey-credentials-get", "screen-wake-lock", "usb",
        "xr-spatial-tracking",
    )]
)  # fmt: skip
# Every script, style, image, font, audio file and request comes from the site itself; no
# inline script or style, no plugin, no framing (django-csp).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "media-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

ROOT_URLCONF = "catalog.urls"
WSGI_APPLICATION = "catalog.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                # The settings as pages show them, cached (catalog.site_identity).
                "catalog.site_identity.site_identity",
            ],
        },
    },
]

# --- Sign-in: lockouts, two-factor, session lengths, mail ---------------------------------------

# django-axes first: it refuses a locked-out account or address before any password is checked.
# Then Django's own sign-in, refusing members whose membership has ended (catalog.members.access).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "catalog.members.access.MemberBackend",
]
# After AXES_FAILURE_LIMIT wrong passwords for one account, or from one address (each counted on
# its own: either locks), every sign-in for it is refused for AXES_COOLOFF_TIME, the right
# password included, with a 429 page (catalog.sign_in_guard); moderators can unlock it sooner
# (admin, Settings > Sign-in lockouts). Attempts are kept in the database, shared by every app
# process, and deleted once older than the cool-off time.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_LOCKOUT_CALLABLE = "catalog.sign_in_guard.lockout_response"
AXES_CLIENT_IP_CALLABLE = "catalog.sign_in_guard.client_address"
# Successful sign-ins are not recorded (no log of who came from where), nor is each failure
# beyond the running count; axes' log lines mask the username and the address.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "csrfmiddlewaretoken"]
# How many proxies in front of the app append to X-Forwarded-For: the visitor's address is the
# entry that many from the right (catalog.sign_in_guard.client_address). Production sits behind
# one TLS proxy (README); 0 reads the connection's own address.
CATALOG_TRUSTED_PROXIES = int(os.environ.get("CATALOG_TRUSTED_PROXIES", "0" if DEBUG else "1"))

# Staff may add a time-based code from an authenticator app to their sign-in (catalog.two_factor);
# with this on, they must before they reach the admin.
CATALOG_STAFF_2FA_REQUIRED = env_bool("CATALOG_STAFF_2FA_REQUIRED")

# Members stay signed in for two weeks; staff are signed out after this long without a request
# (catalog.staff_sessions).
SESSION_COOKIE_AGE = 14 * 24 * 3600
CATALOG_STAFF_SESSION_IDLE_SECONDS = int(
    os.environ.get("CATALOG_STAFF_SESSION_IDLE_SECONDS", str(8 * 3600))
)

# Outgoing mail (password reset, workflow notifications) from EMAIL_URL (catalog.mail_settings).
EMAIL_URL = os.environ.get("EMAIL_URL", "")
_mail = mail_server(EMAIL_URL, DEBUG)
EMAIL_BACKEND = _mail.backend
EMAIL_HOST, EMAIL_PORT = _mail.host, _mail.port
EMAIL_HOST_USER, EMAIL_HOST_PASSWORD = _mail.user, _mail.password
EMAIL_USE_TLS, EMAIL_USE_SSL = _mail.use_tls, _mail.use_ssl
EMAIL_TIMEOUT = 10  # a mail server that hangs must not hold a request for long
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "America/New_York")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static_collected"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Uploads on this machine's disk (MEDIA_ROOT), or in an S3-compatible bucket shared by every
# app server: MEDIA_STORAGE and the MEDIA_S3_* variables, read by catalog.object_storage.
MEDIA_STORAGE, _MEDIA_DEFAULT_STORAGE, MEDIA_S3_DOWNLOADS, MEDIA_S3_PRESIGNED_SECONDS = (
    media_settings(os.environ)
)
STORAGES = {
    "default": _MEDIA_DEFAULT_STORAGE,
    # Compressed files with content-hashed names, served by whitenoise with far-future caching.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# A cache shared by every app process: Wagtail keeps site paths there, the search keeps
# anonymous visitors' pages there (catalog.search.cache), and a change one process makes must
# reach the others. The database by default (`manage.py createcachetable` creates its table; make
# run does); with several app servers, Redis: CACHE_URL=redis://host:6379/0 (or rediss://, or
# unix:///path.sock?db=0), Django's RedisCache (catalog.cache_backends: counters stay atomic, a
# Redis outage slows pages down instead of breaking them).
CACHE_URL = os.environ.get("CACHE_URL", "").strip()
CACHE_TIMEOUT_SECONDS = float(os.environ.get("CACHE_TIMEOUT_SECONDS", "0.5"))
CACHE_BACKENDS = {
    "database": {
        "BACKEND": "catalog.cache_backends.DatabaseCache",
        "LOCATION": "catalog_cache",
        # Django's default of 300 entries culls the oldest-sorting keys, the content version
        # among them, every few hundred searches: every cached page and every ETag would go
        # with it. Expired entries are still culled first.
        "OPTIONS": {"MAX_ENTRIES": 50_000},
    },
    "redis": {
        "BACKEND": "catalog.cache_backends.RedisCache",
        "LOCATION": CACHE_URL,
        # Several sites may share one Redis server (each then needs its own prefix).
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "catalog"),
        # A Redis that is down or stalled costs a page at most this long per cache call.
        "OPTIONS": {
            "socket_connect_timeout": CACHE_TIMEOUT_SECONDS,
            "socket_timeout": CACHE_TIMEOUT_SECONDS,
        },
    },
    "locmem": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},  # one process only
    "dummy": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
}
CACHE_BACKEND = os.environ.get("CACHE_BACKEND", "redis" if CACHE_URL else "database")
if CACHE_BACKEND not in CACHE_BACKENDS:
    raise ImproperlyConfigured(f"CACHE_BACKEND must be one of {', '.join(CACHE_BACKENDS)}.")
if (CACHE_BACKEND == "redis") != bool(CACHE_URL):
    raise ImproperlyConfigured(
        "CACHE_URL names the Redis server of CACHE_BACKEND=redis, and only of that backend."
    )
if CACHE_URL and CACHE_URL.split("://", 1)[0] not in {"redis", "rediss", "unix"}:
    raise ImproperlyConfigured(
        "CACHE_URL must be a redis://, rediss:// or unix:// address, e.g. redis://127.0.0.1:6379/0."
    )
CACHES = {"default": CACHE_BACKENDS[CACHE_BACKEND]}
# Sessions live in the database (every app server sees them, and they survive a cache flush), as
# Django keeps them minus lookups of keys with characters Django never issues (catalog.sessions).
# SESSION_STORE=cache keeps a copy in the shared cache too (Django's cached_db): a request then
# reads its session from Redis, while every change is still written to the database.
SESSION_STORE = os.environ.get("SESSION_STORE", "database")
SESSION_ENGINES = {"database": "catalog.sessions", "cache": "catalog.sessions_cached"}
if SESSION_STORE not in SESSION_ENGINES:
    raise ImproperlyConfigured(f"SESSION_STORE must be one of {', '.join(SESSION_ENGINES)}.")
SESSION_ENGINE = SESSION_ENGINES[SESSION_STORE]

# Background tasks. Wagtail's own (reference and search index updates, which decide who may
# download a file: catalog.file_access) run at once, in the request, on "default". Large resource
# imports wait in the database for a worker: `manage.py db_worker --backend imports` (make run
# starts one; a deployment runs one beside the app server). The admin's link checks
# (catalog.link_tasks) have a worker of their own, so that neither holds up the other:
# `manage.py db_worker --backend links`.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "imports": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    "links": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}

# Wagtail's page editor posts many fields for pages with long agendas or transcripts.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Django's own console handler would print each message a second time.
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # One line per background task and per page action drowns everything else out.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}

# --- Wagtail -----------------------------------------------------------------------------------

WAGTAIL_SITE_NAME = "CAC Training & Resource Catalog"
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME  # how authenticator apps name the account
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")

SEARCH_BACKENDS = {
    "database": "catalog.search.backend",  # Wagtail's database backend, see the module
    "elasticsearch8": "wagtail.search.backends.elasticsearch8",
    "elasticsearch9": "wagtail.search.backends.elasticsearch9",
    "opensearch2": "wagtail.search.backends.opensearch2",
    "opensearch3": "wagtail.search.backends.opensearch3",
}
SEARCH_BACKEND = os.environ.get("SEARCH_BACKEND", "database")
if SEARCH_BACKEND not in SEARCH_BACKENDS:
    raise ImproperlyConfigured(f"SEARCH_BACKEND must be one of {', '.join(SEARCH_BACKENDS)}.")
WAGTAILSEARCH_BACKENDS: dict[str, dict[str, object]] = {
    "default": {"BACKEND": SEARCH_BACKENDS[SEARCH_BACKEND]}
}
if SEARCH_BACKEND == "database":
    # PostgreSQL's English configuration stems ("screen" finds "screening"); SQLite's full-text
    # table gets the Porter stemmer from migration catalog.0003.
    WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] = "english"
else:
    WAGTAILSEARCH_BACKENDS["default"] |= {
        "URLS": env_list("SEARCH_URLS", "http://localhost:9200"),
        "INDEX": os.environ.get("SEARCH_INDEX", "cac_catalog"),
    }

WAGTAIL_FRONTEND_LOGIN_TEMPLATE = "catalog/sign_in.html"

# Shared passwords would be stored in plain text by Wagtail: offer login and groups only.
WAGTAIL_PRIVATE_PAGE_OPTIONS = {"password": False}
WAGTAILDOCS_PRIVATE_COLLECTION_OPTIONS = {"password": False}

# Documents always go through Wagtail's serve view, which checks privacy before each download.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = [
    "pdf", "docx", "doc", "pptx", "xlsx", "csv", "odt", "rtf", "txt", "zip", "mp3", "m4a",
]  # fmt: skip
WAGTAILDOCS_MAX_UPLOAD_SIZE = 200 * 1024 * 1024  # podcast audio is the largest file we hold
# Content that does not match its extension, and any markup (HTML, SVG), is refused.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "catalog.uploads.DocumentForm"
# Every document is a download, PDFs included: nothing uploaded renders on our origin.
WAGTAILDOCS_INLINE_CONTENT_TYPES: list[str] = []
# SVG for the site's logo and favicon (catalog.site_files serves them with no script allowed).
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp", "svg"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# No editor replaces the file of the site's logo, favicon or sharing image (catalog.image_forms).
WAGTAILIMAGES_IMAGE_FORM_BASE = "catalog.image_forms.ImageForm"
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000

# No request from the admin to a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False

# --- The catalog -------------------------------------------------------------------------------

CATALOG_PAGE_SIZE = 20
# Where "Exit this page" goes: a busy, harmless site that gives nothing away on screen.
CATALOG_EXIT_URL = os.environ.get("CATALOG_EXIT_URL", "https://www.weather.gov/")
# The link check (manage.py check_links) asks only public addresses: True lets it reach this
# machine and private networks too, which only its tests, with a local server, need.
CATALOG_LINK_CHECK_ALLOW_PRIVATE = False
# An entry is due for review this many months after it was last marked as reviewed (or first
# published, which counts as its first review): the "Due for review" report and the dashboard.
CATALOG_REVIEW_MONTHS = int(os.environ.get("CATALOG_REVIEW_MONTHS", "12"))
# Vocabularies an entry need not have, by the audiences it is for: an entry whose audiences
# (slugs) are all listed under a vocabulary is not "missing" it (the "Missing tags" report and
# the dashboard). A guide written only for caregivers serves no profession: no discipline.
CATALOG_TAGS_NOT_NEEDED = {
    "discipline": env_list("CATALOG_NO_DISCIPLINE_FOR", "caregivers"),
}
# How long anything computed for anonymous visitors (search and browse pages, the CSV export,
# the sitemap, the podcast feed, the calendars) may be reused at most; every catalog change
# empties it sooner (catalog.search.cache). 0 turns all of it off.
CATALOG_PAGE_CACHE_SECONDS = int(os.environ.get("CATALOG_PAGE_CACHE_SECONDS", "300"))
# The podcast feed lists this many of the newest episodes (podcast apps keep older ones).
CATALOG_FEED_EPISODES = int(os.environ.get("CATALOG_FEED_EPISODES", "300"))
# Training calendars list offerings from this many days ago on, soonest first, at most
# CATALOG_CALENDAR_EVENTS of them (calendar apps keep the events they already hold).
CATALOG_CALENDAR_PAST_DAYS = int(os.environ.get("CATALOG_CALENDAR_PAST_DAYS", "90"))
CATALOG_CALENDAR_EVENTS = int(os.environ.get("CATALOG_CALENDAR_EVENTS", "500"))
# A confirmed import that creates or changes more resources than this runs in the background
# (catalog.import_tasks). Writing one costs up to ~260 ms on PostgreSQL, so 50 stay well inside
# the app server's 30 s request timeout; unchanged rows cost nothing to write and do not count.
CATALOG_IMPORT_INLINE_ROWS = int(os.environ.get("CATALOG_IMPORT_INLINE_ROWS", "50"))

# Members (catalog.members): a membership lasts this many months; the renewal reminder goes out
# this many days before it ends, and members may renew themselves from then until the grace
# days after the end (later, a moderator decides); declined requests are erased after this many
# days; one client address may make the site send this many member mails (requests, password
# resets, renewal links) an hour, and one email address may be sent this many of them a day.
CATALOG_MEMBERSHIP_MONTHS = int(os.environ.get("CATALOG_MEMBERSHIP_MONTHS", "12"))
CATALOG_MEMBERSHIP_REMINDER_DAYS = int(os.environ.get("CATALOG_MEMBERSHIP_REMINDER_DAYS", "30"))
CATALOG_MEMBERSHIP_GRACE_DAYS = int(os.environ.get("CATALOG_MEMBERSHIP_GRACE_DAYS", "90"))
CATALOG_DECLINED_REQUEST_DAYS = int(os.environ.get("CATALOG_DECLINED_REQUEST_DAYS", "30"))
CATALOG_MEMBER_MAIL_PER_HOUR = int(os.environ.get("CATALOG_MEMBER_MAIL_PER_HOUR", "5"))
CATALOG_MEMBER_MAIL_PER_RECIPIENT_DAY = int(
    os.environ.get("CATALOG_MEMBER_MAIL_PER_RECIPIENT_DAY", "3")
)
# A checked import file waits this long for its importer to confirm it (catalog.importing.uploads).
CATALOG_IMPORT_UPLOAD_HOURS = int(os.environ.get("CATALOG_IMPORT_UPLOAD_HOURS", "24"))
