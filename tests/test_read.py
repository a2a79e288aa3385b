"""listbot.core.read: raw bytes -> Post. Tables of messages and the values expected from them."""

from __future__ import annotations

import hashlib
import random
import time
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from listbot.core.quotes import new_text_of
from listbot.core.read import read_post
from listbot.core.subjects import topic_of
from listbot.model import Post
from tests.factories import message

CORPUS = Path(__file__).parent / "corpus"
LIST = "balint-l@lists.americanbalintsociety.org"
LIST_ID = "balint-l.lists.americanbalintsociety.org"


mail = message


QUESTION = "How do I become a member of the society?"
OLD = "What are the benefits of membership?"

# ----------------------------------------------------------------------------- new_text: quote styles

NEW_TEXT_CASES = [
    ("plain", f"Hi all,\n\n{QUESTION}\n", f"Hi all,\n\n{QUESTION}"),
    ("gt quote below", f"{QUESTION}\n\n> {OLD}\n> more\n", QUESTION),
    (
        "on wrote one line",
        f"{QUESTION}\n\nOn Mon, Mar 1, 2027 at 9:00 AM Bob <bob@x.org> wrote:\n> {OLD}\n",
        QUESTION,
    ),
    (
        "on wrote wrapped",
        f"{QUESTION}\n\nOn Mon, Mar 1, 2027 at 9:00 AM Bob Smith <bob@x.org>\nwrote:\n\n{OLD}\n",
        QUESTION,
    ),
    ("on wrote unquoted body", f"{QUESTION}\n\nOn 1 Mar 2027, at 09:00, Bob wrote:\n\n{OLD}\n", QUESTION),
    ("german schrieb", f"{QUESTION}\n\nAm 01.03.2027 um 09:00 schrieb Bob <bob@x.org>:\n> {OLD}\n", QUESTION),
    (
        "french a écrit",
        f"{QUESTION}\n\nLe lun. 1 mars 2027 à 09:00, Bob <bob@x.org> a écrit :\n{OLD}\n",
        QUESTION,
    ),
    (
        "spanish escribió",
        f"{QUESTION}\n\nEl lun, 1 mar 2027 a las 9:00, Bob (<bob@x.org>) escribió:\n{OLD}\n",
        QUESTION,
    ),
    ("swedish skrev", f"{QUESTION}\n\nDen 1 mars 2027 kl. 09:00 skrev Bob <bob@x.org>:\n{OLD}\n", QUESTION),
    ("dutch schreef", f"{QUESTION}\n\nOp 1 mrt. 2027 om 09:00 schreef Bob <bob@x.org>:\n{OLD}\n", QUESTION),
    (
        "italian ha scritto",
        f"{QUESTION}\n\nIl giorno lun 1 mar 2027 Bob <bob@x.org> ha scritto:\n{OLD}\n",
        QUESTION,
    ),
    (
        "portuguese escreveu",
        f"{QUESTION}\n\nEm seg., 1 de mar. de 2027 Bob <bob@x.org> escreveu:\n{OLD}\n",
        QUESTION,
    ),
    ("polish napisał", f"{QUESTION}\n\nW dniu 1.03.2027 o 09:00, Bob pisze napisał(a):\n{OLD}\n", QUESTION),
    (
        "outlook english",
        f"{QUESTION}\n\n________________________________\nFrom: Bob Smith <bob@x.org>\n"
        "Sent: Monday, March 1, 2027"
        f"\nTo: {LIST}\nSubject: Re: membership\n\n{OLD}\n",
        QUESTION,
    ),
    (
        "outlook bold stars",
        f"{QUESTION}\n\n*From:* Bob Smith <bob@x.org>\n*Sent:* Monday\n*To:* list\n*Subject:* x\n\n{OLD}\n",
        QUESTION,
    ),
    (
        "outlook german",
        f"{QUESTION}\n\nVon: Bob\nGesendet: Montag\nAn: Liste\nBetreff: Frage\n\n{OLD}\n",
        QUESTION,
    ),
    (
        "outlook french",
        f"{QUESTION}\n\nDe : Bob\nEnvoyé : lundi\nÀ : liste\nObjet : question\n\n{OLD}\n",
        QUESTION,
    ),
    (
        "outlook spanish",
        f"{QUESTION}\n\nDe: Bob\nEnviado: lunes\nPara: lista\nAsunto: pregunta\n\n{OLD}\n",
        QUESTION,
    ),
    (
        "outlook dutch",
        f"{QUESTION}\n\nVan: Bob\nVerzonden: maandag\nAan: lijst\nOnderwerp: vraag\n\n{OLD}\n",
        QUESTION,
    ),
    (
        "outlook swedish",
        f"{QUESTION}\n\nFrån: Bob\nSkickat: måndag\nTill: listan\nÄmne: fråga\n\n{OLD}\n",
        QUESTION,
    ),
    ("original message", f"{QUESTION}\n\n-----Original Message-----\nFrom: Bob\n{OLD}\n", QUESTION),
    ("forwarded message", f"FYI\n\n---------- Forwarded message ---------\nFrom: Bob\n\n{OLD}\n", "FYI"),
    ("forward only", f"---------- Forwarded message ---------\nFrom: Bob <b@x.org>\n\n{OLD}\n", ""),
    ("iphone", f"{QUESTION}\n\nSent from my iPhone\n", QUESTION),
    ("outlook mobile", f"{QUESTION}\n\nGet Outlook for iOS<https://aka.ms/o0ukef>\n", QUESTION),
    ("mail for windows", f"{QUESTION}\n\nSent from Mail for Windows\n", QUESTION),
    ("dash dash signature", f"{QUESTION}\n\n-- \nJane Doe\nClinic\n", QUESTION),
    ("sign-off block", f"{QUESTION}\n\nBest,\nJane Doe, MD\nAssociate Professor\n(555) 123-4567\n", QUESTION),
    ("sign-off with name", f"{QUESTION}\n\nThanks, Jane\n", QUESTION),
    ("warm regards", f"{QUESTION}\n\nWarm regards,\n\nJane\n", QUESTION),
    (
        "thanks mid-message keeps the question",
        f"Thanks,\nfor the welcome last week. {QUESTION}\nAnd one more thing: is there a fee?\n",
        f"Thanks,\nfor the welcome last week. {QUESTION}\nAnd one more thing: is there a fee?",
    ),
    (
        "best line then a question is not a signature",
        f"Hello\n\nBest,\nJane\nP.S. {QUESTION}\n",
        f"Hello\n\nBest,\nJane\nP.S. {QUESTION}",
    ),
    (
        "listserv footer",
        f"{QUESTION}\n\n{'#' * 72}\n\nTo unsubscribe from the BALINT-L list, click:\nhttp://x\n",
        QUESTION,
    ),
    (
        "listserv footer bare",
        f"{QUESTION}\n\nTo unsubscribe from the BALINT-L list, click the following link:\n",
        QUESTION,
    ),
    (
        "mailman 2 footer",
        f"{QUESTION}\n\n_______________________________________________\nBalint-L mailing list\n{LIST}\n",
        QUESTION,
    ),
    (
        "mailman 3 footer",
        f"{QUESTION}\n\n-- \nBalint-L mailing list -- {LIST}\nTo unsubscribe send\n",
        QUESTION,
    ),
    (
        "confidentiality notice",
        f"{QUESTION}\n\nCONFIDENTIALITY NOTICE: This message is for the named person only.\n",
        QUESTION,
    ),
    (
        "this e-mail and any attachments",
        f"{QUESTION}\n\nThis e-mail and any attachments are confidential and\n"
        "intended only for the addressee.\n",
        QUESTION,
    ),
    ("external banner at the top", f"[EXTERNAL]\n\n{QUESTION}\n", QUESTION),
    (
        "interleaved answers keep the new lines",
        f"On Mon, Bob <bob@x.org> wrote:\n> Is the meeting in May?\nYes, May 5.\n> {OLD}\n{QUESTION}\n",
        f"Yes, May 5.\n{QUESTION}",
    ),
    ("only quoted", f"> {OLD}\n> more\n", ""),
    ("listserv writes", f"Bob Smith <bob@x.org> writes:\n\n> {OLD}\n\n+1 from me\n", "+1 from me"),
    (
        "'wrote:' in prose is not an attribution",
        f"On Monday the committee wrote:\nplease send ideas.\n{QUESTION}\n",
        f"On Monday the committee wrote:\nplease send ideas.\n{QUESTION}",
    ),
    (
        "date and to lines in a call are not a reply header",
        f"Call for proposals\nDate: May 5, 2027\nTo: all members\n{QUESTION}\n",
        f"Call for proposals\nDate: May 5, 2027\nTo: all members\n{QUESTION}",
    ),
    (
        "quoted question then own",
        f"> {OLD}\n\nGood question, I wonder too.\n",
        "Good question, I wonder too.",
    ),
    ("surrounding whitespace", f"  {QUESTION}   \n\n\n\n", QUESTION),
    ("greeting kept", f"Dear colleagues,\n{QUESTION}\n", f"Dear colleagues,\n{QUESTION}"),
]


@pytest.mark.parametrize(("name", "body", "expected"), NEW_TEXT_CASES, ids=[c[0] for c in NEW_TEXT_CASES])
def test_new_text(name: str, body: str, expected: str) -> None:
    """Only the author's new words survive, whatever the quoting style."""
    post = read_post(mail(body))

    assert expected == post.new_text
    assert post.body_text.replace("\r\n", "\n").startswith(body.split("\n")[0])


def test_body_text_keeps_quotes_and_forwards() -> None:
    """body_text is the whole text, so the call extractor can read forwarded calls."""
    body = (
        "FYI\n\n---------- Forwarded message ---------\nFrom: Bob\n\n"
        f"Call for proposals, due May 1.\n> {OLD}\n"
    )

    post = read_post(mail(body))

    assert "FYI" == post.new_text
    assert "Call for proposals, due May 1." in post.body_text
    assert f"> {OLD}" in post.body_text


@pytest.mark.parametrize("encoding", ["8bit", "quoted-printable", "base64"])
def test_text_reads_the_same_whether_lines_end_in_crlf_or_lf(encoding: str) -> None:
    """IMAP and LMTP deliver CRLF; a file or an mbox often has LF. The text is the same either way, so a
    rule anchored at a line's end (a forward's "---------- Forwarded message ---------") reads both."""
    import base64
    import quopri

    text = "FYI\r\n\r\n---------- Forwarded message ---------\r\nFrom: Bob\r\n\r\nCall for proposals, due May 1.\r\n"
    data = {
        "8bit": text.encode(),
        "quoted-printable": quopri.encodestring(text.encode()),
        "base64": base64.encodebytes(text.encode()),
    }[encoding]
    crlf = message(data, Content_Transfer_Encoding=encoding)  # the factory ends every line in CRLF
    lf = crlf.replace(b"\r\n", b"\n")

    delivered, filed = read_post(crlf), read_post(lf)

    assert "\r" not in delivered.body_text + delivered.new_text
    assert (filed.body_text, filed.new_text) == (delivered.body_text, delivered.new_text)
    assert delivered.body_text.splitlines()[2] == "---------- Forwarded message ---------"


def test_new_text_of_matches_read_post() -> None:
    """new_text_of is the same rule set, usable on text alone."""
    assert QUESTION == new_text_of(f"{QUESTION}\n\nOn Mon, Bob <b@x.org> wrote:\n> {OLD}")


# ----------------------------------------------------------------------------- charsets and HTML

CHARSET_CASES = [
    (
        "unknown label, utf-8 bytes",
        "text/plain; charset=x-unknown",
        "Café résumé?".encode(),
        "Café résumé?",
        "unknown",
    ),
    (
        "unknown label, cp1252 bytes",
        "text/plain; charset=foo",
        b"Caf\xe9 \x93quoted\x94",
        "Café “quoted”",
        "unknown",
    ),
    (
        "latin-1 with cp1252 quotes",
        "text/plain; charset=iso-8859-1",
        b"It\x92s \x93ok\x94",
        "It’s “ok”",
        "cp1252",
    ),
    ("latin-1 proper", "text/plain; charset=iso-8859-1", b"Caf\xe9", "Café", None),
    ("undeclared utf-8", "text/plain", "Zoë asks: naïve?".encode(), "Zoë asks: naïve?", "undeclared"),
    ("us-ascii label, utf-8 bytes", "text/plain; charset=us-ascii", "Zoë".encode(), "Zoë", "UTF-8"),
    ("undeclared cp1252", "text/plain", b"Caf\xe9 \x96 ok", "Café – ok", "cp1252"),
    ("bad utf-8", "text/plain; charset=utf-8", b"Caf\xe9 ok", "Café ok", "invalid UTF-8"),
    ("quoted charset label", 'text/plain; charset="UTF-8"', "Zoë".encode(), "Zoë", None),
    ("windows-1252 label", "text/plain; charset=windows-1252", b"\x93hi\x94", "“hi”", None),
    ("koi8-r label", "text/plain; charset=koi8-r", "Привет".encode("koi8-r"), "Привет", None),
]


@pytest.mark.parametrize(
    ("name", "ctype", "body", "text", "defect"), CHARSET_CASES, ids=[c[0] for c in CHARSET_CASES]
)
def test_charsets(name: str, ctype: str, body: bytes, text: str, defect: str | None) -> None:
    """Wrong, unknown and missing charset labels still give the right text, and say so."""
    post = read_post(mail(body, Content_Type=ctype))

    assert text == post.new_text
    if defect is None:
        assert not [d for d in post.defects if "charset" in d or "UTF-8" in d or "cp1252" in d]
    else:
        assert any(defect in d for d in post.defects), post.defects


def test_base64_and_quoted_printable() -> None:
    """Transfer encodings are undone before charsets are applied."""
    qp = mail(
        b"Caf=E9 =93ok=94?\n",
        Content_Type="text/plain; charset=iso-8859-1",
        Content_Transfer_Encoding="quoted-printable",
    )
    b64 = mail(b"Q2Fmw6k/\n", Content_Type="text/plain; charset=utf-8", Content_Transfer_Encoding="base64")

    assert "Café “ok”?" == read_post(qp).new_text
    assert "Café?" == read_post(b64).new_text


HTML_CASES = [
    ("simple", "<p>Hello,</p><p>" + QUESTION + "</p>", "Hello,", OLD),
    (
        "blockquote",
        f"<div>{QUESTION}</div><div>On Mon, Bob wrote:</div><blockquote type='cite'>{OLD}</blockquote>",
        QUESTION,
        OLD,
    ),
    (
        "gmail quote",
        f"<div dir='ltr'>{QUESTION}</div><br><div class='gmail_quote'><div dir='ltr' class='gmail_attr'>"
        f"On Mon, Mar 1, 2027 at 9:00 AM Bob &lt;bob@x.org&gt; wrote:<br></div>"
        f"<blockquote class='gmail_quote'>{OLD}</blockquote></div>",
        QUESTION,
        OLD,
    ),
    (
        "outlook divRplyFwdMsg",
        f"<div>{QUESTION}</div><hr style='display:inline-block'><div id='divRplyFwdMsg' dir='ltr'>"
        f"<b>From:</b> Bob &lt;bob@x.org&gt;<br><b>Sent:</b> Monday<br><b>To:</b> list<br>"
        f"<b>Subject:</b> Re: x</div><div>{OLD}</div>",
        QUESTION,
        OLD,
    ),
    (
        "outlook desktop border block",
        f"<p class=MsoNormal>{QUESTION}</p><div style='border:none;border-top:solid #E1E1E1 1.0pt'>"
        f"<p class=MsoNormal><b>From:</b> Bob &lt;bob@x.org&gt;<br><b>Sent:</b> Monday<br>"
        f"<b>To:</b> list<br><b>Subject:</b> x</p></div><p class=MsoNormal>{OLD}</p>",
        QUESTION,
        OLD,
    ),
    ("hidden preheader is not text", f"<style>p{{color:red}}</style><p>{QUESTION}</p>", QUESTION, "color"),
    ("entities", "<p>Caf&eacute; &amp; tea?</p>", "Café & tea?", "&amp;"),
    ("broken html", f"<div><p>{QUESTION}<b>unclosed", QUESTION, "<b>"),
]


@pytest.mark.parametrize(("name", "html", "present", "absent"), HTML_CASES, ids=[c[0] for c in HTML_CASES])
def test_html_only(name: str, html: str, present: str, absent: str) -> None:
    """HTML-only mail becomes text; quoted elements are not the author's new text but stay in body_text."""
    post = read_post(mail(html, Content_Type="text/html; charset=utf-8"))

    assert present in post.new_text
    assert absent not in post.new_text
    if name in {"blockquote", "gmail quote", "outlook divRplyFwdMsg"}:
        assert absent in post.body_text


def test_alternative_prefers_plain_and_falls_back_to_html_when_plain_is_empty() -> None:
    """multipart/alternative: the plain part wins unless it is empty."""

    def alternative(plain: str) -> bytes:
        return mail(
            f"--b\nContent-Type: text/plain; charset=utf-8\n\n{plain}\n"
            f"--b\nContent-Type: text/html; charset=utf-8\n\n<p>html {QUESTION}</p>\n--b--\n",
            Content_Type='multipart/alternative; boundary="b"',
            MIME_Version="1.0",
        )

    assert f"plain {QUESTION}" == read_post(alternative(f"plain {QUESTION}")).new_text
    assert f"html {QUESTION}" == read_post(alternative("  ")).new_text.strip()


# ----------------------------------------------------------------------------- odd multiparts

MULTIPART_CASES = [
    (
        "text only as an attachment",
        'multipart/mixed; boundary="b"',
        f"--b\nContent-Type: text/plain; charset=utf-8\nContent-Disposition: attachment; filename=q.txt\n\n"
        f"{QUESTION}\n--b--\n",
        QUESTION,
        "walking",
    ),
    (
        "multipart without boundary",
        "multipart/mixed",
        f"--xyz\nContent-Type: text/plain; charset=utf-8\n\n{QUESTION}\n--xyz--\n",
        QUESTION,
        "boundary",
    ),
    (
        "multipart without boundary or parts",
        "multipart/mixed",
        f"{QUESTION}\n",
        QUESTION,
        "boundary",
    ),
    (
        "digest",
        'multipart/digest; boundary="d"',
        "--d\n\nFrom: a@x.org\nSubject: one\n\nFirst post?\n"
        f"--d\n\nFrom: b@x.org\nSubject: two\n\n{QUESTION}\n--d--\n",
        f"First post?\n\n{QUESTION}",
        "walking",
    ),
    (
        "mixed with a pdf and a plain body",
        'multipart/mixed; boundary="b"',
        f"--b\nContent-Type: text/plain; charset=utf-8\n\n{QUESTION}\n--b\nContent-Type: application/pdf\n"
        f"Content-Transfer-Encoding: base64\n\nJVBERi0=\n--b--\n",
        QUESTION,
        None,
    ),
    (
        "no text at all",
        'multipart/mixed; boundary="b"',
        "--b\nContent-Type: image/png\nContent-Transfer-Encoding: base64\n\niVBORw0=\n--b--\n",
        "",
        "no text part",
    ),
    (
        "missing closing boundary",
        'multipart/mixed; boundary="b"',
        f"--b\nContent-Type: text/plain\n\n{QUESTION}\n",
        QUESTION,
        None,
    ),
]


@pytest.mark.parametrize(
    ("name", "ctype", "body", "expected", "defect"), MULTIPART_CASES, ids=[c[0] for c in MULTIPART_CASES]
)
def test_odd_multiparts(name: str, ctype: str, body: str, expected: str, defect: str | None) -> None:
    """When get_body() finds nothing, the parts are walked by hand."""
    post = read_post(mail(body, Content_Type=ctype, MIME_Version="1.0"))

    assert expected == post.new_text
    if defect:
        assert any(defect in d for d in post.defects), post.defects


# ----------------------------------------------------------------------------- headers

RAW = mail(QUESTION)
HEADER_CASES = [
    (
        "message id bare",
        {"Message-ID": "<abc.123@Mail.Example.org>"},
        "message_id",
        "abc.123@Mail.Example.org",
    ),
    ("message id without brackets", {"Message-ID": "abc@x.org"}, "message_id", "abc@x.org"),
    (
        "no message id",
        {"Message-ID": "-"},
        "message_id",
        "sha256:" + hashlib.sha256(mail(QUESTION, Message_ID="-")).hexdigest(),
    ),
    ("in-reply-to", {"In-Reply-To": "<p1@x.org> (Bob's message)"}, "in_reply_to", "p1@x.org"),
    ("no in-reply-to", {}, "in_reply_to", None),
    ("references", {"References": "<a@x>\r\n <b@y> <c@z>"}, "references", ("a@x", "b@y", "c@z")),
    ("list id", {"List-Id": f"Balint-L discussion <{LIST_ID.upper()}>"}, "list_id", LIST_ID),
    ("list id bare", {"List-Id": LIST_ID}, "list_id", LIST_ID),
    ("no list id", {}, "list_id", None),
    (
        "date",
        {"Date": "Mon, 1 Mar 2027 09:30:00 -0500"},
        "date",
        datetime(2027, 3, 1, 9, 30, tzinfo=timezone(timedelta(hours=-5))),
    ),
    (
        "date naive",
        {"Date": "Mon, 1 Mar 2027 09:30:00 -0000"},
        "date",
        datetime(2027, 3, 1, 9, 30, tzinfo=UTC),
    ),
    ("no date", {"Date": "-"}, "date", None),
    ("bad date", {"Date": "sometime last week"}, "date", None),
    ("subject encoded", {"Subject": "=?utf-8?q?Caf=C3=A9_question?="}, "subject", "Café question"),
    ("subject 8-bit utf-8", {"Subject": "Zoë’s question"}, "subject", "Zoë’s question"),
    ("no subject", {"Subject": "-"}, "subject", ""),
    ("no from", {"From": "-"}, "author", ""),
    (
        "from lower-cased",
        {"From": "Jane <Jane.Doe@Clinic.Example.ORG>"},
        "author",
        "jane.doe@clinic.example.org",
    ),
    ("from name", {"From": '"Doe, Jane" <jane@x.org>'}, "author_name", "Doe, Jane"),
    ("encoded from name", {"From": "=?iso-8859-1?q?J=E9r=F4me?= <j@x.org>"}, "author_name", "Jérôme"),
    ("return-path", {"Return-Path": "<Bounce@X.org>"}, "envelope_sender", "bounce@x.org"),
    ("null return-path", {"Return-Path": "<>"}, "envelope_sender", ""),
    ("no return-path", {}, "envelope_sender", None),
    (
        "content type",
        {"Content-Type": 'multipart/report; report-type=delivery-status; boundary="r"'},
        "content_type",
        "multipart/report",
    ),
    (
        "headers kept",
        {"Precedence": "list", "X-Loop": "a@b.org", "Auto-Submitted": "no"},
        "headers",
        (
            ("auto-submitted", "no"),
            ("precedence", "list"),
            ("x-loop", "a@b.org"),
            ("to", f"Balint-L <{LIST}>"),
        ),
    ),
]


@pytest.mark.parametrize(
    ("name", "headers", "field", "expected"), HEADER_CASES, ids=[c[0] for c in HEADER_CASES]
)
def test_headers(name: str, headers: dict[str, str], field: str, expected: object) -> None:
    """Ids, dates, subjects and addresses come out bare, decoded and aware."""
    post = read_post(mail(QUESTION, **{k.replace("-", "_"): v for k, v in headers.items()}))

    assert expected == getattr(post, field)


def test_every_x_loop_is_kept_and_to_cc_present() -> None:
    """The guard needs every X-Loop, and To/Cc to see whether the bot was addressed directly."""
    raw = mail(QUESTION, Cc="bot@x.org").replace(
        b"\r\n\r\n", b"\r\nX-Loop: one@x.org\r\nX-Loop: two@x.org\r\n\r\n", 1
    )

    post = read_post(raw)

    assert ("one@x.org", "two@x.org") == post.header("x-loop")
    assert ("bot@x.org",) == post.header("cc")


TOPIC_CASES = [
    ("[BALINT-L] Re: Membership", "Membership"),
    ("Re: [Balint-L] RE: Fwd: FW: Membership", "Membership"),
    ("AW: WG: SV: TR: Antw: Membership", "Membership"),
    ("Re[2]: Membership", "Membership"),
    ("Membership [Balint-L]", "Membership"),
    ("RE:RE:re: Membership", "Membership"),
    ("Call for Proposals: ABS 2027", "Call for Proposals: ABS 2027"),
    ("Regarding the meeting", "Regarding the meeting"),
    ("", ""),
]


@pytest.mark.parametrize(("subject", "topic"), TOPIC_CASES)
def test_topic(subject: str, topic: str) -> None:
    """List tags anywhere and repeated reply/forward prefixes in several languages go."""
    assert topic == topic_of(subject)


# ----------------------------------------------------------------------------- list rewriting

AUTHOR_CASES = [
    (
        "mailman dmarc, reply-to",
        {"From": f"Jane Doe via Balint-L <{LIST}>", "Reply_To": "Jane Doe <Jane@Clinic.org>"},
        "jane@clinic.org",
        "Jane Doe",
    ),
    (
        "mailman dmarc, reply-to is the list, cc has the author",
        {"From": f"Jane Doe via Balint-L <{LIST}>", "Reply_To": LIST, "Cc": "Jane Doe <jane@clinic.org>"},
        "jane@clinic.org",
        "Jane Doe",
    ),
    (
        "mailman dmarc, x-original-from",
        {"From": f'"Jane Doe via Balint-L" <{LIST}>', "X_Original_From": "Jane Doe <jane@clinic.org>"},
        "jane@clinic.org",
        "Jane Doe",
    ),
    (
        "mailman dmarc, nothing to recover",
        {"From": f"Jane Doe via Balint-L <{LIST}>"},
        LIST,
        "Jane Doe",
    ),
    (
        "listserv dmarc, reply-to",
        {
            "From": "Jane Doe <BALINT-L-dmarc-request@LISTS.AMERICANBALINTSOCIETY.ORG>",
            "Reply_To": "Jane Doe <jane@clinic.org>",
        },
        "jane@clinic.org",
        "Jane Doe",
    ),
    (
        "listserv dmarc, x-original-from",
        {
            "From": "Jane Doe <BALINT-L-dmarc-request@LISTS.X.ORG>",
            "Reply_To": "BALINT-L@LISTS.X.ORG",
            "X_Original_From": "Jane Doe <jane@clinic.org>",
        },
        "jane@clinic.org",
        "Jane Doe",
    ),
    ("not rewritten", {"Reply_To": "Office <office@clinic.org>"}, "jane@clinic.example.org", "Jane Doe"),
]


@pytest.mark.parametrize(
    ("name", "headers", "author", "author_name"), AUTHOR_CASES, ids=[c[0] for c in AUTHOR_CASES]
)
def test_real_author(name: str, headers: dict[str, str], author: str, author_name: str) -> None:
    """The author behind Mailman and LISTSERV DMARC rewriting; from_addr keeps what arrived."""
    post = read_post(mail(QUESTION, **headers))

    assert (author, author_name) == (post.author, post.author_name)
    assert post.from_addr == post.from_addr.lower()
    assert "@" in post.from_addr


# ----------------------------------------------------------------------------- never raises


def test_huge_message_is_capped() -> None:
    """A 30 MB body is cut at max_bytes and the text at 200k characters, with defects."""
    raw = mail(("Question about dues? " * 4 + "\n") * 360_000)

    post = read_post(raw)

    assert len(raw) == post.size
    assert len(post.body_text) <= 200_000
    assert any("bytes of a" in d for d in post.defects)
    assert any("characters of text were read" in d for d in post.defects)


def _mangled() -> list[bytes]:
    rng = random.Random(7)
    base = mail(f"{QUESTION}\n\nOn Mon, Bob wrote:\n> {OLD}\n", Content_Type="text/plain; charset=utf-8")
    cases = [
        b"",
        b"\r\n",
        b"\x00" * 100,
        b"From: \r\n\r\n",
        b"Content-Type: multipart/mixed; boundary=\r\n\r\n--",
    ]
    cases += [base[:n] for n in range(0, len(base), 37)]
    cases += [bytes(rng.randrange(256) for _ in range(rng.randrange(1, 3000))) for _ in range(40)]
    for _ in range(40):
        data = bytearray(base)
        for _ in range(10):
            data[rng.randrange(len(data))] = rng.randrange(256)
        cases.append(bytes(data))
    cases += [
        b'From: <<<@@@>>>\r\nTo: ,,,;;;\r\nCc: "unterminated\r\n'
        b"Message-ID: <>\r\nDate: 99 Foo 99999\r\n\r\nx",
        b'Subject: =?utf-8?b?!!!invalid?=\r\nContent-Type: text/plain; charset="\r\n\r\nx',
        b"Content-Type: text/html\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!notbase64",
        b"Content-Type: message/rfc822\r\n\r\nSubject: inner\r\n\r\nbody",
        b"Content-Type: multipart/alternative; boundary=x\r\n\r\n"
        b"--x\r\nContent-Type: text/html\r\n\r\n<<<<>>>>\r\n",
        b"From: a@b.c\r\n" + b"X-Long: " + b"a" * 200_000 + b"\r\n\r\nbody",
    ]
    return cases


@pytest.mark.parametrize("raw", _mangled())
def test_mangled_bytes_never_raise(raw: bytes) -> None:
    """Truncated, random and hostile bytes degrade to a Post."""
    post = read_post(raw)

    assert isinstance(post, Post)
    assert post.message_id


CORPUS_FILES = sorted(p for p in CORPUS.glob("**/*.eml") if "holdout" not in p.parts)


@pytest.mark.skipif(not CORPUS_FILES, reason="no corpus files yet")
def test_corpus_never_raises() -> None:
    """Every dev corpus file (never the held-out set) reads to a Post with an id and a text."""
    for path in CORPUS_FILES:
        post = read_post(path.read_bytes())

        assert isinstance(post, Post), path
        assert post.message_id, path


HOSTILE_TEXTS = [
    "a\n" * 100_000,
    "From: a\n" * 25_000,
    "On x\n" * 40_000,
    "On 1 Mar 2027 wrote:\n> x\ny\n" * 8_000,
    "Best,\n" * 30_000,
    ("_" * 30 + "\n\n") * 6_000,
]


@pytest.mark.parametrize("text", HOSTILE_TEXTS, ids=["lines", "from", "on", "interleave", "signoff", "rule"])
def test_new_text_rules_stay_linear(text: str) -> None:
    """200k characters of repeated rule triggers finish quickly (no quadratic scans)."""
    started = time.perf_counter()

    new_text_of(text[:200_000])

    assert time.perf_counter() - started < 5
