"""The mail adapters: bytes <-> values, deciding nothing.

imap      the IMAP IDLE watcher: new messages of the list's mailbox into the inbox
smtp_in   the LMTP/SMTP listener: deliveries into the inbox
outbox    the sender: due outbox rows to the SMTP relay (or the shadow Maildir)
net       TLS contexts and the retry backoff they share
"""
