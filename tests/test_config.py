"""Every mistake a moderator can make gives one line naming the file, the key and the fix."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from listbot import cli
from listbot.config import load, read_password
from listbot.config.edit import RoundTrip
from listbot.errors import ConfigError

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def conf(tmp_path: Path) -> Path:
    """A copy of the shipped config/ and templates/ to break."""
    shutil.copytree(ROOT / "config", tmp_path / "config")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    return tmp_path / "config"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems(conf: Path) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        load(conf / "listbot.yaml")
    return [str(p) for p in caught.value.problems]


def test_shipped_config_loads_with_the_balint_l_values():
    """The shipped files are valid and say what the issue asks for."""
    cfg = load(ROOT / "config" / "listbot.yaml")

    assert ("balint-l@lists.americanbalintsociety.org", "balint-l.lists.americanbalintsociety.org") == (
        cfg.settings.list.address,
        cfg.settings.list.list_id,
    )
    assert "balint-bot@americanbalintsociety.org" == cfg.settings.bot.address
    assert "shadow" == cfg.settings.mode
    assert [
        "membership-benefits",
        "why-join",
        "contribute",
        "leader-support",
        "training-complete",
        "balint-basics",
        "research-for-administrators",
        "present-publish",
        "org-chart",
    ] == [e.id for e in cfg.faq_entries]


# The Society's FAQ page as published, kept in the repository so that every clone checks against it
SEED = ROOT / "tests" / "corpus" / "seed" / "abs-website-faqs.txt"


def test_answers_are_the_seed_text_verbatim():
    """Each FAQ answer and question is the published text (whitespace aside)."""
    seed = SEED.read_text(encoding="utf-8")
    flat_seed = " ".join(seed.split())
    cfg = load(ROOT / "config" / "listbot.yaml")

    for entry in cfg.faq_entries:
        assert " ".join(entry.answer.split()) in flat_seed, entry.id
        assert " ".join(entry.question.split()) in flat_seed, entry.id


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        (
            "listbot.yaml",
            "mode: shadow",
            "mode: loud",
            "listbot.yaml: mode: input should be 'shadow', 'review' or 'live'; got 'loud'",
        ),
        (
            "listbot.yaml",
            "  answer_threshold: 0.32",
            "  answer_treshold: 0.32",
            "listbot.yaml: answers.answer_treshold: unknown key; did you mean 'answer_threshold'?",
        ),
        (
            "listbot.yaml",
            "  review_threshold: 0.22",
            "  review_threshold: 0.9",
            "listbot.yaml: answers: review_threshold (0.9) is above answer_threshold (0.32); make review_threshold",
        ),
        (
            "listbot.yaml",
            "  timezone: America/New_York",
            "  timezone: Eastern",
            "listbot.yaml: list.timezone: 'Eastern' is not an IANA timezone; use a name like America/New_York",
        ),
        (
            "listbot.yaml",
            "  address: balint-bot@americanbalintsociety.org",
            "  address: balint-bot",
            "listbot.yaml: bot.address: 'balint-bot' is not an e-mail address; write it as name@example.org",
        ),
        (
            "listbot.yaml",
            "  security: ssl",
            "  security: tls",
            "listbot.yaml: imap.security: input should be 'ssl', 'starttls' or 'none'; got 'tls'",
        ),
        (
            "listbot.yaml",
            "  port: 993",
            "  port: 99999",
            "listbot.yaml: imap.port: input should be less than or equal to 65535; got 99999",
        ),
        (
            "listbot.yaml",
            "    day_of_week: mon",
            "    day_of_week: monday-ish",
            "listbot.yaml: digest.schedule.day_of_week: 'monday-ish' is not a day-of-week expression",
        ),
        (
            "listbot.yaml",
            "  unsubscribe_url: null",
            "  unsubscribe_url: http://example.org/u",
            "listbot.yaml: digest.unsubscribe_url: must be an https:// URL",
        ),
        (
            "listbot.yaml",
            "  moderators:\n    - balint-moderators@americanbalintsociety.org",
            "  moderators: []",
            "listbot.yaml: bot.moderators: name at least one moderator address",
        ),
        (
            "listbot.yaml",
            "list:\n  # Shown",
            "list:\n  name: [unclosed\n  # Shown",
            "listbot.yaml: line 17: YAML syntax",
        ),
        (
            "faq.yaml",
            "    links: [org_chart]",
            "    links: [orgchart]",
            "faq.yaml: entries[org-chart].links: 'orgchart' is not defined under links:; add it there",
        ),
        (
            "faq.yaml",
            "  book: https://www.americanbalintsociety.org/#footer",
            "  book: see the footer",
            "faq.yaml: links: link 'book': 'see the footer' is not a URL; write https://...",
        ),
        (
            "faq.yaml",
            "  - id: why-join\n",
            "  - id: membership-benefits\n",
            "faq.yaml: entries[membership-benefits].id: is used twice; give each entry its own id",
        ),
        (
            "faq.yaml",
            "  - id: why-join\n",
            "  - id: Why Join\n",
            "faq.yaml: entries[1].id: use lower-case letters, digits and -",
        ),
        (
            "faq.yaml",
            '    examples:\n      - "When is my Balint leader training finished?"',
            '    examples: "When is my Balint leader training finished?"\n    old_examples:',
            "faq.yaml: entries[training-complete].examples: write a list here, one '- ...' line per item; got "
            "'When is my Balint leader training finished?'",
        ),
        (  # a date YAML reads as a date and that is none: PyYAML alone stops with a bare ValueError
            "calls.yaml",
            "calls: []",
            "calls:\n  - id: abs-2027\n    title: ABS 2027 proposals\n    deadline: 2027-15-01",
            "calls.yaml: calls[abs-2027].deadline: input should be a valid date or datetime, month value is "
            "outside expected range of 1-12; got '2027-15-01'",
        ),
        (
            "calls.yaml",
            "calls: []",
            "calls:\n  - id: abs-2027\n    title: ABS 2027 proposals\n    deadline: 2027-02-30",
            "calls.yaml: calls[abs-2027].deadline: input should be a valid date or datetime, day value is "
            "outside expected range; got '2027-02-30'",
        ),
    ],
)
def test_each_mistake_names_file_key_and_fix(conf: Path, file: str, old: str, new: str, expected: str):
    """One problem line per mistake, naming the place and what to do."""
    edit(conf / file, old, new)

    found = problems(conf)

    assert any(expected in line for line in found), found
    assert all(line.startswith("error: ") for line in found)


def test_an_edit_of_a_file_with_a_date_that_is_none_names_the_file(conf: Path):
    """The console's and ``learn promote``'s round-trip editor on such a file: a ConfigError naming it."""
    edit(conf / "faq.yaml", "  - id: why-join\n", "  - id: why-join\n    updated: 2027-15-01\n")

    with pytest.raises(ConfigError, match=r"faq\.yaml: -: a value that is no date .*fix it by hand first"):
        RoundTrip.load(conf / "faq.yaml")


def test_a_missing_required_key_says_it_is_required(conf: Path):
    """Leaving out bot.human_contact names that key."""
    edit(conf / "listbot.yaml", "  human_contact: info@americanbalintsociety.org\n", "")

    assert any("listbot.yaml: bot.human_contact: is required" in p for p in problems(conf))


def test_several_problems_are_all_reported(conf: Path):
    """A moderator sees every problem at once, not one per run."""
    edit(conf / "faq.yaml", "    links: [org_chart]", "    links: [nope]")
    edit(conf / "faq.yaml", "    links: [documents]", "    links: [missing]")

    assert 2 == len(problems(conf))


def test_check_command_exits_2_with_one_line_per_problem(conf: Path, capsys: pytest.CaptureFixture[str]):
    """`listbot check` on a broken FAQ: exit 2, `error: <file>: <key>: <fix>` lines, no traceback."""
    edit(conf / "faq.yaml", "    links: [org_chart]", "    links: [orgchart]")

    code = cli.main(["check", "-c", str(conf / "listbot.yaml")])

    err = capsys.readouterr().err.strip().splitlines()
    assert 2 == code
    assert 1 == len(err)
    assert err[0].startswith("error: ") and "faq.yaml: entries[org-chart].links:" in err[0]


def test_check_finds_a_template_typo(conf: Path, capsys: pytest.CaptureFixture[str]):
    """An undefined name in the answer template fails check, not a send."""
    edit(conf.parent / "templates" / "answer.txt.j2", "{{ faq.answer", "{{ faq.answr")

    code = cli.main(["check", "-c", str(conf / "listbot.yaml")])

    assert 2 == code
    assert "answer.txt.j2" in capsys.readouterr().err


def test_check_passes_on_the_shipped_config(capsys: pytest.CaptureFixture[str]):
    code = cli.main(["check", "-c", str(ROOT / "config" / "listbot.yaml")])

    assert 0 == code
    assert capsys.readouterr().out.startswith("ok: ")


def test_password_comes_from_the_environment_never_the_yaml(conf: Path, monkeypatch: pytest.MonkeyPatch):
    """password_env names a variable; a missing variable is a clear error."""
    cfg = load(conf / "listbot.yaml")
    monkeypatch.delenv("LISTBOT_IMAP_PASSWORD", raising=False)

    with pytest.raises(ConfigError) as caught:
        read_password(cfg.settings.imap, cfg.base)
    monkeypatch.setenv("LISTBOT_IMAP_PASSWORD", "s3cret")

    assert "LISTBOT_IMAP_PASSWORD: is not set" in str(caught.value)
    assert "s3cret" == read_password(cfg.settings.imap, cfg.base)


def test_a_password_key_in_the_yaml_is_refused(conf: Path):
    edit(conf / "listbot.yaml", "  password_env: LISTBOT_IMAP_PASSWORD", "  password: hunter2")

    assert any("imap.password: unknown key" in p for p in problems(conf))


def test_the_config_option_works_before_and_after_the_command(capsys: pytest.CaptureFixture[str]):
    path = str(ROOT / "config" / "listbot.yaml")

    assert 0 == cli.main(["-c", path, "check"])
    assert 0 == cli.main(["check", "-c", path])
    assert 2 == cli.main(["-c", "/nonexistent/listbot.yaml", "check"])
    assert "error: /nonexistent/listbot.yaml: -: file not found" in capsys.readouterr().err


def test_calls_add_names_the_option_that_is_wrong(conf: Path, capsys: pytest.CaptureFixture[str]):
    code = cli.main(
        [
            "calls",
            "add",
            "-c",
            str(conf / "listbot.yaml"),
            "--id",
            "x",
            "--title",
            "T",
            "--deadline",
            "2027-13-01",
        ]
    )

    assert 2 == code
    assert capsys.readouterr().err.startswith(
        "error: listbot calls add: --deadline: input should be a valid date"
    )
