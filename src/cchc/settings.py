"""Django settings, read from the environment.

Environment:
- ``CCHC_HOME``: base folder for ``var/`` (database, uploads); default the current directory.
- ``DATABASE_URL``: ``sqlite:///relative``, ``sqlite:////absolute`` or ``postgres://...``;
  default ``sqlite:///$CCHC_HOME/var/cchc.sqlite3``.
- ``CCHC_PRODUCTION=1``: production mode (DEBUG off, secure cookies, HSTS); requires ``SECRET_KEY``
  and ``CCHC_ALLOWED_HOSTS``.
- ``SECRET_KEY``: required in production; a fixed local key is used otherwise.
- ``CCHC_DEBUG=1``: Django's debug mode, for developers only (tracebacks and URL lists instead of the error
  pages, uploads served under ``/media/``); off by default, the demo included; ignored in production.
"""

import os
import warnings
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

PACKAGE_DIR = Path(__file__).resolve().parent
CCHC_HOME = Path(os.environ.get("CCHC_HOME") or os.getcwd()).resolve()
VAR_DIR = CCHC_HOME / "var"


def _flag(name: str, default: str = "0") -> bool:
    return os.environ.get(name, default).strip().lower() in {"1", "true", "yes", "on"}


PRODUCTION = _flag("CCHC_PRODUCTION")
DEBUG = _flag("CCHC_DEBUG") and not PRODUCTION

_LOCAL_SECRET_KEY = "cchc-local-development-key-not-for-production"  # noqa: S105
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when CCHC_PRODUCTION=1.")
    SECRET_KEY = _LOCAL_SECRET_KEY
elif PRODUCTION and (SECRET_KEY == _LOCAL_SECRET_KEY or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured("SECRET_KEY must be a random string of at least 50 characters in production.")

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("CCHC_ALLOWED_HOSTS", "").split(",") if h.strip()]
if not PRODUCTION:
    ALLOWED_HOSTS += ["127.0.0.1", "localhost", "[::1]", "testserver"]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CCHC_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "cchc.core",
    "cchc.org",
    "cchc.workdays",
    "cchc.procedures",
    "cchc.dossiers",
    "cchc.stats",
    "cchc.plans",
    "cchc.scoring",
    "cchc.inspections",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cchc.core.sessions.IdleTimeoutMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "cchc.core.middleware.AuditContextMiddleware",
    "cchc.core.middleware.ForbiddenMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cchc.urls"
WSGI_APPLICATION = "cchc.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cchc.core.context_processors.navigation_menu",
                "cchc.core.context_processors.notifications",
                "cchc.org.context_processors.unit_context",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'cchc.sqlite3'}",
        conn_max_age=0 if not PRODUCTION else 60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Failed-login throttling (django-axes, cchc.core.login_throttle): within 15 minutes, 5 failures lock the
# username at that address, 20 failures from one address (any usernames) lock the address.
AXES_HANDLER = "cchc.core.login_throttle.LoginThrottleHandler"
AXES_FAILURE_LIMIT = int(os.environ.get("CCHC_LOGIN_FAILURE_LIMIT", "5"))
CCHC_LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("CCHC_LOGIN_ADDRESS_FAILURE_LIMIT", "20"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]  # this order: see login_throttle
CCHC_PROXY_COUNT = int(os.environ.get("CCHC_PROXY_COUNT", "0"))  # reverse proxies in front (X-Forwarded-For)
AXES_CLIENT_IP_CALLABLE = "cchc.core.login_throttle.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
#: project words that win over Django's admin/auth catalogues (installed before the cchc apps)
LOCALE_PATHS = [PACKAGE_DIR / "overrides" / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
warnings.filterwarnings("ignore", message="No directory at")

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

EMAIL_BACKEND = os.environ.get("CCHC_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("CCHC_FROM_EMAIL", "cchc@localhost")

SESSION_COOKIE_HTTPONLY = True
# Idle timeout: a session ends CCHC_SESSION_IDLE_MINUTES (default 30) after the last request
# (cchc.core.sessions.IdleTimeoutMiddleware moves the end forward, at most once a minute).
SESSION_COOKIE_AGE = int(os.environ.get("CCHC_SESSION_IDLE_MINUTES", "30")) * 60
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = _flag("CCHC_SSL_REDIRECT", "1")
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("CCHC_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = _flag("CCHC_HSTS_INCLUDE_SUBDOMAINS", "1")
    SECURE_HSTS_PRELOAD = _flag("CCHC_HSTS_PRELOAD", "0")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("CCHC_LOG_LEVEL", "WARNING")},
}
