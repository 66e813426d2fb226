"""Fixtures of the cross-app tests."""

import logging

import pytest


@pytest.fixture
def quiet_request_log():
    """Thousands of expected 403/404/405 warnings, each with a traceback, cost most of a run."""
    logger = logging.getLogger("django.request")
    level, logger.level = logger.level, logging.CRITICAL
    yield
    logger.level = level
