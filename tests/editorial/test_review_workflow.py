"""Review workflows: editors submit, their country's approvers (or the Secretariat) decide."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from wagtail.models import WorkflowState

from market_info.models import FtaIndexPage
from servicecentre.services import country_hub


@pytest.fixture
def people(site, make_user):
    return {
        "editor": make_user("niran", "Thailand editors"),
        "approver": make_user("malee", "Thailand approvers"),
        "other_approver": make_user("farid", "Malaysia approvers"),
        "secretariat": make_user("sec", "ASEAN Secretariat"),
    }


@pytest.fixture
def submit(edit_form_data):
    def submit(client, page, user, **changes):
        """Post the edit form with "Submit to review", as the editor's browser would."""
        client.force_login(user)
        data = edit_form_data(client, page)
        data.update(changes)
        data["action-submit"] = "1"
        response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
        assert response.status_code == 302
        page.refresh_from_db()
        return page.current_workflow_state

    return submit


def _act(client, page, user, action, **data):
    client.force_login(user)
    task_state = page.current_workflow_task_state
    return client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk]), data
    )


def _dashboard(user) -> str:
    """The admin home page as a fresh session of `user` sees it (no leftover messages)."""
    browser = Client()
    browser.force_login(user)
    return browser.get(reverse("wagtailadmin_home")).content.decode()


def test_each_country_hub_has_its_own_review_workflow(site):
    workflow = country_hub("TH").get_workflow()
    assert workflow.name == "Thailand review"
    groups = {group.name for group in workflow.tasks.get().specific.groups.all()}
    assert groups == {"Thailand approvers", "ASEAN Secretariat"}


def test_trade_agreements_are_approved_by_the_secretariat(site):
    workflow = FtaIndexPage.objects.get().get_workflow()
    assert workflow.name == "Trade agreements review"
    assert [g.name for g in workflow.tasks.get().specific.groups.all()] == ["ASEAN Secretariat"]


def test_submit_then_approve_makes_the_change_live(people, make_scheme, client, submit):
    page = make_scheme("TH", slug="thai-loan")
    mail.outbox.clear()

    state = submit(client, page, people["editor"], title_en="Revised Thai loan")

    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert page.title_en != "Revised Thai loan"  # not live yet
    submitted_to = {address for message in mail.outbox for address in message.to}
    assert people["approver"].email in submitted_to
    assert people["other_approver"].email not in submitted_to
    assert people["editor"].email not in submitted_to

    mail.outbox.clear()
    response = _act(client, page, people["approver"], "approve")

    assert response.status_code == 302
    page.refresh_from_db()
    assert page.title_en == "Revised Thai loan"
    assert not page.has_unpublished_changes
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert [message.to for message in mail.outbox] == [[people["editor"].email]]
    assert "approved" in mail.outbox[0].subject.lower()


def test_submit_then_reject_with_a_comment_notifies_the_editor(people, make_scheme, client, submit):
    page = make_scheme("TH", slug="thai-loan")
    submit(client, page, people["editor"], title_en="Unsourced claim")
    mail.outbox.clear()

    _act(client, page, people["approver"], "reject", comment="Please cite the 2025 rate sheet.")

    page.refresh_from_db()
    assert page.title_en != "Unsourced claim"
    assert page.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert [message.to for message in mail.outbox] == [[people["editor"].email]]
    assert "Please cite the 2025 rate sheet." in mail.outbox[0].body
    assert "rejected" in mail.outbox[0].subject.lower()


def test_another_countrys_approver_cannot_approve(people, make_scheme, client, submit):
    page = make_scheme("TH", slug="thai-loan")
    submit(client, page, people["editor"], title_en="Revised")

    _act(client, page, people["other_approver"], "approve")

    page.refresh_from_db()
    assert page.title_en != "Revised"
    assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS


def test_the_secretariat_sees_and_decides_every_countrys_queue(people, make_scheme, client, submit):
    page = make_scheme("TH", slug="thai-loan")
    submit(client, page, people["editor"], title_en="Revised by the agency")

    dashboard = _dashboard(people["secretariat"])
    assert "Awaiting your review" in dashboard
    assert "Revised by the agency" in dashboard.split("Awaiting your review", 1)[1]

    _act(client, page, people["secretariat"], "approve")
    page.refresh_from_db()
    assert page.title_en == "Revised by the agency"


def test_a_malaysian_approvers_dashboard_does_not_list_thai_submissions(
    people, make_scheme, client, submit
):
    page = make_scheme("TH", slug="thai-loan")
    submit(client, page, people["editor"], title_en="Revised by the agency")

    dashboard = _dashboard(people["other_approver"])

    assert "Revised by the agency" not in dashboard
    assert "Revised by the agency" in _dashboard(people["approver"])


def test_page_history_shows_who_submitted_and_who_approved(people, make_scheme, client, submit):
    page = make_scheme("TH", slug="thai-loan")
    submit(client, page, people["editor"], title_en="Revised")
    _act(client, page, people["approver"], "approve", comment="Checked against the source.")
    client.force_login(people["secretariat"])

    history = client.get(reverse("wagtailadmin_pages:history", args=[page.pk])).content.decode()

    assert "niran" in history
    assert "malee" in history
    assert "Checked against the source." in history
