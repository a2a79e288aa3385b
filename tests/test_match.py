"""The request gate and the matcher, as tables of sentences and expected values."""

from __future__ import annotations

from pathlib import Path

import pytest

from listbot.config import load
from listbot.core.match import Matcher, is_request, sentences

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(load(ROOT / "config" / "listbot.yaml").faq_entries)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Where can I find the Balint Basics materials?", True),
        ("Does anyone know where the curriculum lives on the site", True),
        ("I'd appreciate a pointer to the Balint Basics curriculum.", True),
        ("I am looking for the organizational chart.", True),
        ("I can't seem to find the documents tab anywhere.", True),
        ("Any suggestions for articles I could give my program director.", True),
        ("Please let me know where the committee list is.", True),
        ("How do I get more involved with the society", True),
        ("What a wonderful meeting!", False),
        ("How wonderful to see everyone in Chicago.", False),
        ("What I found most helpful was the fishbowl format.", False),
        ("Any residents interested in the essay contest should email Dr. Rivera by May 1.", False),
        ("Thanks so much for the Balint Basics link.", False),
        ("Please register for the national meeting by March 1.", False),
        ("Let me know if you have any questions.", False),
        ("Yes.", False),
        # words in quotation marks are someone else's, said or suggested
        (
            'I\'d raise it outside the group: "I noticed the group went quiet -- what did you make of it?"',
            False,
        ),
        ("My chair asked me, \u201cwhere is the evidence that this works?\u201d", False),
        ('Where is the "Balint Basics" collection on the website?', True),
        ('Has anyone seen the "members only" tab? I cannot find it.', True),
    ],
)
def test_request_gate(sentence: str, expected: bool):
    assert expected == is_request(sentence)


def test_sentences_join_wrapped_lines_and_split_on_punctuation():
    text = "Hi all,\n\nI lead a group in Ohio and\nwonder about this. Where is the chart?\n- first item\n- second"

    assert [
        "Hi all,",
        "I lead a group in Ohio and wonder about this.",
        "Where is the chart?",
        "first item",
        "second",
    ] == sentences(text)


@pytest.mark.parametrize(
    ("text", "faq"),
    [
        ("Where would I find the Balint Basics stuff on the website?", "balint-basics"),
        ("Is there an organizational chart that shows which committees want new members?", "org-chart"),
        ("When am I done with training?", "training-complete"),
        ("How can I present my Balint research nationally?", "present-publish"),
    ],
)
def test_clear_questions_find_their_faq(matcher: Matcher, text: str, faq: str):
    match = matcher.match(text)

    assert match.best is not None and faq == match.best.faq


def test_a_terse_question_borrows_the_sentence_before_it(matcher: Matcher):
    """ "Any articles I could send her?" alone says little; the sentence before names the administrator."""
    text = "Our chair wants evidence before funding the intensive training. Any articles I could send her?"

    match = matcher.match(text)

    assert match.best is not None and "research-for-administrators" == match.best.faq
    assert "Any articles I could send her?" == match.best.sentence


def test_no_question_means_no_match_however_many_faq_words(matcher: Matcher):
    text = "The Balint Basics curriculum and the organizational chart of committees were discussed. Great meeting!"

    match = matcher.match(text)

    assert match.best is None
    assert "no question or request in the author's new text" == match.explain()


def test_explanation_names_sentence_faq_runner_up_and_words(matcher: Matcher):
    match = matcher.match("Where would I find the Balint Basics stuff on the website?")

    text = match.explain()

    assert text.startswith("balint-basics ")
    assert "runner-up" in text and '"balint basics"' in text


def test_a_runaway_post_is_matched_within_bounds_and_says_what_was_left(matcher: Matcher):
    many = " ".join(f"Where is thing number {i}?" for i in range(100))
    match = matcher.match(many, "")
    assert len(match.questions) == 40
    assert match.limits == ("only the first 40 questions were scored",)

    long = "Where can I find the Balint Basics materials? " + "word " * 10_000
    match = matcher.match(long, "")
    assert match.best is not None and match.best.faq
    assert match.limits == ("only the first 20000 characters of the new text were matched",)
    assert matcher.match("Where can I find the Balint Basics materials?", "").limits == ()
