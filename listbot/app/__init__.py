"""The application: the core wired to the store and the mail adapters. The command line and the console
call these functions and print or show what they return.

    pipeline      one post: read, decide, record, queue (one transaction per post)
    bot_mail      mail addressed to the bot: commands
    calls         the register written; moderators' call edits (calls_file: calls.yaml kept as written)
    digest_jobs   the digest and reminders, through their ledgers
    subscribers   digest and reminder subscribers
    inspect       check, match, replay
    sources       raw messages from files, an mbox or a Maildir
    scheduler     when digests and reminders go out
    daemon        ``listbot run``: the threads
    demo          ``listbot demo``: the whole bot on embedded servers
"""
