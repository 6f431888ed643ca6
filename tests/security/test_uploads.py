"""Uploads cannot exhaust the server (security review M2, M3, L7): office files are checked
from the zip's directory before anything unpacks, bodies are capped and file parts dropped
where no file is taken, and the five-file limit holds under concurrent uploads."""

from __future__ import annotations

import io
import threading
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.db import connection

from requests.attachments import MAX_FILES
from requests.models import Attachment
from tests.requests.factories import DraftFactory

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
MiB = 1024 * 1024


def _bomb(entry: str, size: int, others: dict[str, bytes] | None = None) -> bytes:
    """A small zip whose ``entry`` unpacks to ``size`` bytes of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open(entry, "w", force_zip64=True) as out:
            block = b"\0" * MiB
            for _ in range(size // MiB):
                out.write(block)
        for name, data in (others or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _upload(client, draft, name, data):
    return client.post(
        f"/requests-for-support/{draft.pk}/attachments/",
        {"file": SimpleUploadedFile(name, data, content_type="application/pdf")},
        follow=True,
    )


@pytest.mark.parametrize(
    ("name", "entry", "others"),
    [
        ("bomb.odt", "mimetype", None),
        ("bomb.docx", "[Content_Types].xml", {"word/document.xml": b"<w:document/>"}),
    ],
)
def test_review_m2_a_zip_bomb_is_refused_without_unpacking(client, people, name, entry, others):
    """Review M2: a small .odt/.docx whose one entry unpacks to far more than the upload
    limit. It is refused by name, and the check never holds the unpacked entry in memory
    (it took a worker to 2 GB)."""
    data = _bomb(entry, 200 * MiB, others)
    assert len(data) < 1 * MiB
    draft = DraftFactory(created_by=people.alice)
    client.force_login(people.alice)
    tracemalloc.start()
    try:
        page = _upload(client, draft, name, data).content.decode()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert f"The selected file {name} unpacks to more than 100MB" in page
    assert peak < 40 * MiB, f"peak {peak / MiB:.0f} MiB"
    assert not Attachment.objects.exists()


def test_a_zip_with_too_many_entries_is_refused(client, people):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", b"application/vnd.oasis.opendocument.text")
        for n in range(1200):
            archive.writestr(f"part{n}.xml", b"<x/>")
    draft = DraftFactory(created_by=people.alice)
    client.force_login(people.alice)
    page = _upload(client, draft, "many.odt", buffer.getvalue()).content.decode()
    assert "more than 1000 parts" in page


@pytest.fixture
def written_to_disk(monkeypatch):
    """Bytes Django writes to temporary upload files, across every request of the test."""
    written = [0]
    original = TemporaryFileUploadHandler.receive_data_chunk

    def counting(self, raw_data, start):
        written[0] += len(raw_data)
        return original(self, raw_data, start)

    monkeypatch.setattr(TemporaryFileUploadHandler, "receive_data_chunk", counting)
    return written


def test_review_m3_a_file_posted_to_sign_in_is_never_written(client, people, written_to_disk):
    """Review M3 step 1: a file part posted with the sign-in form went to temporary disk."""
    client.get("/accounts/sign-in/")
    response = client.post(
        "/accounts/sign-in/",
        {
            "username": "nobody@example.org",
            "password": "wrong",
            "file": SimpleUploadedFile("big.bin", b"x" * (5 * MiB)),
        },
    )
    assert response.status_code == 200
    assert written_to_disk[0] == 0


def test_review_m3_a_body_over_the_limit_is_refused_before_it_is_read(client, people):
    response = client.post(
        "/accounts/sign-in/",
        {"username": "a@example.org", "file": SimpleUploadedFile("big.bin", b"x" * (13 * MiB))},
    )
    assert response.status_code == 413
    assert "too large" in response.content.decode()


def test_an_upload_over_10mb_is_kept_only_to_the_limit_and_refused_by_name(
    client, people, written_to_disk, settings
):
    """A chunked body has no length to refuse it by: the file is kept to 10 MB + 1 byte, the
    rest streams past, and the page says why."""
    settings.MAX_REQUEST_BYTES = 64 * MiB  # as if the length were not known
    draft = DraftFactory(created_by=people.alice)
    client.force_login(people.alice)
    page = _upload(client, draft, "huge.pdf", PDF + b"0" * (20 * MiB)).content.decode()
    assert "The selected file huge.pdf must be smaller than 10MB" in page
    assert written_to_disk[0] <= 10 * MiB + 1
    assert not Attachment.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_review_l7_the_five_file_limit_holds_under_concurrent_uploads(people):
    """Review L7: 12 concurrent uploads on an empty draft left 7 attachments."""
    from requests import services

    draft = DraftFactory(created_by=people.alice)
    barrier = threading.Barrier(12)
    outcomes: list[str] = []

    def upload(n: int) -> None:
        try:
            barrier.wait()
            services.attachment_add(
                contact=draft,
                user=people.alice,
                name=f"r{n}.pdf",
                size=len(PDF),
                stream=io.BytesIO(PDF),
            )
            outcomes.append("added")
        except Exception as error:  # noqa: BLE001 - the refusal is what is counted
            outcomes.append(type(error).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=upload, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Attachment.objects.filter(contact=draft).count() == MAX_FILES
    assert outcomes.count("added") == MAX_FILES
    assert set(outcomes) == {"added", "ValidationError"}
