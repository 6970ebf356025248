"""Reading another Liaison's safety-number QR code from an image (pasted or dropped).

Decision (docs/UI.md, "Verify"): the QR code is worth showing only if another
Liaison can read it. PySide6-Essentials has no QtMultimedia, so no camera; an
officer pastes or drops a picture of the other officer's code instead (a
screenshot of a video call, a photo taken with a phone and copied over). The
decoding is zxing-cpp's (Apache-2.0, the maintained C++ port of ZXing, wheels for
every desktop platform, no dependencies), called through its ``ImageView`` on the
image's 8-bit grey pixels, so no NumPy or Pillow is needed.

The code carries :data:`QR_PREFIX` and the 60 digits: a QR code that is not
Liaison's is told apart from a Liaison code that shows another number.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import zxingcpp
from PySide6.QtGui import QImage

#: What a Liaison safety-number code starts with (version 1: the 60 digits follow).
QR_PREFIX = "liaison-safety-number:1:"


def qr_payload(digits: str) -> str:
    """The text the QR code of ``digits`` (the 60 digits, no spaces) carries."""
    return QR_PREFIX + digits


class ScanVerdict(StrEnum):
    #: The code carries the same 60 digits as this device computes.
    MATCHES = "matches"
    #: A Liaison code with other digits: do not verify.
    DIFFERS = "differs"
    #: A QR code, but not a Liaison safety number.
    FOREIGN = "foreign"
    #: No QR code could be read in the image.
    NONE_FOUND = "none-found"


@dataclass(frozen=True)
class ScanResult:
    verdict: ScanVerdict
    #: The digits the code carries (for DIFFERS), else "".
    digits: str = ""


def scan_image(image: QImage, expected_digits: str) -> ScanResult:
    """Look for Liaison safety-number codes in ``image``; compare with ``expected_digits``.

    Every code in the picture is read (a screenshot may show two); one matching
    code is a match, a Liaison code with other digits is a difference.
    """
    if image.isNull():
        return ScanResult(ScanVerdict.NONE_FOUND)
    grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
    stride = grey.bytesPerLine()
    pixels = bytes(grey.constBits())[:stride * grey.height()]
    view = zxingcpp.ImageView(pixels, grey.width(), grey.height(), zxingcpp.ImageFormat.Lum,
                              stride)
    texts = [found.text for found in zxingcpp.read_barcodes(view)
             if found.format == zxingcpp.BarcodeFormat.QRCode]
    ours = [text[len(QR_PREFIX):] for text in texts if text.startswith(QR_PREFIX)]
    if expected_digits in ours:
        return ScanResult(ScanVerdict.MATCHES, expected_digits)
    if ours:
        return ScanResult(ScanVerdict.DIFFERS, ours[0])
    return ScanResult(ScanVerdict.FOREIGN if texts else ScanVerdict.NONE_FOUND)
