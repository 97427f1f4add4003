"""Writers of bad inputs, and extractors that misbehave on purpose.

Every writer takes the path to create and returns it. The misbehaving
extractors are registered in pool workers by "module:function" name
(`ExtractPool(extra_extractors=...)`), so they live in an importable module.
"""

from __future__ import annotations

import io
import os
import time
import zipfile
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from enablement_desktop.extract.base import Extracted, Limits, Section
from resources.docgen import write_docx, write_pdf, write_text

SECRET = "TOP-SECRET-FROM-LOCAL-FILE"


def empty_file(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def truncated_pdf(path: Path) -> Path:
    """A valid PDF cut after its first bytes: header and a little content, no xref, no trailer."""
    write_pdf(path, [f"# Page {n}\nSome text on page {n}." for n in range(1, 6)])
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def encrypted_pdf(path: Path, user_password: str = "secret") -> Path:
    """Opens only with a password."""
    return _encrypt(path, user_password=user_password, owner_password="owner")


def owner_password_pdf(path: Path) -> Path:
    """Opens without a password (empty user password); only permissions are restricted."""
    return _encrypt(path, user_password="", owner_password="owner")


def _encrypt(path: Path, *, user_password: str, owner_password: str) -> Path:
    plain = io.BytesIO()
    write_pdf(path, ["# Protected\nThe protected phrase is marmalade."], title="Protected deck")
    writer = PdfWriter(clone_from=PdfReader(path))
    # RC4-128, the default: AES would need the `cryptography` package.
    writer.encrypt(user_password=user_password, owner_password=owner_password)
    writer.write(plain)
    path.write_bytes(plain.getvalue())
    return path


def self_referencing_pdf(path: Path) -> Path:
    """A page tree whose only kid is itself (QtPdf hangs on this one)."""
    path.write_bytes(
        _pdf(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>",
            ]
        )
    )
    return path


def image_only_pdf(path: Path) -> Path:
    """A 'scan': two pages with an image and no text layer."""
    from PIL import Image  # reportlab's own dependency

    canvas = Canvas(str(path), pagesize=LETTER)
    image = ImageReader(Image.new("L", (200, 100), 180))
    for _ in range(2):
        canvas.drawImage(image, 72, 400, width=400, height=200)
        canvas.showPage()
    canvas.save()
    return path


def many_pages_pdf(path: Path, pages: int = 10_000) -> Path:
    """A hand-written PDF whose page N says "Catalogue page N" (fast at any size)."""
    font, first_page = 3, 4
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids ["
        + b" ".join(b"%d 0 R" % (first_page + 2 * i) for i in range(pages))
        + b"] /Count %d >>" % pages,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for i in range(pages):
        content = b"BT /F1 12 Tf 72 720 Td (Catalogue page %d) Tj ET" % (i + 1)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>"
            % (font, first_page + 2 * i + 1)
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
    path.write_bytes(_pdf(objects))
    return path


def _pdf(objects: list[bytes]) -> bytes:
    """Serialise objects 1..N with a correct xref table; object 1 is the catalog."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def zip_bomb_docx(path: Path, inflated_mb: int = 16) -> Path:
    """A real .docx plus one member of zeros that inflates about 1,000×."""
    write_docx(path, [{"heading": "Bomb", "paragraphs": ["Looks harmless."]}])
    chunk = bytes(2**20)
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open("word/media/filler.bin", "w", force_zip64=True) as member:
            for _ in range(inflated_mb):
                member.write(chunk)
    return path


def xxe_docx(path: Path, secret_file: Path) -> Path:
    """A .docx whose body pulls a local file in through an external XML entity."""
    secret_file.write_text(SECRET)
    write_docx(path, [{"heading": "Terms", "paragraphs": ["XXE_HERE"]}])
    with zipfile.ZipFile(path) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    xml = members["word/document.xml"].decode("utf-8")
    declaration_end = xml.index("?>") + 2
    doctype = f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{secret_file.as_uri()}">]>'
    xml = (
        xml[:declaration_end]
        + doctype
        + xml[declaration_end:].replace("XXE_HERE", "before &xxe; after")
    )
    members["word/document.xml"] = xml.encode("utf-8")
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def incomplete_xlsx(path: Path) -> Path:
    """A sound zip that lacks the workbook parts: the library itself must fail."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    return path


def not_a_zip_pptx(path: Path) -> Path:
    path.write_bytes(b"This is not a presentation.\n" * 20)
    return path


def ole2_docx(path: Path) -> Path:
    """How a password-protected Word file looks: an OLE2 compound file, not a zip."""
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    return path


CP1252_TEXT = (
    "Café crème pricing: 12 € per seat — “premium” support included.\n\n"
    "Les équipes commerciales préfèrent la présentation détaillée.\n"
) * 5


def cp1252_text(path: Path) -> Path:
    return write_text(path, CP1252_TEXT, encoding="cp1252")


def nul_text(path: Path) -> Path:
    path.write_bytes(b"Battle\x00card\x00 for\x00 the\x00 renewal call.\n\x00\x00")
    return path


# Misbehaving extractors, registered in pool workers by tests.


def hang(path: Path, limits: Limits) -> Extracted:
    # Long enough for any test timeout, short enough that a pool that fails
    # to kill it fails the test (with this error) instead of hanging the suite.
    time.sleep(20)
    raise AssertionError("the pool should have stopped this job")


def crash(path: Path, limits: Limits) -> Extracted:
    os.abort()


def exit_worker(path: Path, limits: Limits) -> Extracted:
    os._exit(3)


def out_of_memory(path: Path, limits: Limits) -> Extracted:
    raise MemoryError


def report_memory_limit(path: Path, limits: Limits) -> Extracted:
    """The worker's address-space limit, so a test can see the cap was applied."""
    import resource  # POSIX only; imported here so the other helpers work everywhere
    soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    return Extracted(sections=[Section(page=1, label="limit", text=str(soft))], page_count=1)


def library_bug(path: Path, limits: Limits) -> Extracted:
    """A reader library tripping over its own feet on a file it does not expect."""
    return None.text  # type: ignore[attr-defined]
