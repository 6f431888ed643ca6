"""Checking and storing files sent with a Request for Support.

The type is decided from the file's bytes, never its name or the browser's Content-Type:
PDF, JPG and PNG by their signatures (``filetype``); DOCX and ODT are zip containers, told
apart by the zip's ``[Content_Types].xml`` (Office Open XML) or ``mimetype`` entry
(OpenDocument). Files are stored under MEDIA_ROOT with random names, outside the static root.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 5
MAX_NAME = 100
# A DOCX or ODT is a zip: checked from its directory before anything is unpacked (review
# M2: a 1 MB file whose one entry unpacks to 1 GiB took a worker to 2 GB). Real documents
# unpack to a few MB in a few hundred entries.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_ENTRIES = 1000
MAX_RATIO = 200
# Only the start of the entries that tell the kind apart is ever read.
MIMETYPE_READ = len("application/vnd.oasis.opendocument.text") + 2
CONTENT_TYPES_READ = 256 * 1024


class ArchiveTooLarge(Exception):
    """A zip container that would unpack to too much, or has too many entries."""


@dataclass(frozen=True)
class Kind:
    label: str
    extensions: tuple[str, ...]
    content_type: str


PDF = Kind("PDF", ("pdf",), "application/pdf")
DOCX = Kind(
    "DOCX",
    ("docx",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
)
ODT = Kind("ODT", ("odt",), "application/vnd.oasis.opendocument.text")
JPG = Kind("JPG", ("jpg", "jpeg"), "image/jpeg")
PNG = Kind("PNG", ("png",), "image/png")
KINDS = (PDF, DOCX, ODT, JPG, PNG)
ALLOWED = "PDF, DOCX, ODT, JPG or PNG"


def attachment_name_clean(name: str) -> str:
    """A safe display name: no folders, no control or odd characters, at most 100 characters."""
    name = unicodedata.normalize("NFKC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = re.sub(r"[^\w .()-]", "_", name, flags=re.ASCII)
    name = re.sub(r"\s+", " ", name).strip(" .")
    if len(name) > MAX_NAME:
        stem, dot, ext = name.rpartition(".")
        if dot and len(ext) <= 5:
            name = stem[: MAX_NAME - len(ext) - 1] + "." + ext
        else:
            name = name[:MAX_NAME]
    return name or "file"


def _archive_check(archive: zipfile.ZipFile) -> None:
    """Refuse from the zip's directory alone: entry count, unpacked total, packing ratio."""
    entries = archive.infolist()
    if len(entries) > MAX_ENTRIES:
        raise ArchiveTooLarge
    unpacked = sum(entry.file_size for entry in entries)
    packed = sum(entry.compress_size for entry in entries)
    if unpacked > MAX_UNPACKED_BYTES or unpacked > MAX_RATIO * max(packed, 1024):
        raise ArchiveTooLarge


def _read_start(archive: zipfile.ZipFile, name: str, limit: int) -> bytes:
    """At most ``limit`` bytes of one entry: the rest is never unpacked."""
    with archive.open(name) as entry:
        return entry.read(limit)


def _zip_kind(stream: IO[bytes]) -> Kind | None:
    try:
        with zipfile.ZipFile(stream) as archive:
            _archive_check(archive)
            names = set(archive.namelist())
            if "mimetype" in names:
                mimetype = _read_start(archive, "mimetype", MIMETYPE_READ)
                if mimetype.strip() == ODT.content_type.encode():
                    return ODT
                return None
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                types = _read_start(archive, "[Content_Types].xml", CONTENT_TYPES_READ)
                if b"wordprocessingml.document.main+xml" in types:
                    return DOCX
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError, NotImplementedError):
        return None
    return None


def attachment_kind(stream: IO[bytes]) -> Kind | None:
    """The file's kind from its bytes, or None when it is none of the allowed kinds;
    ``ArchiveTooLarge`` for a DOCX or ODT that would unpack to too much."""
    stream.seek(0)
    head = stream.read(8192)
    stream.seek(0)
    guess = filetype.guess(head)
    mime = guess.mime if guess else ""
    if mime == "application/pdf":
        return PDF
    if mime == "image/jpeg":
        return JPG
    if mime == "image/png":
        return PNG
    if mime in {"application/zip", DOCX.content_type, ODT.content_type}:
        kind = _zip_kind(stream)
        stream.seek(0)
        return kind
    return None


def attachment_check(*, name: str, size: int, stream: IO[bytes], already: int) -> Kind:
    """The file's kind, or a ValidationError whose message names the file."""
    shown = attachment_name_clean(name)
    if already >= MAX_FILES:
        raise ValidationError(f"You can attach up to {MAX_FILES} files; remove one to add {shown}")
    if size == 0:
        raise ValidationError(f"The selected file {shown} is empty")
    if size > MAX_BYTES:
        raise ValidationError(f"The selected file {shown} must be smaller than 10MB")
    try:
        kind = attachment_kind(stream)
    except ArchiveTooLarge:
        raise ValidationError(
            f"The selected file {shown} unpacks to more than {MAX_UNPACKED_BYTES // 2**20}MB "
            f"or more than {MAX_ENTRIES} parts: save it as a PDF and attach that"
        ) from None
    if kind is None:
        raise ValidationError(f"The selected file {shown} must be a {ALLOWED}")
    extension = shown.rpartition(".")[2].lower() if "." in shown else ""
    if extension not in kind.extensions:
        # A name that claims another type (a PNG called report.pdf): refused, not renamed.
        raise ValidationError(
            f"The selected file {shown} is not really a {extension.upper() or 'known'} file"
        )
    return kind


def attachment_root() -> Path:
    return Path(settings.MEDIA_ROOT) / "requests"


def attachment_store(stream: IO[bytes]) -> str:
    """Write the file under a random name (written to a temporary name, then moved)."""
    root = attachment_root()
    root.mkdir(parents=True, exist_ok=True)
    stored = secrets.token_hex(16)
    partial = root / f".{stored}.part"
    stream.seek(0)
    with partial.open("wb") as out:
        while chunk := stream.read(1024 * 1024):
            out.write(chunk)
    partial.chmod(0o640)
    partial.replace(root / stored)
    return stored


def attachment_path(stored_name: str) -> Path:
    if not re.fullmatch(r"[0-9a-f]{32}", stored_name):
        raise ValueError("not a stored attachment name")
    return attachment_root() / stored_name


def attachment_delete_file(stored_name: str) -> None:
    try:
        attachment_path(stored_name).unlink(missing_ok=True)
    except ValueError:
        return
