"""Settings for the real worker started by test_worker_integration: files instead of SMTP."""

import os

from config.settings import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["SIECI_TEST_EMAIL_DIR"]
# A queue of the test's own (test_inbound_worker): tasks the worker queues go back to it.
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("SIECI_TEST_QUEUE", CELERY_TASK_DEFAULT_QUEUE)  # noqa: F405
