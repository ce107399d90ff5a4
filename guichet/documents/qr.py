"""QR codes for issued documents, as SVG data URIs the PDF template can embed directly."""

import segno


def qr_svg_data_uri(url: str) -> str:
    """A `data:image/svg+xml` URI of a QR code encoding `url`, for `<img src>` in a PDF.

    Error correction level M exactly (no automatic boost, so the symbol is predictable),
    never a Micro QR, and the standard quiet zone of 4 modules drawn in white inside the
    image: the code scans whatever is printed around it. The SVG has a viewBox and no fixed
    size, so the template's CSS decides how large it is printed.
    """
    code = segno.make(url, error="m", micro=False, boost_error=False)
    return code.svg_data_uri(border=4, dark="#000", light="#fff", omitsize=True)
