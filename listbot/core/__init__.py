"""The pure core: decisions as functions of their inputs, ``now`` included. No IO, no clock, no store.

    subjects      reply/forward prefixes, topics
    mime, quotes  headers and body text; the author's new words
    read          raw bytes -> Post (never raises)
    guard         may the bot speak, as far as headers go
    match         the author's questions against the FAQ
    decide        answer / review / ignore, with every reason
    mailcommands  commands mailed to the bot
    dates         the date grammar
    calls/        is a post a call for submissions; its deadline and fields
    register      merging calls into the register
    digest        what the digest and reminders hold; the schedule's arithmetic
    calendar_ics  the .ics of deadlines

A test (tests/test_layers.py) holds the rule: the core imports only listbot.model, listbot.config,
listbot.errors and itself.
"""
