"""Thai PDFs from Typst: Sarabun embedded, user text printed as written, never as markup."""

import io

from PIL import Image

from concenter.common.pdf import pdf_page_count, pdf_text, qr_svg, render_pdf, render_png_pages

TEMPLATE = """#let data = json(bytes(sys.inputs.data))
#set text(font: "Sarabun", lang: "th", size: 16pt)
#set page(width: 12cm, height: 8cm)
#data.name
#image(bytes(data.qr), format: "svg", width: 2cm)
"""


def test_thai_text_comes_back_out_of_the_pdf():
    pdf = render_pdf(TEMPLATE, {"name": "นายสมชาย ใจดี กาญจนบุรี", "qr": qr_svg("ticket")})
    assert pdf.startswith(b"%PDF-")
    assert pdf_page_count(pdf) == 1
    text = "".join(pdf_text(pdf).split())
    assert "นายสมชายใจดีกาญจนบุรี" in text
    assert b"Sarabun" in pdf  # the font is embedded


def test_user_text_is_never_read_as_typst_markup():
    name = '#panic("x") *bold* $x$ [link] <label> @ref'
    text = "".join(pdf_text(render_pdf(TEMPLATE, {"name": name, "qr": qr_svg("t")})).split())
    assert "".join(name.split()) in text


def test_a_page_renders_to_png():
    pages = render_png_pages(TEMPLATE, {"name": "ผู้ใหญ่บ้าน", "qr": qr_svg("t")}, ppi=72)
    image = Image.open(io.BytesIO(pages[0]))
    assert image.size == (round(12 / 2.54 * 72), round(8 / 2.54 * 72))
    assert image.convert("L").getextrema()[0] < 100  # something dark was drawn
