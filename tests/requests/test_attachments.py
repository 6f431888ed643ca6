"""Attachments: the type from the bytes, the size and count limits, safe names, audited downloads."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from referral_portal.audit.models import AuditAction, AuditEvent
from requests.attachments import attachment_name_clean
from tests.requests.factories import DraftFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = _zip(
    {
        "[Content_Types].xml": b'<Types><Override ContentType="application/vnd.openxmlformats-'
        b'officedocument.wordprocessingml.document.main+xml"/></Types>',
        "word/document.xml": b"<w:document/>",
    }
)
ODT = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})


@pytest.fixture
def draft(people):
    return DraftFactory(created_by=people.alice)


def _upload(client, draft, name, data):
    return client.post(
        f"/requests-for-support/{draft.pk}/attachments/",
        {"file": SimpleUploadedFile(name, data, content_type="application/pdf")},
        follow=True,
    )


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("report.pdf", PDF, "application/pdf"),
        ("photo.png", PNG, "image/png"),
        ("photo.JPG", JPG, "image/jpeg"),
        (
            "notes.docx",
            DOCX,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("notes.odt", ODT, "application/vnd.oasis.opendocument.text"),
    ],
)
def test_allowed_types_are_accepted_from_their_bytes(alice_client, draft, name, data, content_type):
    response = _upload(alice_client, draft, name, data)
    assert f"{name} uploaded" in response.content.decode()
    attachment = draft.attachments.get()
    assert attachment.content_type == content_type and attachment.stored_name != name


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("report.pdf", b"just some text, not a PDF", "report.pdf must be a PDF, DOCX, ODT"),
        ("report.pdf", PNG, "report.pdf is not really a PDF file"),
        ("script.exe", b"MZ\x90\x00" + b"\x00" * 64, "script.exe must be a PDF"),
        ("archive.docx", _zip({"a.txt": b"x"}), "archive.docx must be a PDF"),
        ("empty.pdf", b"", "The selected file empty.pdf is empty"),
        ("big.pdf", PDF + b"0" * (10 * 1024 * 1024), "big.pdf must be smaller than 10MB"),
    ],
)
def test_wrong_files_are_refused_with_a_message_naming_them(
    alice_client, draft, name, data, message
):
    response = _upload(alice_client, draft, name, data)
    page = response.content.decode()
    assert "There is a problem" in page and message in page
    assert not draft.attachments.exists()


def test_at_most_five_files(alice_client, draft):
    for n in range(5):
        _upload(alice_client, draft, f"f{n}.pdf", PDF)
    page = _upload(alice_client, draft, "sixth.pdf", PDF).content.decode()
    assert draft.attachments.count() == 5
    assert "Upload file" not in page  # no more uploads offered


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\me\\report.pdf", "report.pdf"),
        ("<script>alert(1)</script>.pdf", "script_.pdf"),  # "/" ends a folder name
        ("   ", "file"),
        ("a" * 300 + ".pdf", "a" * 96 + ".pdf"),
    ],
)
def test_names_are_sanitised(raw, clean):
    assert attachment_name_clean(raw) == clean


def test_downloads_are_attachments_for_allowed_people_and_audited(client, people, draft):
    client.force_login(people.alice)
    _upload(client, draft, "report.pdf", PDF)
    attachment = draft.attachments.get()
    url = f"/requests-for-support/{draft.pk}/attachments/{attachment.pk}/download/"
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="report.pdf"')
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF
    assert AuditEvent.objects.filter(action=AuditAction.DOWNLOAD, actor=people.alice).exists()
    for persona in ("bob", "olga", "otto"):  # a draft is its author's alone
        client.force_login(getattr(people, persona))
        assert client.get(url).status_code == 404


def test_removing_an_attachment_deletes_the_file(
    alice_client, draft, settings, django_capture_on_commit_callbacks
):
    _upload(alice_client, draft, "report.pdf", PDF)
    attachment = draft.attachments.get()
    stored = settings.MEDIA_ROOT / "requests" / attachment.stored_name
    assert stored.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = alice_client.post(
            f"/requests-for-support/{draft.pk}/attachments/{attachment.pk}/remove/", follow=True
        )
    assert "report.pdf removed" in response.content.decode()
    assert not draft.attachments.exists() and not stored.exists()
