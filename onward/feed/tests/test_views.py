"""The administrators' page of the feed's messages: deny by default, reasons shown, replay."""

import pytest

from onward.accounts.constants import Role
from onward.accounts.system import NOMIS_FEED
from onward.accounts.tests.factories import user_for
from onward.audit.models import AuditEvent
from onward.cases.models import Case
from onward.feed import fake_hmpps, services
from onward.feed.constants import FeedSource, MessageStatus
from onward.feed.tests.conftest import TODAY, at
from onward.feed.tests.factories import document

pytestmark = pytest.mark.django_db


def stored(raw):
    message, _created = services.message_receive(
        actor=NOMIS_FEED, raw=raw, source=FeedSource.FILE, source_detail="day.jsonl:7"
    )
    return message


def unknown_prison_message():
    event = fake_hmpps.received("A1234BC", prison="ZZI", occurred_at=at(TODAY))
    message = stored(fake_hmpps.json.dumps(event).encode())
    return services.message_handle(actor=NOMIS_FEED, message=message, fetch_document=lambda number: None)


@pytest.mark.parametrize(
    "role_and_org",
    [(Role.PRISON_WORK_COACH, "NWI"), (Role.PARTNERSHIP_MANAGER, "DWPEAN"), (Role.PARTNERSHIP_BOARD, "national")],
)
def test_only_administrators_see_the_feeds_messages(client, role_and_org):
    message = stored(b"not json")
    client.force_login(user_for(*role_and_org))
    assert client.get("/feed/").status_code == 403
    assert client.get(f"/feed/{message.pk}/").status_code == 403
    assert client.post(f"/feed/{message.pk}/replay/").status_code == 403


def test_signed_out_people_are_sent_to_sign_in(client):
    assert client.get("/feed/").status_code == 302


def test_an_administrator_sees_each_message_needing_a_person_with_its_reason(client):
    stored(b"not json")
    unknown_prison_message()
    client.force_login(user_for(Role.ADMINISTRATOR, "national"))
    response = client.get("/feed/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Onward does not know prison ZZI" in page and "Not JSON" in page
    assert "Needs a person (2)" in page
    response = client.get("/feed/", {"status": "malformed"})
    assert [m.detail for m in response.context["page"].object_list] == ["Not JSON"]


def test_the_feeds_pages_name_the_people_they_showed_in_their_audit_rows(client):
    message = unknown_prison_message()
    client.force_login(user_for(Role.ADMINISTRATOR, "national"))
    client.get("/feed/")
    listed = AuditEvent.objects.get(action="feed.messages.list")
    assert list(listed.people.values_list("prison_number", flat=True)) == ["A1234BC"]
    client.get(f"/feed/{message.pk}/")
    assert AuditEvent.objects.get(action="feed.message.read").prison_number == "A1234BC"


def test_a_message_page_shows_what_arrived_with_nul_bytes_escaped(client):
    message = stored(b'{"a": "b\x00c"')
    client.force_login(user_for(Role.ADMINISTRATOR, "national"))
    page = client.get(f"/feed/{message.pk}/").content.decode()
    assert "\\x00" in page and "\x00" not in page
    assert "day.jsonl:7" in page
    assert client.get("/feed/999999/").status_code == 404


def test_replaying_a_skipped_message_handles_it_again_once_its_cause_is_put_right(client, fake):
    message = unknown_prison_message()
    fake.put(document("A1234BC", prison="NWI"))
    # The event is corrected at source: here, the prison it names now exists in Onward.
    message.event["additionalInformation"]["prisonId"] = "NWI"
    message.save(update_fields=["event"])
    client.force_login(user_for(Role.ADMINISTRATOR, "national"))
    response = client.post(f"/feed/{message.pk}/replay/", follow=True)
    assert response.status_code == 200
    message.refresh_from_db()
    assert message.status == MessageStatus.HANDLED
    assert "Replayed: Handled" in response.content.decode()
    assert Case.objects.filter(person__prison_number="A1234BC").exists()


def test_a_message_that_cannot_be_replayed_is_left_alone(client):
    message = stored(b"not json")
    client.force_login(user_for(Role.ADMINISTRATOR, "national"))
    assert client.post(f"/feed/{message.pk}/replay/").status_code == 302
    message.refresh_from_db()
    assert message.status == MessageStatus.MALFORMED
    assert client.get(f"/feed/{message.pk}/replay/").status_code == 405
