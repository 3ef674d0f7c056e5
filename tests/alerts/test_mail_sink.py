"""Real mail: Django's SMTP backend talking to the aiosmtpd sink on loopback."""

from django.core.mail import EmailMultiAlternatives

from .conftest import html_of, text_of


def test_a_message_sent_through_smtp_arrives_as_an_eml_file_with_both_parts(smtp_sink):
    email = EmailMultiAlternatives(
        subject="ทุนสำหรับ SME", body="ข้อความ ភាសាខ្មែរ မြန်မာ", to=["reader@example.org"]
    )
    email.attach_alternative("<p>ข้อความ ភាសាខ្មែរ မြန်မာ</p>", "text/html")
    assert email.send() == 1

    [message] = smtp_sink.messages()
    assert message["To"] == "reader@example.org"
    assert message["Subject"] == "ทุนสำหรับ SME"
    assert text_of(message).strip() == "ข้อความ ភាសាខ្មែរ မြန်မာ"
    assert "<p>ข้อความ ភាសាខ្មែរ မြန်မာ</p>" in html_of(message)


def test_mail_sink_files_are_written_whole(smtp_sink):
    for number in range(3):
        EmailMultiAlternatives(subject=f"n{number}", body="x", to=["a@example.org"]).send()
    assert [m["Subject"] for m in smtp_sink.messages()] == ["n0", "n1", "n2"]
    assert not list(smtp_sink.directory.glob("*.part"))
