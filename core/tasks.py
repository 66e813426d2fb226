from celery import shared_task


@shared_task
def beat_heartbeat() -> None:
    """Every minute (beat, scheduled queue): note the time, so operators see beat is alive."""
    from core.ops import record_beat_tick

    record_beat_tick()
