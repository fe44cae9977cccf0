"""The queue worker against a real SQS-compatible server on localhost (moto's server mode)."""

import json
import time

import boto3
import pytest
from django.core.management import call_command
from moto.server import ThreadedMotoServer

from onward.audit.models import AuditEvent
from onward.cases.models import Case
from onward.feed import consumer, fake_hmpps
from onward.feed.constants import MessageStatus
from onward.feed.models import FeedMessage
from onward.feed.tests.conftest import TODAY, _Output, at
from onward.feed.tests.factories import document

pytestmark = pytest.mark.django_db

CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing", "region_name": "eu-west-2"}


@pytest.fixture(scope="module")
def sqs_endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def sqs(sqs_endpoint):
    return boto3.client("sqs", endpoint_url=sqs_endpoint, **CREDENTIALS)


@pytest.fixture
def queue(sqs):
    name = f"onward-{time.monotonic_ns()}"
    url = sqs.create_queue(QueueName=name, Attributes={"VisibilityTimeout": "1"})["QueueUrl"]
    yield url
    sqs.delete_queue(QueueUrl=url)


def publish(sqs, queue, event, message_id=None):
    """As the HMPPS domain events topic delivers to a subscribed queue: the SNS notification is the body."""
    sqs.send_message(QueueUrl=queue, MessageBody=json.dumps(fake_hmpps.sns_notification(event, message_id=message_id)))


def left_in(sqs, queue):
    attributes = sqs.get_queue_attributes(
        QueueUrl=queue, AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]
    )["Attributes"]
    return int(attributes["ApproximateNumberOfMessages"]) + int(attributes["ApproximateNumberOfMessagesNotVisible"])


def test_the_worker_hands_each_message_to_the_handler_then_deletes_it(fake, search, sqs, queue):
    for n in range(3):
        fake.put(document(f"A{n:04d}BC"))
        publish(sqs, queue, fake_hmpps.received(f"A{n:04d}BC", prison="NWI", occurred_at=at(TODAY)))
    sqs.send_message(QueueUrl=queue, MessageBody="this is not an event")
    report = consumer.queue_consume(sqs=sqs, queue_url=queue, search=search, wait_seconds=1, receives=2)
    assert Case.objects.count() == 3
    assert report.counts[MessageStatus.HANDLED] == 3 and report.counts[MessageStatus.MALFORMED] == 1
    assert left_in(sqs, queue) == 0


def test_a_crash_between_handling_and_deleting_changes_nothing_twice_on_redelivery(
    fake, search, sqs, sqs_endpoint, queue
):
    fake.put(document("A1234BC"))
    publish(sqs, queue, fake_hmpps.received("A1234BC", prison="NWI", occurred_at=at(TODAY)))
    dying = boto3.client("sqs", endpoint_url=sqs_endpoint, **CREDENTIALS)

    def die(**kwargs):
        raise SystemExit("the worker died before it could delete")

    dying.meta.events.register("before-call.sqs.DeleteMessageBatch", die)
    with pytest.raises(SystemExit):
        consumer.queue_consume(sqs=dying, queue_url=queue, search=search, wait_seconds=1, receives=1)
    assert Case.objects.count() == 1
    time.sleep(1.2)  # the visibility timeout runs out: SQS delivers the message again
    report = consumer.queue_consume(sqs=sqs, queue_url=queue, search=search, wait_seconds=2, receives=1)
    assert (report.received, report.duplicates) == (1, 1)
    assert Case.objects.count() == 1
    assert AuditEvent.objects.filter(action="case.create").count() == 1
    assert FeedMessage.objects.get().duplicates == 1
    assert left_in(sqs, queue) == 0


def test_an_outage_keeps_the_message_in_the_inbox_and_the_worker_tries_again_when_due(
    fake, search, sqs, queue, settings
):
    settings.FEED_RETRY_BASE_SECONDS = 0
    fake.put(document("A1234BC"))
    fake.outage = True
    publish(sqs, queue, fake_hmpps.received("A1234BC", prison="NWI", occurred_at=at(TODAY)))
    consumer.queue_consume(sqs=sqs, queue_url=queue, search=search, wait_seconds=1, receives=1)
    assert FeedMessage.objects.get().status == MessageStatus.RETRY
    assert left_in(sqs, queue) == 0
    fake.outage = False
    consumer.queue_consume(sqs=sqs, queue_url=queue, search=search, wait_seconds=0, receives=1)
    assert FeedMessage.objects.get().status == MessageStatus.HANDLED
    assert Case.objects.count() == 1


def test_the_consume_events_command_reads_the_queue_named_in_settings(
    fake, sqs, sqs_endpoint, queue, settings, monkeypatch
):
    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name.upper().replace("REGION_NAME", "AWS_DEFAULT_REGION"), value)
    settings.FEED_QUEUE_URL = queue
    settings.FEED_SQS_ENDPOINT_URL = sqs_endpoint
    fake.put(document("A1234BC"))
    publish(sqs, queue, fake_hmpps.received("A1234BC", prison="NWI", occurred_at=at(TODAY)))
    out = _Output()
    call_command("consume_events", "--once", "--wait", "1", stdout=out)
    assert "1 received" in out.getvalue() and "1 handled" in out.getvalue()
    assert Case.objects.filter(person__prison_number="A1234BC").exists()
