"""The alerts queue: matching and sending run on the durable queue, never in a request.

A send that fails (the mail server is down) is retried with backoff; the message row
says whether it went, so a retry never sends it twice.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from alerts import services
from search.internals import claim_next_due, due_tasks, run_claimed, waiting_tasks
from search.tasks import backoff

logger = logging.getLogger(__name__)

# 2 s, 4 s ... then every 5 minutes (search.tasks.backoff): about 8 hours of retries.
MAX_ATTEMPTS = 100


class SendRetryScheduled(RuntimeError):
    """The mail server failed; a retry is queued."""


@task(backend="alerts", queue_name="alerts")
def send_message_task(message_id: int, attempt: int = 0) -> str:
    try:
        sent = services.send_message(message_id)
    except Exception as error:
        if attempt + 1 >= MAX_ATTEMPTS:
            logger.error("Alert e-mail %s failed for good: %r", message_id, error)
            raise
        logger.warning("Alert e-mail %s failed (attempt %s): %r", message_id, attempt + 1, error)
        send_message_task.using(run_after=timezone.now() + backoff(attempt)).enqueue(
            message_id, attempt + 1
        )
        raise SendRetryScheduled(f"message {message_id}, attempt {attempt + 1}") from error
    return "sent" if sent else "not sent: already sent or unsubscribed"


services.register_sender(send_message_task)


def index_syncs_due() -> bool:
    """Whether index syncs are waiting to run now (a fresh publish not yet searchable)."""
    return due_tasks("search").exists()


@task(backend="alerts", queue_name="alerts")
def match_alerts_task(frequency: str, attempt: int = 0) -> str:
    if frequency == "immediately" and attempt < MAX_ATTEMPTS and index_syncs_due():
        # Match once the index holds the change; syncs take seconds.
        match_alerts_task.using(run_after=timezone.now() + backoff(attempt)).enqueue(
            frequency, attempt + 1
        )
        return "index syncs pending: matching later"
    return f"{services.run_matching(frequency=frequency)} e-mail(s) queued"


@task(backend="alerts", queue_name="alerts")
def reminders_task() -> str:
    return f"{services.run_reminders()} reminder(s) queued"


def immediate_matching_waiting() -> bool:
    """Whether an "immediately" match is already queued (it will see this change too)."""
    return waiting_tasks("alerts", match_alerts_task, first_arg="immediately").exists()


def enqueue_immediate_matching(delay_seconds: int) -> None:
    """After a publish: match the "immediately" subscriptions once the index has it.

    One queued match serves every publish before it runs (an import publishes hundreds).
    """

    def enqueue() -> None:
        if immediate_matching_waiting():
            return
        match_alerts_task.using(
            run_after=timezone.now() + timedelta(seconds=delay_seconds)
        ).enqueue("immediately")

    transaction.on_commit(enqueue)


def drain_alerts(*, until=None) -> int:
    """Run the alert tasks due by `until` (now), in this process; return how many ran."""
    moment = until or timezone.now()
    ran = 0
    while True:
        with transaction.atomic():
            result = claim_next_due("alerts", "drain", until=moment)
            if result is None:
                return ran
        run_claimed(result)
        ran += 1
