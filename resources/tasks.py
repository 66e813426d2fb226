"""Celery tasks of the bank, thin wrappers over one read each."""

from celery import shared_task

from resources.bank_search import bank_warm_current, bank_warm_popular


@shared_task(acks_late=True)
def warm_popular_searches(generation: str) -> int:
    """After a change to the bank: count its popular searches again (none if a newer change
    started another generation; that change's own run counts them)."""
    return bank_warm_popular(generation)


@shared_task(acks_late=True)
def refresh_popular_searches() -> int:
    """Every half hour (beat): count the popular searches again before their entries expire."""
    return bank_warm_current(replace=True)
