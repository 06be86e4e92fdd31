"""Small, valid files for the demo: a one-page PDF and an MP3 of silence, made in code."""

import unicodedata

# MPEG-1 Layer III, 32 kbit/s, 44.1 kHz, mono, no CRC: a 104-byte frame whose all-zero side
# information and main data decode as 1,152 samples of silence.
MP3_SILENT_FRAME = b"\xff\xfb\x10\xc0" + bytes(100)
MP3_FRAME_SECONDS = 1152 / 44100


def silent_mp3(seconds: int) -> bytes:
    """An MP3 file of `seconds` seconds of silence."""
    return MP3_SILENT_FRAME * round(seconds / MP3_FRAME_SECONDS)


def _pdf_text(text: str) -> str:
    """Text as a PDF string literal body: plain ASCII, with PDF's special characters escaped."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return ascii_text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def simple_pdf(title: str, lines: list[str]) -> bytes:
    """A one-page PDF with a title and a few lines of Helvetica text."""
    text = [f"BT /F1 16 Tf 72 720 Td ({_pdf_text(title)}) Tj ET"]
    for number, line in enumerate(lines):
        text.append(f"BT /F1 11 Tf 72 {690 - 18 * number} Td ({_pdf_text(line)}) Tj ET")
    stream = "\n".join(text).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    output = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(output))
        output += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(output)
    output += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    output += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    output += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(output)
